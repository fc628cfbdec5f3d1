using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.Cards.Builders;

/// <summary>Cards the conversation posts around RFCs: a confirmation, the team's list, the decider's nudge.</summary>
public static class ConversationCards
{
    public const int ListShown = 15;

    /// <summary>Shown to the author in place of the form once the RFC is posted.</summary>
    public static AdaptiveCard RfcPosted(Rfc rfc, string channelName, Uri? threadUrl, IReadOnlyList<Core.Search.SearchHit>? related = null)
    {
        ArgumentNullException.ThrowIfNull(rfc);
        var closes = rfc.Window is { } window ? $" Comments close {CardText.DateTime(window.ClosesAt)}." : string.Empty;
        var channel = CardText.Line(CardText.User(channelName), weight: TextWeight.Bolder).Inlines;
        return new AdaptiveCard
        {
            Body =
            [
                CardText.Badge($"{rfc.Number} · {CardText.State(rfc.State)}", CardText.StateColor(rfc.State)),
                CardText.Title(CardText.User(rfc.Title)) with { Spacing = Spacing.Small },
                new RichTextBlock([new("Posted to "), .. channel, new($" for comment.{closes} Reviewers can vote, comment and raise concerns on the card there.{(threadUrl is null ? " Find it in that channel." : string.Empty)}")]) { Spacing = Spacing.Small },
                .. Related(related ?? []),
            ],
            Actions = threadUrl is null ? null : [new OpenUrlAction(threadUrl) { Title = "Go to the RFC" }],
            FallbackText = $"{rfc.Number} posted to {channelName}",
            MsTeams = new TeamsCardProperties(),
        };
    }

    /// <summary>Related decisions shown to an RFC's author: at most this many, so the confirmation stays short.</summary>
    public const int RelatedShown = 3;

    /// <summary>
    /// "Related past decisions": each "DEC-0012 Adopt Kafka for order events — accepted {{DATE}}. Does this RFC
    /// supersede it?", so the author can say so in the RFC before reviewers ask. Open RFCs are not listed.
    /// </summary>
    private static IEnumerable<CardElement> Related(IReadOnlyList<Core.Search.SearchHit> related)
    {
        var decisions = related.Where(h => h.Decision is not null && h.Outcome is not null).Take(RelatedShown).ToList();
        if (decisions.Count == 0)
        {
            yield break;
        }

        yield return CardText.Section("Related past decisions");
        foreach (var hit in decisions)
        {
            var superseded = hit.SupersededBy is { } by ? $" (superseded by {by})" : string.Empty;
            yield return new RichTextBlock(
            [
                CardText.Bold($"{hit.Decision} "),
                .. CardText.User(CardText.Columns(hit.Title, SearchCards.TitleColumns)),
                new($" \u2014 {CardText.Outcome(hit.Outcome!.Value).ToLowerInvariant()} {CardText.Date(hit.Date)}{superseded}. Does this RFC supersede it?"),
            ])
            { Spacing = Spacing.Small };
        }
    }

    /// <summary>
    /// Shown to the author when the RFC was saved but its card could not be posted. The one button submits the saved
    /// form again (no inputs, so nothing can be edited on the way): the same RFC is posted, never a second one.
    /// </summary>
    public static AdaptiveCard RfcNotPosted(Rfc rfc, string channelName, string problem, NewRfcData savedForm)
    {
        ArgumentNullException.ThrowIfNull(rfc);
        var channel = CardText.Line(CardText.User(channelName), weight: TextWeight.Bolder).Inlines;
        return new AdaptiveCard
        {
            Body =
            [
                CardText.Badge($"{rfc.Number} · saved, not posted yet", TextColor.Warning),
                CardText.Title(CardText.User(rfc.Title)) with { Spacing = Spacing.Small },
                new RichTextBlock(
                [
                    .. CardText.User(problem),
                    new($" {rfc.Number} is saved as you wrote it; press "),
                    CardText.Bold("Post it now"),
                    new(" to post it to "),
                    .. channel,
                    new(". Pressing it again never makes a second RFC."),
                ])
                { Spacing = Spacing.Small },
            ],
            Actions = [new ExecuteAction(CardVerbs.SubmitRfc) { Title = "Post it now", Data = savedForm, Style = ActionStyle.Positive }],
            FallbackText = $"{rfc.Number} is saved but not posted yet",
            MsTeams = new TeamsCardProperties(),
        };
    }

    /// <summary>The answer to "rfc list": the team's RFCs that are open or awaiting a decision, soonest deadline first.</summary>
    public static AdaptiveCard RfcList(string teamName, IReadOnlyList<RfcSummary> active, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(active);
        var body = new List<CardElement>
        {
            CardText.Title([new("Open RFCs in "), .. CardText.User(teamName)]),
        };
        if (active.Count == 0)
        {
            body.Add(new TextBlock("Nothing is open for comment or waiting for a decision. Start one with **rfc new**.") { Spacing = Spacing.Small });
        }

        foreach (var rfc in active.OrderBy(r => r.ClosesAt ?? DateTimeOffset.MaxValue).Take(ListShown))
        {
            var state = rfc.State == RfcState.Open && rfc.ClosesAt <= now ? RfcState.AwaitingDecision : rfc.State;
            IEnumerable<TextRun> when = state == RfcState.Open && rfc.ClosesAt is { } closes
                ? [new($"comments close {CardText.DateTime(closes)} ({CardText.Relative(closes, now)})")]
                : [new("waiting for "), .. CardText.User(rfc.Decider)];
            body.Add(new Container(
            [
                new RichTextBlock([CardText.Bold($"{rfc.Id.Number} "), .. CardText.User(rfc.Title)]),
                CardText.SubtleLine([new($"{CardText.State(state)} · "), .. when, new(" · by "), .. CardText.User(rfc.Author)]),
            ])
            { Spacing = Spacing.Medium, Separator = true });
        }

        if (active.Count > ListShown)
        {
            body.Add(CardText.Subtle($"and {CardText.Count(active.Count - ListShown, "more", "more")}"));
        }

        return new AdaptiveCard
        {
            Body = body,
            Actions = [new ExecuteAction(CardVerbs.NewRfcForm) { Title = "Propose an RFC" }],
            FallbackText = CardText.Count(active.Count, "open RFC", "open RFCs"),
            MsTeams = new TeamsCardProperties(),
        };
    }

    /// <summary>Posted in the RFC's thread when its window closes: the decider's cue, with the tally and open concerns.</summary>
    public static AdaptiveCard WindowClosed(Rfc rfc)
    {
        ArgumentNullException.ThrowIfNull(rfc);
        var tally = rfc.Tally;
        var open = rfc.OpenConcerns.ToList();
        var body = new List<CardElement>
        {
            CardText.Badge($"{rfc.Number} · Awaiting decision", TextColor.Warning),
            new RichTextBlock(
            [
                new("Comments on "),
                .. CardText.Line(CardText.User(rfc.Title), weight: TextWeight.Bolder).Inlines,
                new(" have closed. "),
                .. CardText.User(rfc.Decider),
                new(", it is your decision now."),
            ])
            { Spacing = Spacing.Small },

            // Label lines rather than a FactSet: fact values are markdown, and concern names are typed by people.
            CardText.Labelled("Votes", $"{CardText.Count(tally.Approve, "approve", "approve")} · {CardText.Count(tally.ApproveWithConcerns, "with concerns", "with concerns")} · {CardText.Count(tally.Object, "objection", "objections")} · {CardText.Count(tally.Abstain, "abstention", "abstentions")}") with { Spacing = Spacing.Small },
            new RichTextBlock(
            [
                CardText.Bold("Open concerns: "),
                .. open.Count == 0 ? [new TextRun("none")] : CardText.UserList(open.Take(5).Select(c => c.Title), 60),
                .. open.Count > 5 ? [new TextRun($" and {CardText.Count(open.Count - 5, "more", "more")}")] : Enumerable.Empty<TextRun>(),
            ])
            { Spacing = Spacing.None },
            CardText.Labelled("Comments", CardText.Count(rfc.Comments.Count, "comment", "comments")) with { Spacing = Spacing.None },
        };
        return new AdaptiveCard
        {
            Body = body,
            Actions = [new ExecuteAction(CardVerbs.ResolveForm) { Title = "Resolve (decider)", Data = RfcCard.Data<ResolveFormData>(rfc), Style = ActionStyle.Positive }],
            FallbackText = $"{rfc.Number} awaits {rfc.Decider.DisplayName}'s decision",
            MsTeams = new TeamsCardProperties(),
        };
    }
}
