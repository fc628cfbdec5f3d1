using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Core.Search;

namespace TeamsDecisions.Cards.Builders;

/// <summary>A search hit with the link to its decision page (SharePoint, or the app's own page), when there is one yet.</summary>
public sealed record FoundDecision(SearchHit Hit, Uri? Page);

/// <summary>
/// Finding decisions: the answer to "why …" / "search …", the no-results and what-to-search cards, and the compact
/// decision card that the message extension inserts and link unfurling shows. User text (titles, the best line, the
/// words searched) is in text runs, as typed; the matched words are bold runs, never markdown.
/// </summary>
public static class SearchCards
{
    /// <summary>Results shown: the card stays readable, and Teams' host config allows 6 card-level actions, so each result has its own action set.</summary>
    public const int Shown = 5;

    /// <summary>Columns a title is cut to (CJK counts two).</summary>
    public const int TitleColumns = 90;

    /// <summary>Columns the best line and the compact card's rationale are cut to: one or two lines, in any script.</summary>
    public const int LineColumns = 240;

    /// <summary>The words searched are echoed up to this many columns, so a pasted essay cannot fill the card.</summary>
    public const int WordsColumns = 60;

    /// <summary>The best matches for <paramref name="words"/>, best first (at most <see cref="Shown"/>).</summary>
    public static AdaptiveCard Results(string words, IReadOnlyList<FoundDecision> found)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(found);
        if (found.Count == 0)
        {
            return NoResults(words);
        }

        var shown = found.Take(Shown).ToList();
        var body = new List<CardElement>
        {
            CardText.Title([new("Decisions about "), .. CardText.User(Echo(words))]),
            CardText.Subtle(shown.Count == 1 ? "The best match, with the line that matched." : $"The {shown.Count} best matches, best first, with the line that matched.") with { Spacing = Spacing.Small, Wrap = true },
        };
        body.AddRange(shown.Select(Entry));
        body.Add(CardText.Subtle("Titles count most, then rationales and alternatives. In our personal chat, all your teams are searched.") with { Spacing = Spacing.Medium, Wrap = true });
        return new AdaptiveCard
        {
            Body = body,
            FallbackText = $"{shown.Count} decisions found",
            MsTeams = new TeamsCardProperties(),
        };
    }

    /// <summary>Nothing matched <paramref name="words"/>: says so, and what to try instead.</summary>
    public static AdaptiveCard NoResults(string words)
    {
        ArgumentNullException.ThrowIfNull(words);
        return new AdaptiveCard
        {
            Body =
            [
                CardText.Title([new("No decision found for "), .. CardText.User(Echo(words))]),
                new TextBlock("No decision or open RFC you can see matches those words. Try:") { Wrap = true, Spacing = Spacing.Small },
                new TextBlock("- fewer words, or other words for the same thing (\"broker\" rather than \"Kafka\")\n- the decision's number, such as DEC-0012\n- the spelling") { Wrap = true, Spacing = Spacing.None },
                CardText.Subtle("In a channel I search that team's decisions; in our personal chat, those of all your teams.") with { Spacing = Spacing.Medium, Wrap = true },
            ],
            FallbackText = "No decision found",
            MsTeams = new TeamsCardProperties(),
        };
    }

    /// <summary>"why" with no words: asks what to look for.</summary>
    public static AdaptiveCard WhatToSearch() => new()
    {
        Body =
        [
            CardText.Title([new("What should I look for?")]),
            new TextBlock("Say why or search followed by a few words, for example \"why kafka\" or \"search retention policy\". I look in the titles, rationales and alternatives of your team's decisions.") { Wrap = true, Spacing = Spacing.Small },
        ],
        FallbackText = "What should I look for?",
        MsTeams = new TeamsCardProperties(),
    };

    /// <summary>
    /// One decision, compact: number, title, outcome and date, one line of rationale, Read and Go to the thread. What
    /// the "Find a decision" message extension inserts and what a link to a decision page unfurls to.
    /// </summary>
    public static AdaptiveCard Compact(FoundDecision found, string? rationale)
    {
        ArgumentNullException.ThrowIfNull(found);
        var hit = found.Hit;
        var body = new List<CardElement>
        {
            CardText.Badge(Label(hit), hit.SupersededBy is null ? CardText.StateColor(hit.Status) : TextColor.Warning),
            CardText.Title([.. CardText.User(CardText.Columns(hit.Title, TitleColumns))]) with { Spacing = Spacing.Small },
            CardText.SubtleLine([new(Status(hit))]),
        };
        if (!string.IsNullOrWhiteSpace(rationale))
        {
            body.Add(CardText.Plain(CardText.Columns(OneLine(rationale), LineColumns)) with { Spacing = Spacing.Small });
        }

        var actions = Actions(found);
        return new AdaptiveCard
        {
            Body = body,
            Actions = actions.Count == 0 ? null : actions,
            FallbackText = $"{Label(hit)}: {OneLine(hit.Title)}",
            MsTeams = new TeamsCardProperties(),
        };
    }

    /// <summary>
    /// The title and subtitle of a result's preview in the message extension's list: plain text (a thumbnail card has
    /// no {{DATE}} and no text runs), the date in ISO form.
    /// </summary>
    public static (string Title, string Subtitle) Preview(SearchHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        var date = hit.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var what = hit.Outcome is { } outcome ? $"{CardText.Outcome(outcome)} {date}" : $"{CardText.State(hit.Status)} · {date}";
        return ($"{Label(hit)} {CardText.Columns(OneLine(hit.Title), TitleColumns)}", hit.SupersededBy is { } by ? $"{what} · superseded by {by}" : what);
    }

    /// <summary>"DEC-0012" for a decision, "RFC-0004" for an open RFC.</summary>
    public static string Label(SearchHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        return hit.Decision?.ToString() ?? hit.Rfc.Number.ToString();
    }

    /// <summary>"Accepted {{DATE}} · superseded by DEC-0057", or the open RFC's state: what a result says under its title.</summary>
    public static string Status(SearchHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        var what = hit.Outcome is { } outcome
            ? $"{CardText.Outcome(outcome)} {CardText.Date(hit.Date)}"
            : $"{CardText.State(hit.Status)} · last changed {CardText.Date(hit.Date)}";
        var supersedes = hit.Supersedes is { } old ? $" · supersedes {old}" : string.Empty;
        var superseded = hit.SupersededBy is { } by ? $" · superseded by {by}" : string.Empty;
        return what + supersedes + superseded;
    }

    /// <summary>The best line as runs: the matched spans bold, everything as typed, cut to <paramref name="columns"/>.</summary>
    public static IEnumerable<TextRun> Highlight(Highlighted line, int columns = LineColumns)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = OneLine(line.Text);
        var cut = CardText.Columns(text, columns);
        var end = cut.Length == text.Length ? text.Length : cut.Length - 1;
        var runs = new List<TextRun>();
        var at = 0;
        foreach (var match in line.Matches.Where(m => m.Length > 0 && m.Start >= 0).OrderBy(m => m.Start))
        {
            var start = Math.Max(match.Start, at);
            var stop = Math.Min(match.Start + match.Length, end);
            if (start >= stop)
            {
                continue;
            }

            runs.AddRange(CardText.User(text[at..start]));
            runs.AddRange(CardText.User(text[start..stop]).Select(r => r with { Weight = TextWeight.Bolder }));
            at = stop;
        }

        runs.AddRange(CardText.User(text[at..end]));
        if (end < text.Length)
        {
            runs.Add(new TextRun("…"));
        }

        return runs;
    }

    private static Container Entry(FoundDecision found)
    {
        var hit = found.Hit;
        var items = new List<CardElement>
        {
            new RichTextBlock([CardText.Bold($"{Label(hit)} "), .. CardText.User(CardText.Columns(hit.Title, TitleColumns))]),
            CardText.SubtleLine([new(Status(hit))]),
        };
        if (hit.BestLine is { } line && !string.IsNullOrWhiteSpace(line.Text))
        {
            items.Add(new RichTextBlock([.. Highlight(line)]) { Spacing = Spacing.Small });
        }

        var actions = Actions(found);
        if (actions.Count > 0)
        {
            items.Add(new ActionSet(actions) { Spacing = Spacing.Small });
        }

        return new Container(items) { Spacing = Spacing.Medium, Separator = true };
    }

    private static List<CardAction> Actions(FoundDecision found)
    {
        var actions = new List<CardAction>();
        if (found.Page is { } page)
        {
            actions.Add(new OpenUrlAction(page) { Title = "Read" });
        }

        if (found.Hit.ThreadUrl is { } thread)
        {
            actions.Add(new OpenUrlAction(thread) { Title = "Go to the thread" });
        }

        return actions;
    }

    private static string Echo(string words) => $"\u201C{CardText.Columns(OneLine(words), WordsColumns)}\u201D";

    /// <summary>Line breaks and runs of spaces become single spaces: a result is one paragraph. Same length as the input, so match spans stay valid.</summary>
    private static string OneLine(string text) =>
        string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] is '\r' or '\n' or '\t' ? ' ' : source[i];
            }
        });
}
