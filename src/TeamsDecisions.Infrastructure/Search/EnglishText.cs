using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Snowball;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Tartarus.Snowball.Ext;
using Lucene.Net.Util;

namespace TeamsDecisions.Infrastructure.Search;

/// <summary>
/// English words, stemmed: standard tokens, possessives dropped, lower case, English stop words, then the Snowball
/// English (Porter2) stemmer. Porter2 rather than the original Porter stemmer, which stems "deploying" to "deploi"
/// but "deployment" to "deploy", so one would not find the other.
/// </summary>
internal sealed class EnglishText : Analyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(Version, reader);
        TokenStream result = new EnglishPossessiveFilter(Version, source);
        result = new LowerCaseFilter(Version, result);
        result = new StopFilter(Version, result, EnglishAnalyzer.DefaultStopSet);
        result = new SnowballFilter(result, new EnglishStemmer());
        return new TokenStreamComponents(source, result);
    }
}
