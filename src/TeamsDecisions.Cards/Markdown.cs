using System.Text;
using TeamsDecisions.Core;

namespace TeamsDecisions.Cards;

/// <summary>
/// Makes user text show as typed in TextBlock and FactSet, which read a markdown subset and DATE/TIME functions.
/// Every markdown-significant character is backslash-escaped (CommonMark escapes any ASCII punctuation), so a title
/// cannot forge bold, links, lists, headings, mentions (&lt;at&gt;), entities or {{DATE()}} functions; line breaks
/// stay line breaks (a lone newline would be a soft break). Two exceptions keep the text as typed:
/// inside a bare URL only characters that could still start markup there are escaped, because Teams autolinks the
/// text with the backslashes in it (https://x/a\_b would link to a%5C_b); and leading spaces become no-break spaces,
/// because four of them would make the line a code block.
/// </summary>
public static class Markdown
{
    private const string AlwaysEscaped = "\\`*_{}[]()#<>|~&!";

    /// <summary>Inside a bare URL: the characters that can open markup mid-word. "(" and ")" are inert there because "]" is always escaped.</summary>
    private const string EscapedInUrl = "\\`*{}[]|~";

    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length + 16);
        var lineStart = true;
        var digitsAtLineStart = false;
        var urlEnd = 0;
        var underscores = new UnderscoreRuns();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (i >= urlEnd)
            {
                urlEnd = i + BareUrlLength(text, i);
            }

            if (i < urlEnd)
            {
                if (c == '_' ? underscores.MustEscape(text, i) : NeedsEscapeInUrl(text, i))
                {
                    builder.Append('\\');
                }

                builder.Append(c);
                lineStart = false;
                digitsAtLineStart = false;
                continue;
            }

            if (lineStart && c is ' ' or '\t')
            {
                builder.Append(c == '\t' ? "\u00A0\u00A0\u00A0\u00A0" : "\u00A0");
                continue;
            }

            var escape = AlwaysEscaped.Contains(c, StringComparison.Ordinal)
                || (lineStart && c is '-' or '+' or '=')
                || (digitsAtLineStart && c is '.' or ')');
            if (escape)
            {
                builder.Append('\\');
            }

            if (c == '\n')
            {
                // A single newline is a soft break in markdown (shown as a space); two trailing spaces keep the line break.
                builder.Append("  ");
            }

            builder.Append(c);
            if (c == '\n')
            {
                lineStart = true;
                digitsAtLineStart = false;
            }
            else if (char.IsAsciiDigit(c) && (lineStart || digitsAtLineStart))
            {
                lineStart = false;
                digitsAtLineStart = true;
            }
            else
            {
                lineStart = false;
                digitsAtLineStart = false;
            }
        }

        return builder.ToString();
    }

    /// <summary>Escapes and shortens to <paramref name="max"/> characters (before escaping), whole graphemes, ending with an ellipsis.</summary>
    public static string EscapeShort(string? text, int max) =>
        string.IsNullOrEmpty(text) ? string.Empty : Escape(UserText.Shorten(text, max));

    /// <summary>The length of the bare URL (http://, https:// or www.) starting at <paramref name="start"/>, or 0.</summary>
    internal static int BareUrlLength(string text, int start)
    {
        if (start > 0 && char.IsLetterOrDigit(text[start - 1]))
        {
            return 0;
        }

        var rest = text.AsSpan(start);
        var prefix = rest.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? 8
            : rest.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? 7
            : rest.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? 4
            : 0;
        if (prefix == 0)
        {
            return 0;
        }

        var end = prefix;
        while (end < rest.Length && !char.IsWhiteSpace(rest[end]) && !char.IsControl(rest[end]) && rest[end] is not ('<' or '>'))
        {
            end++;
        }

        return end > prefix ? end : 0;
    }

    private static bool NeedsEscapeInUrl(string text, int i) =>
        text[i] == '&' ? StartsEntity(text.AsSpan(i + 1)) : EscapedInUrl.Contains(text[i], StringComparison.Ordinal);

    private static bool IsPunctuationOrSymbol(char c) => char.IsPunctuation(c) || char.IsSymbol(c);

    /// <summary>
    /// Underscores in URLs (Foo_(bar), /_git/, utm_source) stay as typed unless they could close emphasis that an earlier
    /// raw underscore opened: CommonMark emphasis needs both, and every underscore outside a URL is escaped.
    /// </summary>
    private sealed class UnderscoreRuns
    {
        private int runEnd;
        private bool escapeRun;
        private bool openerSeen;

        public bool MustEscape(string text, int i)
        {
            if (i < runEnd)
            {
                return escapeRun;
            }

            runEnd = i;
            while (runEnd < text.Length && text[runEnd] == '_')
            {
                runEnd++;
            }

            // CommonMark's flanking rules; the start and end of the text count as whitespace.
            var before = i == 0 ? ' ' : text[i - 1];
            var after = runEnd == text.Length ? ' ' : text[runEnd];
            var leftFlanking = !char.IsWhiteSpace(after) && (!IsPunctuationOrSymbol(after) || char.IsWhiteSpace(before) || IsPunctuationOrSymbol(before));
            var rightFlanking = !char.IsWhiteSpace(before) && (!IsPunctuationOrSymbol(before) || char.IsWhiteSpace(after) || IsPunctuationOrSymbol(after));
            var canOpen = leftFlanking && (!rightFlanking || IsPunctuationOrSymbol(before));
            var canClose = rightFlanking && (!leftFlanking || IsPunctuationOrSymbol(after));
            escapeRun = canClose && openerSeen;
            openerSeen |= canOpen && !escapeRun;
            return escapeRun;
        }
    }

    /// <summary>Whether "&amp;" followed by <paramref name="rest"/> would be read as a character reference (&amp;copy; &amp;#42; &amp;#x2A;).</summary>
    private static bool StartsEntity(ReadOnlySpan<char> rest)
    {
        var semicolon = rest.IndexOf(';');
        if (semicolon < 1 || semicolon > 32)
        {
            return false;
        }

        var name = rest[..semicolon];
        if (name[0] != '#')
        {
            return char.IsAsciiLetter(name[0]) && All(name, char.IsAsciiLetterOrDigit);
        }

        return name.Length > 1 && (All(name[1..], char.IsAsciiDigit)
            || (name.Length > 2 && name[1] is 'x' or 'X' && All(name[2..], char.IsAsciiHexDigit)));
    }

    private static bool All(ReadOnlySpan<char> span, Func<char, bool> test)
    {
        foreach (var c in span)
        {
            if (!test(c))
            {
                return false;
            }
        }

        return true;
    }
}
