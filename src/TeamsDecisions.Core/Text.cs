namespace TeamsDecisions.Core;

/// <summary>Checks user text against the process's limits and answers with the field to fix.</summary>
internal static class Text
{
    public static string Required(string? value, string field, string label, int min, int max, bool trim = true)
    {
        var text = Normalise(value, trim);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new DomainRuleException(Rules.InputRequired, $"{label} is required.", field);
        }

        if (text.Length < min)
        {
            throw new DomainRuleException(Rules.InputTooShort, $"{label} needs at least {min} characters; it has {text.Length}.", field);
        }

        if (text.Length > max)
        {
            throw new DomainRuleException(Rules.InputTooLong, $"{label} can be at most {max:N0} characters; it has {text.Length:N0}. Shorten it or link to a document.", field);
        }

        return text;
    }

    public static string? Optional(string? value, string field, string label, int max)
    {
        var text = Normalise(value, trim: true);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return text.Length <= max
            ? text
            : throw new DomainRuleException(Rules.InputTooLong, $"{label} can be at most {max:N0} characters; it has {text.Length:N0}.", field);
    }

    /// <summary>Line endings become \n and NUL characters go (Table Storage and cards cannot carry them).</summary>
    private static string Normalise(string? value, bool trim)
    {
        if (value is null)
        {
            return string.Empty;
        }

        var text = value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace("\0", string.Empty, StringComparison.Ordinal);
        return trim ? text.Trim() : text;
    }
}

/// <summary>Text operations that must respect what a reader sees: whole graphemes, no direction overrides.</summary>
public static class UserText
{
    /// <summary>
    /// Removes the bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069). In a name or title they
    /// would reverse or reorder the words a card puts after them ("Proposed by … on …"), which is how text is spoofed.
    /// </summary>
    public static string StripBidiControls(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny(BidiControls) < 0)
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!IsBidiControl(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    public static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>
    /// At most <paramref name="max"/> UTF-16 characters: the text itself, or its leading whole graphemes and an ellipsis.
    /// Cuts only between text elements, so an emoji, a ZWJ sequence or a letter with its accents is kept or dropped whole.
    /// </summary>
    public static string Shorten(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (text.Length <= max)
        {
            return text;
        }

        var keep = 0;
        var enumerator = System.Globalization.StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            var end = enumerator.ElementIndex + ((string)enumerator.Current).Length;
            if (end > max - 1)
            {
                break;
            }

            keep = end;
        }

        return string.Concat(text.AsSpan(0, keep).TrimEnd(), "…");
    }

    private static readonly System.Buffers.SearchValues<char> BidiControls =
        System.Buffers.SearchValues.Create("\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");
}
