using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Testing;

/// <summary>Realistic people and proposals for tests.</summary>
public static class Sample
{
    public static readonly UserRef Alice = new("6b2d1a3e-0c1f-4a4e-9a57-1c1f0f8c0a01", "Alice Martin");
    public static readonly UserRef Bob = new("0f7b9d7c-5f6e-4bb5-8d55-52d0b0d7a102", "Bob Nowak");
    public static readonly UserRef Carol = new("9c1e3f44-2b7a-4c58-a0f4-6f6c5d3a2b03", "Carol Tan");
    public static readonly UserRef Dana = new("3a8f0e21-7d4c-4e0b-b1c9-8e2f7a6d5c04", "Dana Okafor");

    public static TeamId NewTeam() => new($"19:{Guid.NewGuid():N}@thread.tacv2");

    public static UserRef Person(int i) => new(Guid.NewGuid().ToString(), $"Reviewer {i}");

    /// <summary>A proposal by anyone, decided by Bob, reviewed by Carol and Dana, with three options.</summary>
    public static RfcProposal Proposal(string title = "Adopt Kafka for order events", int? windowDays = null) => new(
        title,
        Bob,
        [Carol, Dana],
        "Order events are lost when the billing service restarts; we need durable, replayable events.",
        "Publish order events to Kafka with a 7-day retention and consume them idempotently.",
        [new RfcOption("Kafka", "Managed Kafka, 3 brokers"), new RfcOption("Service Bus", "Azure Service Bus topics"), new RfcOption("Status quo", "Keep HTTP callbacks")],
        ["Durability across restarts", "Operational cost", "Team familiarity"],
        [new RfcLink("Incident 2291 postmortem", new Uri("https://contoso.example/incidents/2291"))],
        windowDays);

    public static ResolutionRequest Accept(string? earlyCloseReason = null, DecisionNumber? supersedes = null, IReadOnlyList<ConcernOverrule>? overrules = null) => new(
        DecisionOutcome.Accepted,
        "Kafka gives us replay and durability across restarts, and two teams already run it in production.",
        "Kafka",
        [new AlternativeNotChosen("Service Bus", "No replay beyond the dead-letter queue."), new AlternativeNotChosen("Status quo", "It is what loses events today.")],
        "We run three brokers; on-call learns Kafka basics.",
        overrules ?? [],
        supersedes,
        earlyCloseReason);
}
