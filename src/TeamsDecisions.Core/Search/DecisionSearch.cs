using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Core.Search;

/// <summary>A span of <see cref="Highlighted.Text"/> that matched the query.</summary>
public readonly record struct TextSpan(int Start, int Length);

/// <summary>A line of text with the parts that matched the query, so a card can show them bold without markup in the text.</summary>
public sealed record Highlighted(string Text, IReadOnlyList<TextSpan> Matches);

/// <summary>
/// What a person may search: the teams they belong to, in their tenant. In a channel that is the channel's team; in
/// personal chat, the teams whose roster lists them. Results outside it are never returned, whatever the query says.
/// </summary>
public sealed record SearchScope(string TenantId, IReadOnlyList<TeamId> Teams);

/// <summary>
/// One decision (or open RFC) that matched. <see cref="Date"/> is when it was decided, else when it was last changed.
/// <see cref="BestLine"/> is the best-matching line of its rationale (else of the field that matched), highlighted;
/// null for results that were not asked by words (recent decisions).
/// </summary>
public sealed record SearchHit(
    RfcId Rfc,
    string Title,
    RfcState Status,
    DecisionNumber? Decision,
    DecisionOutcome? Outcome,
    DateTimeOffset Date,
    Highlighted? BestLine,
    DecisionNumber? Supersedes,
    DecisionNumber? SupersededBy,
    Uri? ThreadUrl,
    float Score);

/// <summary>
/// Finds the reasoning: a full-text read model over decisions and open RFCs, rebuilt from Table Storage (the source
/// of truth). Every method takes what a person typed as words: query syntax, unbalanced quotes, control characters or
/// a 10 KB paste never throw, they are searched as plain words.
/// </summary>
public interface IDecisionSearch
{
    /// <summary>The best matches for <paramref name="words"/> in <paramref name="scope"/>, best first: title first, then rationale and alternatives, then the rest; superseded decisions lower.</summary>
    Task<IReadOnlyList<SearchHit>> SearchAsync(string words, SearchScope scope, int max, CancellationToken cancellationToken);

    /// <summary>The most recent decisions in <paramref name="scope"/>, newest first (a message extension's initial run).</summary>
    Task<IReadOnlyList<SearchHit>> RecentAsync(SearchScope scope, int max, CancellationToken cancellationToken);

    /// <summary>Past decisions related to a proposal's <paramref name="text"/> (its title, context and proposal), best first.</summary>
    Task<IReadOnlyList<SearchHit>> RelatedAsync(string text, SearchScope scope, int max, CancellationToken cancellationToken);
}
