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
            body.Add(CardText.Heading(Markdown.Escape(rfc.Title)) with { Spacing = Spacing.Small });
            body.Add(CardText.Subtle($"Proposed by {CardText.Name(rfc.Author)} on {CardText.Date(rfc.ProposedAt)}"));
            body.Add(new TextBlock($"{CardText.Name(rfc.Author)} withdrew this RFC: {Markdown.EscapeShort(rfc.WithdrawalReason, RationaleLength)}") { Spacing = Spacing.Medium });
            return Card(body, links.DecisionLog is { } logLink ? [new OpenUrlAction(logLink) { Title = "Decision log" }] : [], rfc);
        }

        body.Add(CardText.Badge($"{decision.Number} · {CardText.State(decision.Status)}", CardText.StateColor(decision.Status)));
        body.Add(CardText.Heading(Markdown.Escape(decision.Title)) with { Spacing = Spacing.Small });
        body.Add(CardText.Subtle($"{rfc.Number} · decided by {CardText.Name(decision.Decider)} on {CardText.Date(decision.DecidedAt)} · proposed by {CardText.Name(decision.Author)}"));
        if (decision.SupersededBy is { } by)
        {
            body.Add(new Container([new TextBlock($"Superseded by **{by}**. Read that decision for the current answer.") { Weight = TextWeight.Bolder }]) { Style = ContainerStyle.Warning, Spacing = Spacing.Medium });
        }

        var facts = new List<Fact> { new("Outcome", decision.ChosenOption is { } chosen ? $"{CardText.Outcome(decision.Outcome)}: {Markdown.Escape(chosen)}" : CardText.Outcome(decision.Outcome)) };
        if (decision.AlternativesNotChosen.Count > 0)
        {
            facts.Add(new Fact("Not chosen", string.Join(" · ", decision.AlternativesNotChosen.Select(a => Markdown.Escape(a.Option)))));
        }

        var tally = decision.Tally;
        facts.Add(new Fact("Votes", string.Create(CultureInfo.InvariantCulture, $"{tally.Approve:N0} approve · {tally.ApproveWithConcerns:N0} with concerns · {tally.Object:N0} object · {tally.Abstain:N0} abstain")));
        if (decision.Concerns.Count > 0)
        {
            var resolved = decision.Concerns.Count(c => c.Status == ConcernStatus.Resolved);
            var overruled = decision.Concerns.Count(c => c.Status == ConcernStatus.Overruled);
            var open = decision.Concerns.Count - resolved - overruled;
            facts.Add(new Fact("Concerns", string.Create(CultureInfo.InvariantCulture, $"{resolved:N0} resolved · {overruled:N0} overruled{(open > 0 ? $" · {open} left open" : string.Empty)}")));
        }

        if (decision.Supersedes is { } supersedes)
        {
            facts.Add(new Fact("Supersedes", supersedes.ToString()));
        }

        body.Add(new FactSet(facts) { Spacing = Spacing.Medium });
        body.Add(CardText.Section("Why"));
        body.Add(new TextBlock(Markdown.EscapeShort(decision.Rationale, RationaleLength)) { Spacing = Spacing.Small });
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
