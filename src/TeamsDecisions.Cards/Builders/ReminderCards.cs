using System.Globalization;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Cards.Builders;

/// <summary>The 1:1 reminders of the response norms, and the small answers to their buttons.</summary>
public static class ReminderCards
{
    /// <summary>Longest "I'm not the right reviewer" note: a sentence or two for the author, not a review.</summary>
    public const int NoteMaxLength = 500;

    /// <summary>"Your response to RFC-0002 'title' is due …": Respond, Snooze 24 h, I'm not the right reviewer.</summary>
    public static AdaptiveCard Reviewer(Rfc rfc, DateTimeOffset respondBy, TimeSpan norm)
    {
        ArgumentNullException.ThrowIfNull(rfc);
        var kind = rfc.Kind == RfcKind.Routine ? "routine" : "design review";
        var text = string.Create(CultureInfo.InvariantCulture,
            $"Your response to **{rfc.Number}** '{Markdown.EscapeShort(rfc.Title, RfcLimits.TitleMax)}' is due {CardText.DateTime(respondBy)} ({kind}: {norm.TotalHours:0} h).");
        var data = new RefreshData { Team = rfc.Team.Value, Rfc = rfc.Number.Value };
        var notMe = new AdaptiveCard
        {
            Body =
            [
                new TextInput
                {
                    Id = InputIds.NotMeNote,
                    Label = "Why (optional; the author sees it)",
                    IsMultiline = true,
                    MaxLength = NoteMaxLength,
                    Placeholder = "e.g. I don't work on the order service any more; ask the payments team.",
                },
            ],
            Actions =
            [
                new ExecuteAction(CardVerbs.ReminderNotMe)
                {
                    Title = $"Tell {Markdown.EscapeShort(rfc.Author.DisplayName, 40)}",
                    Data = new NotMeData { Team = rfc.Team.Value, Rfc = rfc.Number.Value },
                    AssociatedInputs = AssociatedInputs.Auto,
                },
            ],
        };
        return new AdaptiveCard
        {
            Body =
            [
                new TextBlock("Reminder") { Weight = TextWeight.Bolder, Style = TextBlockStyle.Heading },
                new TextBlock(text) { Wrap = true, Spacing = Spacing.Small },
            ],
            Actions =
            [
                new ExecuteAction(CardVerbs.Refresh) { Title = "Respond", Style = ActionStyle.Positive, Data = data, AssociatedInputs = AssociatedInputs.None },
                new ExecuteAction(CardVerbs.ReminderSnooze) { Title = "Snooze 24 h", Data = new SnoozeReminderData { Team = rfc.Team.Value, Rfc = rfc.Number.Value }, AssociatedInputs = AssociatedInputs.None },
                new ShowCardAction(notMe) { Title = "I'm not the right reviewer" },
            ],
            FallbackText = $"Your response to {rfc.Number} is due.",
            MsTeams = new TeamsCardProperties(),
        };
    }

    /// <summary>"Comments on RFC-0004 closed …; it is yours to resolve." with Respond (the decider's own view, with Resolve).</summary>
    public static AdaptiveCard Decider(Rfc rfc)
    {
        ArgumentNullException.ThrowIfNull(rfc);
        var closed = rfc.Window is { } window ? $" closed {CardText.DateTime(window.ClosesAt)}" : " closed";
        var text = $"Comments on **{rfc.Number}** '{Markdown.EscapeShort(rfc.Title, RfcLimits.TitleMax)}'{closed}; it is yours to resolve.";
        return new AdaptiveCard
        {
            Body =
            [
                new TextBlock("Reminder") { Weight = TextWeight.Bolder, Style = TextBlockStyle.Heading },
                new TextBlock(text) { Wrap = true, Spacing = Spacing.Small },
            ],
            Actions =
            [
                new ExecuteAction(CardVerbs.Refresh) { Title = "Respond", Style = ActionStyle.Positive, Data = new RefreshData { Team = rfc.Team.Value, Rfc = rfc.Number.Value }, AssociatedInputs = AssociatedInputs.None },
            ],
            FallbackText = $"Comments on {rfc.Number} closed; it is yours to resolve.",
            MsTeams = new TeamsCardProperties(),
        };
    }

    /// <summary>The answer to Snooze: "I'll remind you on …".</summary>
    public static AdaptiveCard Snoozed(RfcNumber rfc, DateTimeOffset at) => Small($"I'll remind you about **{rfc}** on {CardText.DateTime(at)}.", $"I'll remind you about {rfc} later.");

    /// <summary>The answer to "I'm not the right reviewer": "Told &lt;author&gt;".</summary>
    public static AdaptiveCard ToldAuthor(RfcNumber rfc, UserRef author)
    {
        ArgumentNullException.ThrowIfNull(author);
        return Small($"Told {CardText.Name(author)} that you are not the right reviewer for **{rfc}**.", $"Told {author.DisplayName}.");
    }

    private static AdaptiveCard Small(string text, string fallback) => new()
    {
        Body = [new TextBlock(text) { Wrap = true }],
        FallbackText = fallback,
        MsTeams = new TeamsCardProperties(),
    };
}
