using System.Globalization;
using System.Net;
using System.Text;
using Ganss.Xss;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Infrastructure.Publishing;

/// <summary>One section of a page: a heading and sanitised HTML (a SharePoint text web part).</summary>
public sealed record PageSection(string Heading, string Html);

/// <summary>A page as published: SharePoint page name (…aspx), title, sections in order.</summary>
public sealed record DecisionPage(string Name, string Title, IReadOnlyList<PageSection> Sections)
{
    /// <summary>The whole page as one HTML document, for the local publisher.</summary>
    public string ToHtmlDocument()
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(Title)).Append("</title>")
            .Append("<style>body{font-family:'Segoe UI',system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#242424;line-height:1.5}")
            .Append("h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #e0e0e0}table{border-collapse:collapse}td,th{border:1px solid #e0e0e0;padding:.25rem .5rem;text-align:left;vertical-align:top}</style>")
            .Append("</head><body><h1>").Append(WebUtility.HtmlEncode(Title)).Append("</h1>");
        foreach (var section in Sections)
        {
            html.Append("<section>");
            if (section.Heading.Length > 0)
            {
                html.Append("<h2>").Append(WebUtility.HtmlEncode(section.Heading)).Append("</h2>");
            }

            html.Append(section.Html).Append("</section>");
        }

        return html.Append("</body></html>").ToString();
    }
}

/// <summary>Where a decision page links to.</summary>
public sealed record PageLinks(Uri? Thread, Func<DecisionNumber, Uri?> Decision, Uri? Log);

/// <summary>
/// Builds the decision page and the team's decision log page from the record. Pure: no I/O. Every user text is
/// HTML-encoded, and the HTML of each section passes through HtmlSanitizer with a small allow-list, so no field —
/// however hostile — can bring a script, an event attribute or a javascript: URL.
/// </summary>
public static class DecisionPages
{
    public const string LogPageName = "decision-log.aspx";
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public static string PageName(DecisionRecord decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return PageName(decision.Number, decision.Title);
    }

    /// <summary>"dec-0042-adopt-kafka-for-order-events.aspx".</summary>
    public static string PageName(DecisionNumber number, string title) => $"{number.ToString().ToLowerInvariant()}-{Slug(title)}.aspx";

    public static DecisionPage Build(DecisionRecord decision, PageLinks links)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(links);
        var sections = new List<PageSection>
        {
            new(string.Empty, Summary(decision, links)),
            new("Context and problem", Paragraphs(decision.Context)),
        };
        if (decision.DecisionDrivers.Count > 0)
        {
            sections.Add(new("Decision drivers", List(decision.DecisionDrivers.Select(E))));
        }

        if (decision.Options.Count > 0)
        {
            sections.Add(new("Options considered", List(decision.Options.Select(o => $"<strong>{E(o.ShortName)}</strong>{(o.Description is { } d ? " — " + E(d) : string.Empty)}"))));
        }

        sections.Add(new("The proposal", Paragraphs(decision.Proposal)));
        var decided = decision.ChosenOption is { } chosen ? $"<p><strong>{E(decision.Outcome.ToString())}: {E(chosen)}</strong></p>" : $"<p><strong>{E(decision.Outcome.ToString())}</strong></p>";
        sections.Add(new("The decision and its rationale", decided + Paragraphs(decision.Rationale)));
        if (decision.AlternativesNotChosen.Count > 0)
        {
            sections.Add(new("Alternatives not chosen, and why", List(decision.AlternativesNotChosen.Select(a => $"<strong>{E(a.Option)}</strong> — {E(a.Why)}"))));
        }

        if (decision.Consequences is { } consequences)
        {
            sections.Add(new("Consequences", Paragraphs(consequences)));
        }

        sections.Add(new("Votes", Votes(decision)));
        if (decision.Concerns.Count > 0)
        {
            sections.Add(new("Concerns and how each ended", List(decision.Concerns.Select(Concern))));
        }

        sections.Add(new("Discussion digest", Digest(decision.Comments)));
        return new DecisionPage(PageName(decision), $"{decision.Number}: {decision.Title}", [.. sections.Select(s => s with { Html = Sanitizer.Sanitize(s.Html) })]);
    }

    /// <summary>The team's log: every decision, newest first, with status and links.</summary>
    public static DecisionPage BuildLog(string teamName, IReadOnlyList<DecisionLogEntry> entries, Func<DecisionNumber, Uri?> pageOf)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(pageOf);
        var rows = new StringBuilder("<table><thead><tr><th>Decision</th><th>Title</th><th>Status</th><th>Decided</th><th>Decider</th></tr></thead><tbody>");
        foreach (var entry in entries.OrderByDescending(e => e.Number.Value))
        {
            var status = entry.SupersededBy is { } by ? $"Superseded by {Link(pageOf(by), by.ToString())}" : E(entry.Status.ToString());
            rows.Append("<tr><td>").Append(Link(pageOf(entry.Number), entry.Number.ToString())).Append("</td><td>").Append(E(entry.Title))
                .Append("</td><td>").Append(status).Append("</td><td>").Append(entry.DecidedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(E(entry.Decider.DisplayName)).Append("</td></tr>");
        }

        rows.Append("</tbody></table>");
        var intro = entries.Count == 0 ? "<p>No decisions yet.</p>" : $"<p>{entries.Count.ToString("N0", CultureInfo.InvariantCulture)} {(entries.Count == 1 ? "decision" : "decisions")}, newest first. Each links to its page: the context, the options, the rationale and why the alternatives lost.</p>";
        return new DecisionPage(LogPageName, $"Decision log — {teamName}", [new(string.Empty, Sanitizer.Sanitize(intro + rows))]);
    }

    private static string Summary(DecisionRecord d, PageLinks links)
    {
        var facts = new List<(string, string)>
        {
            ("Status", E(d.Status.ToString()) + (d.SupersededBy is { } by ? $" by {Link(links.Decision(by), by.ToString())}" : string.Empty)),
            ("Decided", d.DecidedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("Decider", E(d.Decider.DisplayName)),
            ("Author", E(d.Author.DisplayName)),
            ("RFC", E(d.Rfc.ToString())),
        };
        if (d.Window is { } window)
        {
            facts.Add(("Comment window", $"{window.OpensAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} to {window.ClosesAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{(d.EarlyCloseReason is { } r ? $" (closed early: {E(r)})" : string.Empty)}"));
        }

        if (d.RequiredReviewers.Count > 0)
        {
            facts.Add(("Required reviewers", E(string.Join(", ", d.RequiredReviewers.Select(p => p.DisplayName)))));
        }

        if ((links.Thread ?? d.Thread?.WebUrl) is { } thread)
        {
            facts.Add(("Discussion", Link(thread, "The RFC's thread in Teams")));
        }

        if (d.Supersedes is { } supersedes)
        {
            facts.Add(("Supersedes", Link(links.Decision(supersedes), supersedes.ToString())));
        }

        if (d.Links.Count > 0)
        {
            facts.Add(("Links", string.Join(" · ", d.Links.Select(l => Link(l.Url, l.Title)))));
        }

        if (links.Log is { } log)
        {
            facts.Add(("Decision log", Link(log, "All decisions of the team")));
        }

        return "<table><tbody>" + string.Concat(facts.Select(f => $"<tr><th>{f.Item1}</th><td>{f.Item2}</td></tr>")) + "</tbody></table>";
    }

    private static string Votes(DecisionRecord d)
    {
        var t = d.Tally;
        var html = new StringBuilder($"<p>{t.Approve} approve · {t.ApproveWithConcerns} approve with concerns · {t.Object} object · {t.Abstain} abstain</p>");
        if (d.Votes.Count > 0)
        {
            html.Append("<table><thead><tr><th>Who</th><th>Vote</th><th>Reason</th></tr></thead><tbody>");
            foreach (var vote in d.Votes)
            {
                html.Append("<tr><td>").Append(E(vote.Voter.DisplayName)).Append("</td><td>").Append(E(VoteName(vote.Kind))).Append("</td><td>").Append(E(vote.Reason ?? string.Empty)).Append("</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        return html.ToString();
    }

    private static string Concern(Concern c) =>
        $"<strong>{E(c.Title)}</strong> (raised by {E(c.RaisedBy.DisplayName)}){(c.Detail is { } d ? ": " + E(d) : string.Empty)} — " +
        c.Status switch
        {
            ConcernStatus.Resolved => $"resolved by {E(c.ClosedBy?.DisplayName ?? string.Empty)}: {E(c.ClosingNote ?? string.Empty)}",
            ConcernStatus.Overruled => $"overruled by {E(c.ClosedBy?.DisplayName ?? string.Empty)}: {E(c.ClosingNote ?? string.Empty)}",
            _ => "still open when the RFC was decided",
        };

    private static string Digest(CommentDigest digest)
    {
        if (digest.Total == 0)
        {
            return "<p>No comments.</p>";
        }

        var html = new StringBuilder($"<p>{digest.Total} {(digest.Total == 1 ? "comment" : "comments")} from {digest.Contributors} {(digest.Contributors == 1 ? "person" : "people")}; the latest:</p><ul>");
        foreach (var comment in digest.Recent)
        {
            html.Append("<li><strong>").Append(E(comment.Author.DisplayName)).Append("</strong> (").Append(comment.At.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("): ").Append(E(comment.Text)).Append("</li>");
        }

        return html.Append("</ul>").ToString();
    }

    private static string VoteName(VoteKind kind) => kind switch
    {
        VoteKind.ApproveWithConcerns => "Approve with concerns",
        _ => kind.ToString(),
    };

    private static string Paragraphs(string text) =>
        string.Concat(text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(p => $"<p>{E(p).Replace("\n", "<br>", StringComparison.Ordinal)}</p>"));

    private static string List(IEnumerable<string> items) => "<ul>" + string.Concat(items.Select(i => $"<li>{i}</li>")) + "</ul>";

    private static string Link(Uri? url, string text) =>
        url is not null && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? $"<a href=\"{E(url.AbsoluteUri)}\">{E(text)}</a>"
            : E(text);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>"Adopt Kafka — for order events!" → "adopt-kafka-for-order-events"; letters beyond ASCII are dropped.</summary>
    internal static string Slug(string title)
    {
        var slug = new StringBuilder();
        foreach (var c in title.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var result = slug.ToString().Trim('-');
        if (result.Length > 60)
        {
            result = result[..60].TrimEnd('-');
        }

        return result.Length == 0 ? "decision" : result;
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedTags.Clear();
        foreach (var tag in new[] { "p", "br", "strong", "em", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "h2", "h3" })
        {
            sanitizer.AllowedTags.Add(tag);
        }

        sanitizer.AllowedAttributes.Clear();
        sanitizer.AllowedAttributes.Add("href");
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedCssProperties.Clear();
        sanitizer.AllowedAtRules.Clear();
        sanitizer.UriAttributes.Clear();
        sanitizer.UriAttributes.Add("href");
        return sanitizer;
    }
}
