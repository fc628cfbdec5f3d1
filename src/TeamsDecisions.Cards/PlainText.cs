using System.Globalization;
using System.Text;
using TeamsDecisions.Core;

namespace TeamsDecisions.Cards;

/// <summary>
/// Cuts user text into the texts of TextRuns that every Teams client shows exactly as typed, with no backslash escapes
/// (Teams mobile shows some of <see cref="Markdown.Escape"/>'s literally: "Aiko Tanaka \(AT\)").
/// The schema says run text is never markdown, and the JS (desktop, web) and Android renderers keep to that. The iOS
/// renderer does not: it reads each run's text with the markdown parser it uses for TextBlock
/// (Teams-AdaptiveCards-Mobile, ACRRichTextBlockRenderer → buildIntermediateResultForText → MarkDownBlockParser), and
/// every client applies {{DATE()}}/{{TIME()}} run by run. So the text is cut where markup would need two characters in
/// one run: each * _ [ ] stands alone (emphasis and links need a delimiter and content together), a - or + ends its
/// run when a space follows (that parser's list item), and "{{" is split. Cuts fall between graphemes, so the runs
/// joined are the text. Bidi controls are removed first, as in names and titles (they would reorder what follows).
/// </summary>
public static class PlainText
{
    private const string AloneChars = "*_[]";

    /// <summary>The texts of the runs for <paramref name="text"/>, shortened to <paramref name="max"/> characters (whole graphemes, ending with an ellipsis).</summary>
    public static IReadOnlyList<string> Pieces(string? text, int max = int.MaxValue)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var shown = UserText.StripBidiControls(text);
        if (shown.Length > max)
        {
            shown = UserText.Shorten(shown, max);
        }

        var pieces = new List<string>();
        var run = new StringBuilder();
        var graphemes = StringInfo.GetTextElementEnumerator(shown);
        var previous = string.Empty;
        while (graphemes.MoveNext())
        {
            var grapheme = (string)graphemes.Current;
            if (AloneChars.Contains(grapheme[0], StringComparison.Ordinal))
            {
                Flush(run, pieces);
                pieces.Add(grapheme);
            }
            else
            {
                // Compared as characters: "{" and a joiner are one grapheme, and the date function still matches "{{".
                var opensFunction = grapheme[0] == '{' && previous.EndsWith('{');
                var opensListItem = grapheme[0] == ' ' && (previous.EndsWith('-') || previous.EndsWith('+'));
                if (opensFunction || opensListItem)
                {
                    Flush(run, pieces);
                }

                run.Append(grapheme);
            }

            previous = grapheme;
        }

        Flush(run, pieces);
        return pieces;
    }

    private static void Flush(StringBuilder run, List<string> pieces)
    {
        if (run.Length > 0)
        {
            pieces.Add(run.ToString());
            run.Clear();
        }
    }
}
