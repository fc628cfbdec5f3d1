using System.Globalization;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.Cards.Builders;

/// <summary>The words, colours and small pieces every card shares.</summary>
internal static class CardText
{
    /// <summary>Shown in each viewer's own time zone and format by the client.</summary>
    public static string Date(DateTimeOffset at, string format = "SHORT") =>
        string.Create(CultureInfo.InvariantCulture, $"{{{{DATE({at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}, {format})}}}}");

    public static string Time(DateTimeOffset at) =>
        string.Create(CultureInfo.InvariantCulture, $"{{{{TIME({at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ})}}}}");

    public static string DateTime(DateTimeOffset at) => $"{Date(at)} {Time(at)}";

    public static string Name(UserRef person) => Markdown.EscapeShort(person.DisplayName, NameShown);

    public static string People(IEnumerable<UserRef> people, int max)
    {
        var list = people.ToList();
        if (list.Count == 0)
        {
            return "nobody";
        }

        var shown = string.Join(", ", list.Take(max).Select(Name));
        return list.Count <= max ? shown : string.Create(CultureInfo.InvariantCulture, $"{shown} and {list.Count - max} more");
    }

    /// <summary>"in 3 days", "in 5 hours", "2 days ago": computed when the card is built; the exact time sits beside it.</summary>
    /// <remarks>Rounded to the nearest unit: a window opened a moment ago with 5 days to run says "in 5 days", not "in 4 days".</remarks>
    public static string Relative(DateTimeOffset at, DateTimeOffset now)
    {
        var span = at - now;
        var future = span >= TimeSpan.Zero;
        var abs = span.Duration();
        var hours = (int)Math.Round(abs.TotalHours, MidpointRounding.AwayFromZero);
        var minutes = (int)Math.Round(abs.TotalMinutes, MidpointRounding.AwayFromZero);
        var words = hours >= 48 ? Count((int)Math.Round(abs.TotalDays, MidpointRounding.AwayFromZero), "day", "days")
            : minutes >= 120 ? Count(hours, "hour", "hours")
            : minutes >= 2 ? Count(minutes, "minute", "minutes")
            : "a moment";
        return future ? $"in {words}" : $"{words} ago";
    }

    public static string State(RfcState state) => state switch
    {
        RfcState.Draft => "Draft",
        RfcState.Open => "Open for comment",
        RfcState.AwaitingDecision => "Awaiting decision",
        RfcState.Accepted => "Accepted",
        RfcState.Rejected => "Rejected",
        RfcState.Deferred => "Deferred",
        RfcState.Withdrawn => "Withdrawn",
        RfcState.Superseded => "Superseded",
        _ => state.ToString(),
    };

    public static TextColor StateColor(RfcState state) => state switch
    {
        RfcState.Open => TextColor.Accent,
        RfcState.AwaitingDecision => TextColor.Warning,
        RfcState.Accepted => TextColor.Good,
        RfcState.Rejected => TextColor.Attention,
        _ => TextColor.Default,
    };

    public static string Vote(VoteKind kind) => kind switch
    {
        VoteKind.Approve => "Approve",
        VoteKind.ApproveWithConcerns => "Approve with concerns",
        VoteKind.Object => "Object",
        VoteKind.Abstain => "Abstain",
        _ => kind.ToString(),
    };

    public static string Outcome(DecisionOutcome outcome) => outcome.ToString();

    public static string Count(int n, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{n:N0} {(n == 1 ? one : many)}");

    /// <summary>
    /// User text as runs shown exactly as typed on every client, with no markdown and no escapes (see <see cref="PlainText"/>):
    /// the run counterpart of <see cref="Markdown.Escape"/>. Our own words and {{DATE()}} go in plain <c>new TextRun(...)</c>.
    /// </summary>
    public static IEnumerable<TextRun> User(string? text, int max = int.MaxValue) =>
        PlainText.Pieces(text, max).Select(piece => new TextRun(piece));

    /// <summary>
    /// Display names are shown up to this many characters: Entra allows 256, and a card that names 20 people at that
    /// length (CJK is 3 bytes a character) would not fit Teams' size limit.
    /// </summary>
    public const int NameShown = 48;

    /// <summary>A person's display name as runs (cut to <see cref="NameShown"/>): the run counterpart of <see cref="Name"/>.</summary>
    public static IEnumerable<TextRun> User(UserRef person) => User(person.DisplayName, NameShown);

    /// <summary>Several user texts as runs, "a · b · c", each shortened to <paramref name="max"/>.</summary>
    public static IEnumerable<TextRun> UserList(IEnumerable<string?> texts, int max = int.MaxValue, string separator = " · ") =>
        texts.SelectMany((text, i) => i == 0 ? User(text, max) : [new TextRun(separator), .. User(text, max)]);

    public static TextRun Bold(string text) => new(text) { Weight = TextWeight.Bolder };

    /// <summary>A paragraph of user text shown as typed: instead of <c>new TextBlock(Markdown.Escape(text))</c>.</summary>
    public static RichTextBlock Plain(string? userText, int max = int.MaxValue) => new([.. User(userText, max)]);

    /// <summary>"Label: text" with the label in bold and the user text as typed: instead of <c>$"**Label:** {Markdown.Escape(text)}"</c>.</summary>
    public static RichTextBlock Labelled(string label, string? userText, int max = int.MaxValue) => new([Bold($"{label}: "), .. User(userText, max)]);

    /// <summary>Runs with one look: what a TextBlock's size, weight, subtlety and colour did. A run's own setting (a bold name) wins.</summary>
    public static RichTextBlock Line(IEnumerable<TextRun> runs, TextSize? size = null, TextWeight? weight = null, bool? isSubtle = null, TextColor? color = null) =>
        new([.. runs.Select(r => r with { Size = r.Size ?? size, Weight = r.Weight ?? weight, IsSubtle = r.IsSubtle ?? isSubtle, Color = r.Color ?? color })]);

    /// <summary>
    /// A title with user text, looking like <see cref="Heading"/>. Card schema 1.5 gives RichTextBlock no heading style, so
    /// screen readers read it as text rather than announcing a heading; that is the price of showing the title unescaped.
    /// </summary>
    public static RichTextBlock Title(IEnumerable<TextRun> runs) => Line(runs, TextSize.Large, TextWeight.Bolder);

    /// <summary>The run counterpart of <see cref="Subtle"/>: a small, subtle line such as "Proposed by Ada on 2 Mar".</summary>
    public static RichTextBlock SubtleLine(IEnumerable<TextRun> runs) => Line(runs, TextSize.Small, isSubtle: true) with { Spacing = Spacing.None };

    /// <summary>
    /// User text cut to about <paramref name="columns"/> columns for one entry of a long list. A character of three or
    /// more UTF-8 bytes (CJK, emoji) counts two: it takes two columns on screen and 3–4 bytes in the card, so a list
    /// of 80 titles stays readable and inside the card budget in any script. Cuts between whole graphemes only.
    /// </summary>
    public static string Columns(string text, int columns)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 2);
        var used = 0;
        var cut = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = (string)elements.Current;
            used += element[0] >= '\u0800' ? 2 : 1;
            if (used > columns)
            {
                return string.Concat(text.AsSpan(0, cut).TrimEnd(), "…");
            }

            if (used <= columns - 1)
            {
                cut = elements.ElementIndex + element.Length;
            }
        }

        return text;
    }

    public static TextBlock Heading(string text) => new(text) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = TextBlockStyle.Heading };

    public static TextBlock Section(string text) => new(text) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium };

    public static TextBlock Subtle(string text) => new(text) { IsSubtle = true, Spacing = Spacing.None, Size = TextSize.Small };

    /// <summary>
    /// A small upper-case label in the colour of what it names. Teams' good and warning text colours are too pale on
    /// its light background (2.1:1 and 1.5:1; WCAG asks 3:1 even of bold text), so those two are default-coloured text
    /// on a container of that style.
    /// </summary>
    public static CardElement Badge(string text, TextColor color)
    {
        var label = new TextBlock(text.ToUpperInvariant()) { Color = color, Weight = TextWeight.Bolder, Size = TextSize.Small };
        return color switch
        {
            TextColor.Good => new Container([label with { Color = null }]) { Style = ContainerStyle.Good },
            TextColor.Warning => new Container([label with { Color = null }]) { Style = ContainerStyle.Warning },
            _ => label,
        };
    }
}
