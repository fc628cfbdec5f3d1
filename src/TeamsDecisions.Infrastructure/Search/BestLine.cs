using Lucene.Net.Analysis;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using TeamsDecisions.Core.Search;

namespace TeamsDecisions.Infrastructure.Search;

/// <summary>
/// Finds the line of a field that matches a query best, with the matched words as spans of the plain text: the
/// highlighter scores each line as one fragment and a formatter records where the matches are instead of marking them.
/// </summary>
internal static class BestLine
{
    /// <summary>A card shows about two lines of text; longer lines are cut around their first match.</summary>
    public const int MaxChars = 300;

    /// <summary>Lines looked at per field; a field with more is a pasted log, its first lines are enough.</summary>
    private const int MaxLines = 60;

    public static Highlighted? Find(Analyzer analyzer, Query query, string field, string text)
    {
        var scorer = new QueryScorer(query, field);
        Highlighted? best = null;
        var bestScore = 0f;
        foreach (var line in text.Split('\n').Take(MaxLines))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var matches = new MatchRecorder();
            var highlighter = new Highlighter(matches, scorer) { TextFragmenter = new NullFragmenter() };

            // The highlighter resets, ends and disposes the stream itself.
            highlighter.GetBestFragment(analyzer.GetTokenStream(field, line), line);
            if (matches.Score > bestScore)
            {
                bestScore = matches.Score;
                best = Cut(line, matches.Spans);
            }
        }

        return best;
    }

    /// <summary>The start of <paramref name="text"/>, plain, when nothing in it matched (a hit found by its number).</summary>
    public static Highlighted Plain(string text) => Cut(text.Split('\n')[0], []);

    internal static Highlighted Cut(string line, IReadOnlyList<TextSpan> spans)
    {
        if (line.Length <= MaxChars)
        {
            return new Highlighted(line, spans);
        }

        var start = spans.Count == 0 ? 0 : Math.Max(0, spans[0].Start - (MaxChars / 4));
        if (start > 0)
        {
            var space = line.IndexOf(' ', start);
            start = space < 0 || space >= spans[0].Start ? start : space + 1;
        }

        var end = Math.Min(line.Length, start + MaxChars);
        if (end < line.Length)
        {
            var space = line.LastIndexOf(' ', end - 1, end - start);
            end = space <= start ? end : space;
        }

        var prefix = start > 0 ? "…" : string.Empty;
        var text = prefix + line[start..end] + (end < line.Length ? "…" : string.Empty);
        var shifted = spans
            .Where(s => s.Start >= start && s.Start + s.Length <= end)
            .Select(s => new TextSpan(s.Start - start + prefix.Length, s.Length))
            .ToList();
        return new Highlighted(text, shifted);
    }

    /// <summary>Leaves the text as it is and notes each scored token group's offsets (relative to the line analysed).</summary>
    private sealed class MatchRecorder : IFormatter
    {
        public List<TextSpan> Spans { get; } = [];

        public float Score { get; private set; }

        public string HighlightTerm(string originalText, TokenGroup tokenGroup)
        {
            if (tokenGroup.TotalScore > 0)
            {
                Spans.Add(new TextSpan(tokenGroup.StartOffset, tokenGroup.EndOffset - tokenGroup.StartOffset));
                Score += tokenGroup.TotalScore;
            }

            return originalText;
        }
    }
}
