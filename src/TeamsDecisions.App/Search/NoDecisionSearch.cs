using TeamsDecisions.Core.Search;

namespace TeamsDecisions.App.Search;

/// <summary>
/// The search used until an index is registered (AddDecisionSearch in Infrastructure registers the real one, which
/// wins over this fallback): finds nothing, so the commands, the message extension and the RFC confirmation work
/// and say "no decision found" rather than fail.
/// </summary>
internal sealed class NoDecisionSearch : IDecisionSearch
{
    public Task<IReadOnlyList<SearchHit>> SearchAsync(string words, SearchScope scope, int max, CancellationToken cancellationToken) => None();

    public Task<IReadOnlyList<SearchHit>> RecentAsync(SearchScope scope, int max, CancellationToken cancellationToken) => None();

    public Task<IReadOnlyList<SearchHit>> RelatedAsync(string text, SearchScope scope, int max, CancellationToken cancellationToken) => None();

    private static Task<IReadOnlyList<SearchHit>> None() => Task.FromResult<IReadOnlyList<SearchHit>>([]);
}
