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
