using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Core.Search;

namespace TeamsDecisions.Infrastructure.Search;

/// <summary>
/// The decision index: one Lucene document per decision or open RFC, in memory (a read model: Table Storage is the
/// source of truth, and the index is rebuilt from it at start). Writes are seen by searches after <see cref="Refresh"/>
/// (a near-real-time reader). What a person types is never parsed as query syntax: it is analysed into words, and
/// the query is built from them.
/// </summary>
internal sealed partial class DecisionIndex : IDecisionSearch, IDisposable
{
    /// <summary>Only the start of what was typed or pasted is searched.</summary>
    public const int MaxQueryChars = 500;

    /// <summary>Words searched at most; past that a query is a paste, and its first words say enough.</summary>
    public const int MaxQueryTerms = 32;

    /// <summary>Superseded decisions still answer "why", but the decision that replaced them answers it better.</summary>
    public const float SupersededWeight = 0.3f;

    private const int MaxResults = 100;
    private const int MaxRelatedChars = 5_000;
    private const int RelatedTerms = 25;

    /// <summary>Where each word is looked for and what a match there is worth: title first, then the reasoning, then the rest.</summary>
    private static readonly (string Field, float Boost)[] Searched =
    [
        (Fields.Title, 4f), (Fields.Rationale, 2f), (Fields.Alternatives, 2f), (Fields.Context, 1f), (Fields.Proposal, 1f),
        (Fields.Drivers, 1f), (Fields.Options, 1f), (Fields.Outcome, 1f), (Fields.Consequences, 1f), (Fields.Concerns, 1f),
        (Fields.Comments, 1f), (Fields.People, 1f),
    ];

    /// <summary>The field whose line a hit shows: the rationale when it matched, else the first that did.</summary>
    private static readonly string[] BestLineFields =
    [
        Fields.Rationale, Fields.Title, Fields.Alternatives, Fields.Proposal, Fields.Context, Fields.Consequences,
        Fields.Drivers, Fields.Options, Fields.Outcome, Fields.Concerns, Fields.Comments, Fields.People,
    ];

    private static readonly (string Field, float Boost)[] RelatedFields =
        [(Fields.Title, 2f), (Fields.Context, 1f), (Fields.Proposal, 1f), (Fields.Rationale, 1f), (Fields.Alternatives, 1f)];

    private readonly RAMDirectory directory = new();
    private readonly EnglishText analyzer = new();
    private readonly IndexWriter writer;
    private readonly SearcherManager searchers;
    private readonly TimeProvider clock;

    public DecisionIndex(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        this.clock = clock;
        writer = new IndexWriter(directory, new IndexWriterConfig(EnglishText.Version, analyzer) { OpenMode = OpenMode.CREATE, RAMBufferSizeMB = 64 });
        searchers = new SearcherManager(writer, applyAllDeletes: true, searcherFactory: null);
    }

    /// <summary>Documents visible to searches now.</summary>
    public int Count => WithSearcher(s => s.IndexReader.NumDocs);

    /// <summary>Adds or replaces the document of <see cref="SearchDocument.Rfc"/>; searches see it after <see cref="Refresh"/>.</summary>
    public void Put(SearchDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        writer.UpdateDocument(new Term(Fields.Id, Key(document.Rfc)), ToLucene(document));
    }

    public void Remove(RfcId id) => writer.DeleteDocuments(new Term(Fields.Id, Key(id)));

    /// <summary>Makes every write so far visible to searches (cheap when nothing changed).</summary>
    public void Refresh() => searchers.MaybeRefresh();

    public Task<IReadOnlyList<SearchHit>> SearchAsync(string words, SearchScope scope, int max, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Search(words, scope, max));
    }

    public Task<IReadOnlyList<SearchHit>> RecentAsync(SearchScope scope, int max, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Recent(scope, max));
    }

    public Task<IReadOnlyList<SearchHit>> RelatedAsync(string text, SearchScope scope, int max, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Related(text, scope, max));
    }

    public IReadOnlyList<SearchHit> Search(string words, SearchScope scope, int max)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var filter = ScopeFilter(scope, decisionsOnly: false);
        var query = WordsQuery(words);
        return filter is null || query is null || max <= 0 ? [] : Ranked(query, filter, Math.Min(max, MaxResults));
    }

    public IReadOnlyList<SearchHit> Recent(SearchScope scope, int max)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var filter = ScopeFilter(scope, decisionsOnly: true);
        if (filter is null || max <= 0)
        {
            return [];
        }

        return WithSearcher(searcher =>
        {
            var top = searcher.Search(new MatchAllDocsQuery(), filter, Math.Min(max, MaxResults), new Sort(new SortField(Fields.Date, SortFieldType.INT64, reverse: true), new SortField(Fields.Order, SortFieldType.INT64, reverse: true)));
            return (IReadOnlyList<SearchHit>)[.. top.ScoreDocs.Select(d => ToHit(searcher.Doc(d.Doc), 0f, null))];
        });
    }

    public IReadOnlyList<SearchHit> Related(string text, SearchScope scope, int max)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var filter = ScopeFilter(scope, decisionsOnly: true);
        if (filter is null || max <= 0)
        {
            return [];
        }

        var query = WithSearcher(searcher => RelatedQuery(searcher.IndexReader, Clean(text, MaxRelatedChars)));
        return query is null ? [] : Ranked(query, filter, Math.Min(max, MaxResults));
    }

    public void Dispose()
    {
        searchers.Dispose();
        writer.Dispose();
        directory.Dispose();
        analyzer.Dispose();
    }

    /// <summary>
    /// Each word is one clause: the best of its matches in the searched fields (boosted). One or two words must all
    /// match; from three words on, most of them. "DEC-0012", "RFC-7" and "2026-11-02" find that record by number or date.
    /// </summary>
    internal Query? WordsQuery(string? words)
    {
        var text = Clean(words, MaxQueryChars);
        var keys = new List<string>();
        text = NumberPattern().Replace(text, m =>
        {
            if (!int.TryParse(m.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            {
                return m.Value;
            }

            keys.Add(string.Create(CultureInfo.InvariantCulture, $"{m.Groups["kind"].Value.ToLowerInvariant()}-{n:D4}"));
            return " ";
        });
        text = DatePattern().Replace(text, m =>
        {
            keys.Add(m.Value);
            return " ";
        });

        var terms = Terms(text).Distinct(StringComparer.Ordinal).Take(MaxQueryTerms).ToList();
        var query = new BooleanQuery();
        if (terms.Count > 0)
        {
            var all = new BooleanQuery();
            foreach (var term in terms)
            {
                all.Add(AnyField(term, Searched), Occur.SHOULD);
            }

            all.MinimumNumberShouldMatch = terms.Count <= 2 ? terms.Count : (int)Math.Ceiling(terms.Count * 0.6);
            query.Add(all, Occur.SHOULD);
        }

        foreach (var key in keys.Distinct(StringComparer.Ordinal).Take(MaxQueryTerms))
        {
            query.Add(new TermQuery(new Term(Fields.Keys, key)) { Boost = 8f }, Occur.SHOULD);
        }

        return query.Clauses.Count == 0 ? null : query;
    }

    /// <summary>More-like-this: the proposal's most telling words (frequent in it, rare in the index), any of them.</summary>
    private Query? RelatedQuery(IndexReader reader, string text)
    {
        var frequencies = Terms(text).GroupBy(t => t, StringComparer.Ordinal).Select(g => (Term: g.Key, Count: g.Count()));
        var documents = Math.Max(1, reader.NumDocs);
        var telling = frequencies
            .Select(t => (t.Term, Frequency: RelatedFields.Sum(f => reader.DocFreq(new Term(f.Field, t.Term))), t.Count))
            .Where(t => t.Frequency > 0)
            .OrderByDescending(t => t.Count * Math.Log(1 + ((double)documents / t.Frequency)))
            .ThenBy(t => t.Term, StringComparer.Ordinal)
            .Take(RelatedTerms)
            .ToList();
        if (telling.Count == 0)
        {
            return null;
        }

        var query = new BooleanQuery();
        foreach (var (term, _, _) in telling)
        {
            query.Add(AnyField(term, RelatedFields), Occur.SHOULD);
        }

        query.MinimumNumberShouldMatch = telling.Count >= 10 ? 2 : 1;
        return query;
    }

    private List<SearchHit> Ranked(Query query, Filter filter, int max) => WithSearcher(searcher =>
    {
        // Superseded decisions are weighed down after the search: fetch enough that one pushed below the cut is replaced.
        var top = searcher.Search(query, filter, (max * 4) + 20);
        var found = top.ScoreDocs
            .Select(d => (Doc: searcher.Doc(d.Doc), d.Score))
            .Select(d => (d.Doc, Score: d.Doc.Get(Fields.SupersededBy, CultureInfo.InvariantCulture) is null ? d.Score : d.Score * SupersededWeight))
            .ToList();

        // And never above their replacement when both matched: it is the answer to the same question.
        var scores = found
            .Where(d => d.Doc.Get(Fields.Decision, CultureInfo.InvariantCulture) is not null)
            .GroupBy(d => (d.Doc.Get(Fields.Team, CultureInfo.InvariantCulture), d.Doc.Get(Fields.Decision, CultureInfo.InvariantCulture)))
            .ToDictionary(g => g.Key, g => g.Max(d => d.Score));
        return found
            .Select(d => d.Doc.Get(Fields.SupersededBy, CultureInfo.InvariantCulture) is { } by
                && scores.TryGetValue((d.Doc.Get(Fields.Team, CultureInfo.InvariantCulture), by), out var replacement)
                && replacement <= d.Score
                    ? (d.Doc, Score: replacement * 0.99f)
                    : d)
            .OrderByDescending(d => d.Score)
            .Take(max)
            .Select(d => ToHit(d.Doc, d.Score, LineOf(d.Doc, query)))
            .ToList();
    });

    private Highlighted? LineOf(Document doc, Query query)
    {
        foreach (var field in BestLineFields)
        {
            if (doc.Get(field, CultureInfo.InvariantCulture) is { Length: > 0 } text && BestLine.Find(analyzer, query, field, text) is { } line)
            {
                return line;
            }
        }

        return BestLine.Plain(doc.Get(Fields.Rationale, CultureInfo.InvariantCulture) is { Length: > 0 } rationale ? rationale : doc.Get(Fields.Title, CultureInfo.InvariantCulture) ?? string.Empty);
    }

    private SearchHit ToHit(Document doc, float score, Highlighted? line)
    {
        var id = new RfcId(new TeamId(doc.Get(Fields.Team, CultureInfo.InvariantCulture)), new RfcNumber(Int(doc.Get(Fields.Number, CultureInfo.InvariantCulture))));
        var status = Enum.Parse<RfcState>(doc.Get(Fields.Status, CultureInfo.InvariantCulture));
        if (status == RfcState.Open && doc.Get(Fields.ClosesAt, CultureInfo.InvariantCulture) is { } closes && clock.GetUtcNow().UtcTicks >= long.Parse(closes, CultureInfo.InvariantCulture))
        {
            status = RfcState.AwaitingDecision;
        }

        return new SearchHit(
            id,
            doc.Get(Fields.Title, CultureInfo.InvariantCulture),
            status,
            Decision(doc.Get(Fields.Decision, CultureInfo.InvariantCulture)),
            doc.Get(Fields.OutcomeCode, CultureInfo.InvariantCulture) is { } outcome ? Enum.Parse<DecisionOutcome>(outcome) : null,
            new DateTimeOffset(long.Parse(doc.Get(Fields.DateStored, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), TimeSpan.Zero),
            line,
            Decision(doc.Get(Fields.Supersedes, CultureInfo.InvariantCulture)),
            Decision(doc.Get(Fields.SupersededBy, CultureInfo.InvariantCulture)),
            doc.Get(Fields.Thread, CultureInfo.InvariantCulture) is { } url ? new Uri(url) : null,
            score);
    }

    private static Document ToLucene(SearchDocument d)
    {
        var doc = new Document
        {
            new StringField(Fields.Id, Key(d.Rfc), Field.Store.NO),
            new StringField(Fields.Tenant, d.TenantId, Field.Store.NO),
            new StringField(Fields.Team, d.Rfc.Team.Value, Field.Store.YES),
            new StringField(Fields.Kind, d.Decision is null ? Fields.KindRfc : Fields.KindDecision, Field.Store.NO),
            new StoredField(Fields.Number, d.Rfc.Number.Value.ToString(CultureInfo.InvariantCulture)),
            new StoredField(Fields.Status, d.Status.ToString()),
            new NumericDocValuesField(Fields.Date, d.Date.UtcTicks),
            new NumericDocValuesField(Fields.Order, d.Rfc.Number.Value),
            new StoredField(Fields.DateStored, d.Date.UtcTicks.ToString(CultureInfo.InvariantCulture)),
        };
        foreach (var key in d.Keys())
        {
            doc.Add(new StringField(Fields.Keys, key, Field.Store.NO));
        }

        Text(doc, Fields.Title, d.Title);
        Text(doc, Fields.Context, d.Context);
        Text(doc, Fields.Proposal, d.Proposal);
        Text(doc, Fields.Drivers, d.Drivers);
        Text(doc, Fields.Options, d.Options);
        Text(doc, Fields.Outcome, d.OutcomeText);
        Text(doc, Fields.Rationale, d.Rationale);
        Text(doc, Fields.Alternatives, d.Alternatives);
        Text(doc, Fields.Consequences, d.Consequences);
        Text(doc, Fields.Concerns, d.Concerns);
        Text(doc, Fields.Comments, d.Comments);
        Text(doc, Fields.People, d.People);
        Stored(doc, Fields.Decision, d.Decision?.Value);
        Stored(doc, Fields.Supersedes, d.Supersedes?.Value);
        Stored(doc, Fields.SupersededBy, d.SupersededBy?.Value);
        Stored(doc, Fields.OutcomeCode, d.Outcome?.ToString());
        Stored(doc, Fields.ClosesAt, d.ClosesAt?.UtcTicks.ToString(CultureInfo.InvariantCulture));
        Stored(doc, Fields.Thread, d.ThreadUrl?.AbsoluteUri);
        return doc;
    }

    private static void Text(Document doc, string field, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            doc.Add(new TextField(field, value, Field.Store.YES));
        }
    }

    private static void Stored(Document doc, string field, object? value)
    {
        if (value is not null)
        {
            doc.Add(new StoredField(field, Convert.ToString(value, CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Tenant AND one of the teams; null (nothing may be returned) for an empty scope.</summary>
    private static BooleanFilter? ScopeFilter(SearchScope scope, bool decisionsOnly)
    {
        var teams = (scope.Teams ?? []).Select(t => t.Value).Where(t => !string.IsNullOrEmpty(t)).Distinct(StringComparer.Ordinal).Select(t => new BytesRef(t)).ToList();
        if (string.IsNullOrWhiteSpace(scope.TenantId) || teams.Count == 0)
        {
            return null;
        }

        var filter = new BooleanFilter
        {
            new FilterClause(new TermsFilter(new Term(Fields.Tenant, scope.TenantId)), Occur.MUST),
            new FilterClause(new TermsFilter(Fields.Team, teams), Occur.MUST),
        };
        if (decisionsOnly)
        {
            filter.Add(new FilterClause(new TermsFilter(new Term(Fields.Kind, Fields.KindDecision)), Occur.MUST));
        }

        return filter;
    }

    private static DisjunctionMaxQuery AnyField(string term, (string Field, float Boost)[] fields)
    {
        var query = new DisjunctionMaxQuery(0.1f);
        foreach (var (field, boost) in fields)
        {
            query.Add(new TermQuery(new Term(field, term)) { Boost = boost });
        }

        return query;
    }

    private List<string> Terms(string text)
    {
        var terms = new List<string>();
        var stream = analyzer.GetTokenStream(Fields.Title, text);
        try
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                terms.Add(term.ToString());
            }

            stream.End();
        }
        finally
        {
            stream.Dispose();
        }

        return terms;
    }

    /// <summary>The first <paramref name="max"/> characters, control and format characters (bidi overrides, zero-width) as spaces.</summary>
    internal static string Clean(string? text, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(Math.Min(text.Length, max));
        foreach (var c in text.AsSpan(0, Math.Min(text.Length, max)))
        {
            builder.Append(char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Surrogate ? ' ' : c);
        }

        return builder.ToString();
    }

    private T WithSearcher<T>(Func<IndexSearcher, T> read)
    {
        var searcher = searchers.Acquire();
        try
        {
            return read(searcher);
        }
        finally
        {
            searchers.Release(searcher);
        }
    }

    private static string Key(RfcId id) => id.Team.Value + "\n" + id.Number.Value.ToString(CultureInfo.InvariantCulture);

    private static int Int(string value) => int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);

    private static DecisionNumber? Decision(string? value) => value is null ? null : new DecisionNumber(Int(value));

    [GeneratedRegex(@"\b(?<kind>rfc|dec)[-\s#]?(?<n>\d{1,6})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}\b", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex DatePattern();

    /// <summary>Field names: searched text (stored, for the best line), keywords for scope and numbers, and what a hit shows.</summary>
    internal static class Fields
    {
        public const string Id = "id";
        public const string Tenant = "tenant";
        public const string Team = "team";
        public const string Kind = "kind";
        public const string KindRfc = "rfc";
        public const string KindDecision = "decision";
        public const string Keys = "keys";
        public const string Number = "number";
        public const string Status = "status";
        public const string Date = "date";

        /// <summary>The RFC number: among things dated the same instant, the later-numbered one is the newer.</summary>
        public const string Order = "order";
        public const string DateStored = "dateStored";
        public const string Decision = "decision";
        public const string OutcomeCode = "outcomeCode";
        public const string Supersedes = "supersedes";
        public const string SupersededBy = "supersededBy";
        public const string ClosesAt = "closesAt";
        public const string Thread = "thread";
        public const string Title = "title";
        public const string Context = "context";
        public const string Proposal = "proposal";
        public const string Drivers = "drivers";
        public const string Options = "options";
        public const string Outcome = "outcome";
        public const string Rationale = "rationale";
        public const string Alternatives = "alternatives";
        public const string Consequences = "consequences";
        public const string Concerns = "concerns";
        public const string Comments = "comments";
        public const string People = "people";
    }
}
