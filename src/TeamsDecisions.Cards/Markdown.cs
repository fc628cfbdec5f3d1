using System.Text;

namespace TeamsDecisions.Cards;

/// <summary>
/// Makes user text show as typed in TextBlock and FactSet, which read a markdown subset and DATE/TIME functions.
/// Every markdown-significant character is backslash-escaped (CommonMark escapes any ASCII punctuation), so a title
/// cannot forge bold, links, lists, headings, mentions (&lt;at&gt;), entities or {{DATE()}} functions; line breaks
/// stay line breaks (a lone newline would be a soft break).
/// </summary>
public static class Markdown
{
    private const string AlwaysEscaped = "\\`*_{}[]()#<>|~&!";

    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length + 16);
        var lineStart = true;
        var digitsAtLineStart = false;
        foreach (var c in text)
        {
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
            else if (!(lineStart && c is ' ' or '\t'))
            {
                lineStart = false;
                digitsAtLineStart = false;
            }
        }

        return builder.ToString();
    }

    /// <summary>Escapes and shortens to <paramref name="max"/> characters (before escaping), ending with an ellipsis.</summary>
    public static string EscapeShort(string? text, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var single = text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1).TrimEnd(), "…");
        return Escape(single);
    }
}
