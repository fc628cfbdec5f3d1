using System.Globalization;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.Cards.Builders;

/// <summary>The RFC card once resolved or withdrawn: outcome, a rationale summary, and links to read the whole decision.</summary>
public static class FinalCard
{
    public const int RationaleLength = 500;

    public static AdaptiveCard Build(Rfc rfc, CardLinks links)
    {
        ArgumentNullException.ThrowIfNull(rfc);
        ArgumentNullException.ThrowIfNull(links);
        if (!rfc.State.IsResolved())
        {
            throw new ArgumentException($"{rfc.Number} is {rfc.State}; the final card is for resolved or withdrawn RFCs.", nameof(rfc));
        }

        var body = new List<CardElement>();
        var decision = rfc.Decision;
        if (decision is null)
        {
            body.Add(CardText.Badge($"{rfc.Number} · {CardText.State(rfc.State)}", CardText.StateColor(rfc.State)));
            body.Add(CardText.Title(CardText.User(rfc.Title)) with { Spacing = Spacing.Small });
            body.Add(CardText.SubtleLine([new("Proposed by "), .. CardText.User(rfc.Author), new(" on "), new(CardText.Date(rfc.ProposedAt))]));
            body.Add(new RichTextBlock([.. CardText.User(rfc.Author), new(" withdrew this RFC: "), .. CardText.User(rfc.WithdrawalReason, RationaleLength)]) { Spacing = Spacing.Medium });
            return Card(body, links.DecisionLog is { } logLink ? [new OpenUrlAction(logLink) { Title = "Decision log" }] : [], rfc);
        }

        body.Add(CardText.Badge($"{decision.Number} · {CardText.State(decision.Status)}", CardText.StateColor(decision.Status)));
        body.Add(CardText.Title(CardText.User(decision.Title)) with { Spacing = Spacing.Small });
        body.Add(CardText.SubtleLine(
            [new($"{rfc.Number} · decided by "), .. CardText.User(decision.Decider), new(" on "), new(CardText.Date(decision.DecidedAt)), new(" · proposed by "), .. CardText.User(decision.Author)]));
        if (decision.SupersededBy is { } by)
        {
            body.Add(new Container([new TextBlock($"Superseded by **{by}**. Read that decision for the current answer.") { Weight = TextWeight.Bolder }]) { Style = ContainerStyle.Warning, Spacing = Spacing.Medium });
        }

        // Label lines rather than a FactSet: fact values are markdown, and these hold option names people typed.
        IEnumerable<TextRun> chosen = decision.ChosenOption is { } option ? [new(" — "), .. CardText.User(option)] : [];
        var facts = new List<RichTextBlock> { new([CardText.Bold("Outcome: "), new(CardText.Outcome(decision.Outcome)), .. chosen]) };
        if (decision.AlternativesNotChosen.Count > 0)
        {
            facts.Add(new RichTextBlock([CardText.Bold("Not chosen: "), .. CardText.UserList(decision.AlternativesNotChosen.Select(a => a.Option))]));
        }

        var tally = decision.Tally;
        facts.Add(CardText.Labelled("Votes", string.Create(CultureInfo.InvariantCulture, $"{tally.Approve:N0} approve · {tally.ApproveWithConcerns:N0} with concerns · {tally.Object:N0} object · {tally.Abstain:N0} abstain")));
        if (decision.Concerns.Count > 0)
        {
            var resolved = decision.Concerns.Count(c => c.Status == ConcernStatus.Resolved);
            var overruled = decision.Concerns.Count(c => c.Status == ConcernStatus.Overruled);
            var open = decision.Concerns.Count - resolved - overruled;
            facts.Add(CardText.Labelled("Concerns", string.Create(CultureInfo.InvariantCulture, $"{resolved:N0} resolved · {overruled:N0} overruled{(open > 0 ? $" · {open} left open" : string.Empty)}")));
        }

        if (decision.Supersedes is { } supersedes)
        {
            facts.Add(CardText.Labelled("Supersedes", supersedes.ToString()));
        }

        body.AddRange(facts.Select((f, i) => f with { Spacing = i == 0 ? Spacing.Medium : Spacing.None }));
        body.Add(CardText.Section("Why"));
        body.Add(CardText.Plain(decision.Rationale, RationaleLength) with { Spacing = Spacing.Small });
        if (links.DecisionPage is null)
        {
            body.Add(CardText.Subtle(links.PublishingStatus ?? "The decision page is being published; its link appears here when it is ready.") with { Spacing = Spacing.Medium });
        }

        var actions = new List<CardAction>();
        if (links.DecisionPage is { } page)
        {
            actions.Add(new OpenUrlAction(page) { Title = $"Read {decision.Number}" });
        }

        if (links.DecisionLog is { } log)
        {
            actions.Add(new OpenUrlAction(log) { Title = "Decision log" });
        }

        return Card(body, actions, rfc);
    }

    private static AdaptiveCard Card(List<CardElement> body, List<CardAction> actions, Rfc rfc) => new()
    {
        Body = body,
        Actions = actions.Count > 0 ? actions : null,

        // The final card is the same for everyone; the refresh only lets Teams replace a stale per-user view.
        Refresh = new CardRefresh(new ExecuteAction(CardVerbs.Refresh) { Title = "Refresh", Data = RfcCard.Data<RefreshData>(rfc) }, []),
        FallbackText = rfc.Decision is { } d ? $"{d.Number}: {rfc.Title} ({d.Status})" : $"{rfc.Number}: {rfc.Title} (withdrawn)",
        MsTeams = new TeamsCardProperties(),
    };
}
