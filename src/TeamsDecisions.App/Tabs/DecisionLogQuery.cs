using System.Globalization;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.App.Tabs;

/// <summary>
/// The decision log's filters as the tab sends them (<c>?status=&amp;from=&amp;to=&amp;decider=&amp;q=</c>), checked once:
/// dates are yyyy-MM-dd days of the team's time zone, both ends included.
/// </summary>
internal sealed record DecisionLogQuery(RfcState? Status, DateOnly? From, DateOnly? To, string? Decider, string? Text)
{
    /// <summary>What a person types is cut here by the search index too; longer is refused rather than silently cut.</summary>
    public const int TextMax = 500;

    public const int DeciderMax = 256;

    public static readonly RfcState[] Statuses = [RfcState.Accepted, RfcState.Rejected, RfcState.Deferred, RfcState.Withdrawn, RfcState.Superseded];

    /// <summary>The query, or the problems with it keyed by parameter, each saying what to fix.</summary>
    public static (DecisionLogQuery? Query, Dictionary<string, string[]> Errors) Parse(string? status, string? from, string? to, string? decider, string? q)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        RfcState? state = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (Enum.TryParse<RfcState>(status.Trim(), ignoreCase: true, out var parsed) && Statuses.Contains(parsed) && !int.TryParse(status, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                state = parsed;
            }
            else
            {
                errors["status"] = [$"Unknown status \"{Shorten(status)}\": use one of {string.Join(", ", Statuses)}, or leave it out."];
            }
        }

        var fromDay = Day(from, "from", errors);
        var toDay = Day(to, "to", errors);
        if (fromDay is { } f && toDay is { } t && f > t)
        {
            errors["to"] = [$"The range ends ({t:yyyy-MM-dd}) before it starts ({f:yyyy-MM-dd}): swap the dates."];
        }

        if (decider is { Length: > DeciderMax })
        {
            errors["decider"] = [$"The decider is at most {DeciderMax} characters (a user id or part of a name)."];
        }

        if (q is { Length: > TextMax })
        {
            errors["q"] = [$"The text is {q.Length} characters; search with at most {TextMax}."];
        }

        return errors.Count > 0
            ? (null, errors)
            : (new DecisionLogQuery(state, fromDay, toDay, string.IsNullOrWhiteSpace(decider) ? null : decider.Trim(), string.IsNullOrWhiteSpace(q) ? null : q.Trim()), errors);
    }

    private static DateOnly? Day(string? text, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors[name] = [$"\"{Shorten(text)}\" is not a date: write it as yyyy-MM-dd, e.g. 2026-11-02."];
        return null;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
