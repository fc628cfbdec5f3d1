using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Norms;

namespace TeamsDecisions.Cards.Builders;

/// <summary>Who a queue card is for, and how it was asked for.</summary>
public enum QueueAudience
{
    /// <summary>"my queue" in the personal chat: every team of theirs.</summary>
    PersonalChat,

    /// <summary>"my queue" in a channel or group chat: only that team's RFCs, headed with the person's name (others see the card too).</summary>
    Team,

    /// <summary>The daily digest, in the personal chat.</summary>
    Digest,
}

/// <summary>"My queue" and the daily digest: what waits on one person, soonest due first, each with an Open button.</summary>
public static class QueueCards
{
    /// <summary>Entries shown; the rest are counted ("and 4 more").</summary>
    public const int Shown = 10;

    /// <summary>Columns a title is cut to, so that ten entries stay readable and inside the card budget in any script.</summary>
    public const int TitleColumns = 70;

    /// <summary>
    /// The queue of <paramref name="person"/> at <paramref name="now"/>. <paramref name="teamNames"/> labels each entry
    /// with its team when the queue spans teams. Due times are {{DATE}}/{{TIME}}: Teams shows them in the reader's zone.
    /// </summary>
    public static AdaptiveCard Build(UserRef person, IReadOnlyList<QueueItem> items, QueueAudience audience, DateTimeOffset now, IReadOnlyDictionary<TeamId, string>? teamNames = null, bool digestOn = false, int teamsNotChecked = 0)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(items);
        var body = new List<CardElement>
        {
            audience switch
            {
                QueueAudience.Team => CardText.Title([new("Waiting on "), .. CardText.User(person)]),
                QueueAudience.Digest => CardText.Title([new("Your digest: what waits on you")]),
                _ => CardText.Title([new("Waiting on you")]),
            },
            new TextBlock(Summary(items, audience)) { Wrap = true, Spacing = Spacing.Small },
        };
        var spansTeams = teamNames is not null && items.Select(i => i.Rfc.Team).Distinct().Skip(1).Any();
        foreach (var item in items.Take(Shown))
        {
            body.Add(Entry(item, now, spansTeams ? teamNames : null));
        }

        if (items.Count > Shown)
        {
            body.Add(CardText.Subtle($"and {CardText.Count(items.Count - Shown, "more", "more")}: the soonest due are shown first.") with { Spacing = Spacing.Medium });
        }

        if (teamsNotChecked > 0)
        {
            body.Add(new TextBlock($"Teams did not answer when I checked your membership of {CardText.Count(teamsNotChecked, "team", "teams")}, so {(teamsNotChecked == 1 ? "its" : "their")} RFCs are not listed. Ask again in a minute.") { Wrap = true, Spacing = Spacing.Medium });
        }

        body.Add(CardText.Subtle(Footer(audience, digestOn)) with { Spacing = Spacing.Medium, Wrap = true });
        return new AdaptiveCard
        {
            Body = body,
            FallbackText = Summary(items, audience),
            MsTeams = new TeamsCardProperties(),
        };
    }

    /// <summary>The answer to "digest on" / "digest off".</summary>
    public static AdaptiveCard DigestSwitched(bool on, string timeZone)
    {
        var text = on
            ? $"Done. Every working day at 09:00 ({timeZone}) I'll send you what waits on you: decisions to make, responses due and your open concerns. On a day when nothing waits, I stay quiet. Say \"digest off\" to stop."
            : "Stopped: no more daily digest. Say \"my queue\" whenever you want to see what waits on you.";
        return new AdaptiveCard
        {
            Body = [CardText.Badge("Daily digest", TextColor.Accent), CardText.Plain(text) with { Spacing = Spacing.Small }],
            FallbackText = text,
            MsTeams = new TeamsCardProperties(),
        };
    }

    private static Container Entry(QueueItem item, DateTimeOffset now, IReadOnlyDictionary<TeamId, string>? teamNames)
    {
        var rfc = item.Rfc;
        var what = item.Kind switch
        {
            QueueItemKind.Decide => new List<TextRun> { CardText.Bold("Decide") },
            QueueItemKind.Respond => [CardText.Bold("Vote or comment"), new(rfc.Kind == Core.Rfcs.RfcKind.Routine ? " (routine)" : " (design review)")],
            _ => [CardText.Bold("Your concern: "), .. CardText.User(CardText.Columns(item.Concern!.Title, 60))],
        };
        var when = item.DueAt is not { } due
            ? [new TextRun(" · waiting for the decision")]
            : item.IsOverdue(now)
                ? new List<TextRun> { new(" · "), CardText.Bold("overdue"), new($": was due {CardText.DateTime(due)} ({CardText.Relative(due, now)})") }
                : [new($" · {(item.Kind == QueueItemKind.Concern ? "comments close" : "due")} {CardText.DateTime(due)} ({CardText.Relative(due, now)})")];
        var team = teamNames is not null && teamNames.TryGetValue(rfc.Team, out var name) ? [new TextRun(" · "), .. CardText.User(CardText.Columns(name, 40))] : Enumerable.Empty<TextRun>();
        CardAction open = rfc.Thread?.WebUrl is { } url
            ? new OpenUrlAction(url) { Title = "Open" }
            : new ExecuteAction(CardVerbs.Refresh) { Title = "Open", Data = new RefreshData { Team = rfc.Team.Value, Rfc = rfc.Number.Value }, AssociatedInputs = AssociatedInputs.None };
        return new Container(
        [
            new RichTextBlock([CardText.Bold($"{rfc.Number} "), .. CardText.User(CardText.Columns(rfc.Title, TitleColumns))]),
            CardText.Line([.. what, .. when, .. team], TextSize.Small) with { Spacing = Spacing.None },
            new ActionSet([open]) { Spacing = Spacing.Small },
        ])
        { Spacing = Spacing.Medium, Separator = true };
    }

    private static string Summary(IReadOnlyList<QueueItem> items, QueueAudience audience)
    {
        if (items.Count == 0)
        {
            return audience == QueueAudience.Team ? "Nothing in this team waits on them right now." : "Nothing waits on you right now.";
        }

        var parts = new List<string>();
        Add(QueueItemKind.Decide, "decision to make", "decisions to make");
        Add(QueueItemKind.Respond, "response due", "responses due");
        Add(QueueItemKind.Concern, "open concern of yours", "open concerns of yours");
        return string.Join(" · ", parts) + ".";

        void Add(QueueItemKind kind, string one, string many)
        {
            if (items.Count(i => i.Kind == kind) is var n and > 0)
            {
                parts.Add(CardText.Count(n, one, many));
            }
        }
    }

    private static string Footer(QueueAudience audience, bool digestOn) => audience switch
    {
        QueueAudience.Team => "Only this team's RFCs. In your personal chat with me, \"my queue\" covers all your teams.",
        QueueAudience.Digest => "Sent every working day at 09:00 your time. Say \"digest off\" to stop.",
        _ when digestOn => "You get this every working day at 09:00 your time. Say \"digest off\" to stop.",
        _ => "Say \"digest on\" to get this every working day at 09:00 your time.",
    };
}
