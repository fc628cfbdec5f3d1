using System.Text.Json;
using System.Text.Json.Nodes;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.Cards.Tests;

/// <summary>Queries over a built card, the way a client walks it: body, containers, columns, action sets and show-cards.</summary>
internal static class CardInspect
{
    /// <summary>The card and every card nested in its show-card actions, depth first.</summary>
    public static IEnumerable<AdaptiveCard> Cards(AdaptiveCard card)
    {
        yield return card;
        foreach (var show in OwnActions(card).OfType<ShowCardAction>())
        {
            foreach (var nested in Cards(show.Card))
            {
                yield return nested;
            }
        }
    }

    /// <summary>Elements of this card's body only (containers and columns), not of its show-cards.</summary>
    public static IEnumerable<CardElement> OwnElements(IEnumerable<CardElement> elements)
    {
        foreach (var element in elements)
        {
            yield return element;
            var children = element switch
            {
                Container c => c.Items,
                ColumnSet s => [.. s.Columns.SelectMany(col => col.Items)],
                _ => (IReadOnlyList<CardElement>)[],
            };
            foreach (var child in OwnElements(children))
            {
                yield return child;
            }
        }
    }

    /// <summary>The card's own actions: its action bar and the action sets in its body (not those of its show-cards).</summary>
    public static IEnumerable<CardAction> OwnActions(AdaptiveCard card) =>
        (card.Actions ?? []).Concat(OwnElements(card.Body).OfType<ActionSet>().SelectMany(a => a.Actions));

    public static IEnumerable<CardElement> AllElements(AdaptiveCard card) => Cards(card).SelectMany(c => OwnElements(c.Body));

    public static IEnumerable<CardInput> AllInputs(AdaptiveCard card) => AllElements(card).OfType<CardInput>();

    public static IEnumerable<CardAction> AllActions(AdaptiveCard card) => Cards(card).SelectMany(OwnActions);

    public static IEnumerable<ExecuteAction> AllExecutes(AdaptiveCard card) => AllActions(card).OfType<ExecuteAction>();

    public static IEnumerable<ExecuteAction> Executes(AdaptiveCard card, string verb) => AllExecutes(card).Where(a => a.Verb == verb);

    /// <summary>Titles of the action bar at the top level of the card.</summary>
    public static IReadOnlyList<string?> TopActionTitles(AdaptiveCard card) => [.. (card.Actions ?? []).Select(a => a.Title)];

    public static AdaptiveCard ShowCard(AdaptiveCard card, string title) =>
        AllActions(card).OfType<ShowCardAction>().Single(a => a.Title == title).Card;

    public static T Input<T>(AdaptiveCard card, string id)
        where T : CardInput => AllInputs(card).OfType<T>().Single(i => i.Id == id);

    /// <summary>
    /// Every text in the card, nested cards included: a TextBlock's text (markdown, as sent) and a RichTextBlock's runs
    /// joined (shown as they are).
    /// </summary>
    public static IReadOnlyList<string> Texts(AdaptiveCard card) =>
        [.. AllElements(card).Select(e => e switch { TextBlock t => t.Text, RichTextBlock r => Shown(r), _ => null }).OfType<string>()];

    /// <summary>What a RichTextBlock shows: its runs' text, joined.</summary>
    public static string Shown(RichTextBlock block) => string.Concat(block.Inlines.Select(r => r.Text));

    /// <summary>The RichTextBlock that shows exactly <paramref name="text"/>.</summary>
    public static RichTextBlock Rich(AdaptiveCard card, string text) => AllElements(card).OfType<RichTextBlock>().Single(r => Shown(r) == text);

    public static IReadOnlyList<Fact> Facts(AdaptiveCard card) => [.. AllElements(card).OfType<FactSet>().SelectMany(f => f.Facts)];

    public static string Fact(AdaptiveCard card, string title) => Facts(card).Single(f => f.Title == title).Value;

    /// <summary>All visible words: texts and facts, one per line.</summary>
    public static string AllText(AdaptiveCard card) =>
        string.Join('\n', Texts(card).Concat(Facts(card).Select(f => $"{f.Title}: {f.Value}")));

    /// <summary>
    /// Each Action.Execute with the inputs a client sends with it: those of the card it sits in and of the cards
    /// around it, none when it opts out with associatedInputs "none".
    /// </summary>
    public static IEnumerable<(ExecuteAction Action, IReadOnlyList<CardInput> Inputs)> ExecutesWithInputs(AdaptiveCard card) =>
        ExecutesWithInputs(card, []);

    /// <summary>What Teams posts for an Action.Execute: the action's data object with the input values (strings) merged in.</summary>
    public static string TeamsPayload(ExecuteAction action, IEnumerable<KeyValuePair<string, string>> inputs)
    {
        var payload = action.Data is null ? new JsonObject() : JsonSerializer.SerializeToNode(action.Data, CardJson.Options)!.AsObject();
        foreach (var (id, value) in inputs)
        {
            payload[id] = value;
        }

        return payload.ToJsonString();
    }

    public static JsonObject JsonOf(AdaptiveCard card) => JsonNode.Parse(CardJson.Serialize(card))!.AsObject();

    private static IEnumerable<(ExecuteAction Action, IReadOnlyList<CardInput> Inputs)> ExecutesWithInputs(AdaptiveCard card, IReadOnlyList<CardInput> around)
    {
        IReadOnlyList<CardInput> scope = [.. around, .. OwnElements(card.Body).OfType<CardInput>()];
        foreach (var action in OwnActions(card))
        {
            if (action is ExecuteAction execute)
            {
                yield return (execute, execute.AssociatedInputs == AssociatedInputs.None ? [] : scope);
            }
            else if (action is ShowCardAction show)
            {
                foreach (var inner in ExecutesWithInputs(show.Card, scope))
                {
                    yield return inner;
                }
            }
        }
    }
}

/// <summary>RFCs built through the domain at fixed instants, and the people around them.</summary>
internal static class Sample
{
    public static readonly DateTimeOffset Proposed = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Opened = Proposed.AddHours(1);

    /// <summary>Opened + 5 days: 2026-03-07T10:00:00Z.</summary>
    public static readonly DateTimeOffset Closes = Opened.AddDays(5);
    public static readonly DateTimeOffset During = Opened.AddDays(1);
    public static readonly DateTimeOffset After = Closes.AddHours(1);

    public static readonly TeamId Team = new("19:5f0c2a7e1b9d4c3e8a6f@thread.tacv2");
    public static readonly UserRef Author = new("a0000000-0000-4000-8000-000000000001", "Ada Author");
    public static readonly UserRef Decider = new("d0000000-0000-4000-8000-000000000002", "Dana Decider");
    public static readonly UserRef Reviewer1 = new("r1000000-0000-4000-8000-000000000003", "Rita Reviewer");
    public static readonly UserRef Reviewer2 = new("r2000000-0000-4000-8000-000000000004", "Raj Reviewer");
    public static readonly UserRef Reviewer3 = new("r3000000-0000-4000-8000-000000000005", "Rosa Reviewer");
    public static readonly UserRef Bystander = new("b0000000-0000-4000-8000-000000000006", "Ben Bystander");

    public static readonly string[] OptionNames = ["Kafka", "Service Bus", "Outbox"];

    public const string Rationale =
        "Kafka gives replay for new consumers and durability across restarts, the two drivers the incident showed we lack.";

    public static Rfc Draft(int number = 7, IReadOnlyList<UserRef>? reviewers = null, bool withOptions = true, DateTimeOffset? at = null)
    {
        var proposal = new RfcProposal(
            "Adopt Kafka for order events",
            Decider,
            reviewers ?? [Reviewer1, Reviewer2, Reviewer3],
            "Order events are lost when billing restarts.",
            "Publish order events to a managed Kafka topic.",
            withOptions ? [.. OptionNames.Select(n => new RfcOption(n))] : [],
            ["Durability", "Replay"],
            []);
        return Rfc.Propose(new RfcId(Team, new RfcNumber(number)), Author, proposal, 5, at ?? Proposed).Rfc;
    }

    public static Rfc Open(int number = 7, IReadOnlyList<UserRef>? reviewers = null, bool withOptions = true)
    {
        var rfc = Draft(number, reviewers, withOptions);
        rfc.Open(Author, Opened);
        return rfc;
    }

    /// <summary>
    /// Open, with: Reviewer1 voted Approve-with-concerns (after an objection); Author approved; concern 1 (Reviewer2) open;
    /// concern 2 (Reviewer1) resolved; concern 3 (Bystander) open; Reviewer2 commented; Reviewer3 silent.
    /// </summary>
    public static Rfc WithActivity(int number = 7)
    {
        var rfc = Open(number);
        rfc.CastVote(Reviewer1, VoteKind.Object, "Seven days of retention is too short.", During);
        rfc.CastVote(Reviewer1, VoteKind.ApproveWithConcerns, "Fine with 14 days of retention.", During.AddHours(1));
        rfc.CastVote(Author, VoteKind.Approve, null, During.AddHours(2));
        rfc.RaiseConcern(Reviewer2, "On-call load for brokers", "Who is paged at 03:00?", During.AddHours(3));
        rfc.RaiseConcern(Reviewer1, "Schema evolution", null, During.AddHours(4));
        rfc.ResolveConcern(Reviewer1, 2, "Schema registry checked in CI.", During.AddHours(5));
        rfc.RaiseConcern(Bystander, "Cost ceiling", null, During.AddHours(6));
        rfc.AddComment(Reviewer2, "Service Bus would keep us in one vendor's tooling.", CommentSource.Card, During.AddHours(7));
        return rfc;
    }

    /// <summary>Accepted as DEC-0042 with "Kafka", the open concerns overruled.</summary>
    public static Rfc Accepted(string rationale = Rationale, DecisionNumber? supersedes = null)
    {
        var rfc = WithActivity();
        rfc.Resolve(
            Decider,
            new ResolutionRequest(
                DecisionOutcome.Accepted,
                rationale,
                "Kafka",
                [new AlternativeNotChosen("Service Bus", "No replay."), new AlternativeNotChosen("Outbox", "No replay either.")],
                "We run three brokers.",
                [.. rfc.OpenConcerns.Select(c => new ConcernOverrule(c.Id, "Covered by the rollout plan."))],
                supersedes),
            new DecisionNumber(42),
            After);
        return rfc;
    }
}
