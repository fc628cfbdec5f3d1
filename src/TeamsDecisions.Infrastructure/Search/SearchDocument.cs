using System.Globalization;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Infrastructure.Search;

/// <summary>
/// What the index holds of one RFC or decision: the text a person may search, one field per part of the record
/// (multi-part fields hold one part per line, so the best line can be shown), and what a hit shows.
/// </summary>
internal sealed record SearchDocument(
    RfcId Rfc,
    string TenantId,
    string Title,
    RfcState Status,
    DecisionNumber? Decision,
    DecisionOutcome? Outcome,
    DateTimeOffset Date,
    DateTimeOffset? ClosesAt,
    Uri? ThreadUrl,
    DecisionNumber? Supersedes,
    DecisionNumber? SupersededBy,
    string Context,
    string Proposal,
    string Drivers,
    string Options,
    string OutcomeText,
    string Rationale,
    string Alternatives,
    string Consequences,
    string Concerns,
    string Comments,
    string People)
{
    /// <summary>How many comments are indexed: the first ones carry the argument; the rest is in the thread.</summary>
    public const int CommentsIndexed = 20;

    /// <summary>Per comment, so a pasted log cannot crowd out the rest.</summary>
    public const int CommentChars = 1_000;

    public static SearchDocument From(Rfc rfc, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(rfc);
        var decision = rfc.Decision;
        var concerns = rfc.Concerns.Select(c => Join(" — ", c.Title, c.Detail, c.Status == ConcernStatus.Open ? null : c.Status.ToString().ToLowerInvariant(), c.ClosingNote));
        var people = new[] { rfc.Author, rfc.Decider }.Concat(rfc.RequiredReviewers).Select(p => p.DisplayName).Distinct(StringComparer.OrdinalIgnoreCase);
        var lastChange = new[] { rfc.ProposedAt, decision?.DecidedAt ?? DateTimeOffset.MinValue }
            .Concat(rfc.Comments.Select(c => c.At))
            .Concat(rfc.Concerns.Select(c => c.ClosedAt ?? c.RaisedAt))
            .Max();
        return new SearchDocument(
            rfc.Id,
            tenantId,
            rfc.Title,
            rfc.State,
            decision?.Number,
            decision?.Outcome,
            decision?.DecidedAt ?? lastChange,
            rfc.Window?.ClosesAt,
            rfc.Thread?.WebUrl,
            decision?.Supersedes,
            decision?.SupersededBy,
            rfc.Context,
            rfc.Proposal,
            Lines(rfc.DecisionDrivers),
            Lines(rfc.Options.Select(o => Join(": ", o.ShortName, o.Description))),
            decision is null ? string.Empty : Join(": ", decision.Outcome.ToString(), decision.ChosenOption),
            decision?.Rationale ?? string.Empty,
            Lines((decision?.AlternativesNotChosen ?? []).Select(a => Join(": ", a.Option, a.Why))),
            decision?.Consequences ?? string.Empty,
            Lines(concerns),
            Lines(rfc.Comments.Take(CommentsIndexed).Select(c => c.Text.Length <= CommentChars ? c.Text : c.Text[..CommentChars])),
            Lines(people));
    }

    /// <summary>The words that find this record by number or date: "rfc-0007", "dec-0012", "2026-11-02".</summary>
    public IEnumerable<string> Keys()
    {
        yield return Rfc.Number.ToString().ToLowerInvariant();
        if (Decision is { } number)
        {
            yield return number.ToString().ToLowerInvariant();
        }

        yield return Date.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static string Lines(IEnumerable<string> parts) => string.Join('\n', parts.Select(p => p.ReplaceLineEndings(" ")));

    private static string Join(string separator, params string?[] parts) => string.Join(separator, parts.Where(p => !string.IsNullOrWhiteSpace(p)));
}
