using System.Globalization;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.Cards.Builders;

/// <summary>The words, colours and small pieces every card shares.</summary>
internal static class CardText
{
    /// <summary>Shown in each viewer's own time zone and format by the client.</summary>
    public static string Date(DateTimeOffset at, string format = "SHORT") =>
        string.Create(CultureInfo.InvariantCulture, $"{{{{DATE({at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}, {format})}}}}");

    public static string Time(DateTimeOffset at) =>
        string.Create(CultureInfo.InvariantCulture, $"{{{{TIME({at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ})}}}}");

    public static string DateTime(DateTimeOffset at) => $"{Date(at)} {Time(at)}";

    public static string Name(UserRef person) => Markdown.Escape(person.DisplayName);

    public static string People(IEnumerable<UserRef> people, int max)
    {
        var list = people.ToList();
        if (list.Count == 0)
        {
            return "nobody";
        }

        var shown = string.Join(", ", list.Take(max).Select(Name));
        return list.Count <= max ? shown : string.Create(CultureInfo.InvariantCulture, $"{shown} and {list.Count - max} more");
    }

    /// <summary>"in 3 days", "in 5 hours", "2 days ago": computed when the card is built; the exact time sits beside it.</summary>
    /// <remarks>Rounded to the nearest unit: a window opened a moment ago with 5 days to run says "in 5 days", not "in 4 days".</remarks>
    public static string Relative(DateTimeOffset at, DateTimeOffset now)
    {
        var span = at - now;
        var future = span >= TimeSpan.Zero;
        var abs = span.Duration();
        var hours = (int)Math.Round(abs.TotalHours, MidpointRounding.AwayFromZero);
        var minutes = (int)Math.Round(abs.TotalMinutes, MidpointRounding.AwayFromZero);
        var words = hours >= 48 ? Count((int)Math.Round(abs.TotalDays, MidpointRounding.AwayFromZero), "day", "days")
            : minutes >= 120 ? Count(hours, "hour", "hours")
            : minutes >= 2 ? Count(minutes, "minute", "minutes")
            : "a moment";
        return future ? $"in {words}" : $"{words} ago";
    }

    public static string State(RfcState state) => state switch
    {
        RfcState.Draft => "Draft",
        RfcState.Open => "Open for comment",
        RfcState.AwaitingDecision => "Awaiting decision",
        RfcState.Accepted => "Accepted",
        RfcState.Rejected => "Rejected",
        RfcState.Deferred => "Deferred",
        RfcState.Withdrawn => "Withdrawn",
        RfcState.Superseded => "Superseded",
        _ => state.ToString(),
    };

    public static TextColor StateColor(RfcState state) => state switch
    {
        RfcState.Open => TextColor.Accent,
        RfcState.AwaitingDecision => TextColor.Warning,
        RfcState.Accepted => TextColor.Good,
        RfcState.Rejected => TextColor.Attention,
        _ => TextColor.Default,
    };

    public static string Vote(VoteKind kind) => kind switch
    {
        VoteKind.Approve => "Approve",
        VoteKind.ApproveWithConcerns => "Approve with concerns",
        VoteKind.Object => "Object",
        VoteKind.Abstain => "Abstain",
        _ => kind.ToString(),
    };

    public static string Outcome(DecisionOutcome outcome) => outcome.ToString();

    public static string Count(int n, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{n:N0} {(n == 1 ? one : many)}");

    /// <summary>
    /// User text cut to about <paramref name="columns"/> columns for one entry of a long list. A character of three or
    /// more UTF-8 bytes (CJK, emoji) counts two: it takes two columns on screen and 3–4 bytes in the card, so a list
    /// of 80 titles stays readable and inside the card budget in any script. Cuts between whole graphemes only.
    /// </summary>
    public static string Columns(string text, int columns)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 2);
        var used = 0;
        var cut = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = (string)elements.Current;
            used += element[0] >= '\u0800' ? 2 : 1;
            if (used > columns)
            {
                return string.Concat(text.AsSpan(0, cut).TrimEnd(), "…");
            }

            if (used <= columns - 1)
            {
                cut = elements.ElementIndex + element.Length;
            }
        }

        return text;
    }

    public static TextBlock Heading(string text) => new(text) { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = TextBlockStyle.Heading };

    public static TextBlock Section(string text) => new(text) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium };

    public static TextBlock Subtle(string text) => new(text) { IsSubtle = true, Spacing = Spacing.None, Size = TextSize.Small };

    /// <summary>
    /// A small upper-case label in the colour of what it names. Teams' good and warning text colours are too pale on
    /// its light background (2.1:1 and 1.5:1; WCAG asks 3:1 even of bold text), so those two are default-coloured text
    /// on a container of that style.
    /// </summary>
    public static CardElement Badge(string text, TextColor color)
    {
        var label = new TextBlock(text.ToUpperInvariant()) { Color = color, Weight = TextWeight.Bolder, Size = TextSize.Small };
        return color switch
        {
            TextColor.Good => new Container([label with { Color = null }]) { Style = ContainerStyle.Good },
            TextColor.Warning => new Container([label with { Color = null }]) { Style = ContainerStyle.Warning },
            _ => label,
        };
    }
}
