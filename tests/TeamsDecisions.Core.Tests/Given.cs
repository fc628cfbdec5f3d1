using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Core.Tests;

/// <summary>Shared builders: the people, a valid proposal, RFCs in each state, and a snapshot to prove "nothing changed".</summary>
internal static class Given
{
    public const string Rationale = "Kafka's replay covers the audit requirement and we already run a cluster for billing.";

    public static readonly DateTimeOffset Start = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    public static readonly TeamId Team = new("19:eng@thread.tacv2");

    /// <summary>The author.</summary>
    public static readonly UserRef Alice = new("alice-id", "Alice");

    /// <summary>The decider.</summary>
    public static readonly UserRef Bob = new("bob-id", "Bob");

    /// <summary>A required reviewer.</summary>
    public static readonly UserRef Carol = new("carol-id", "Carol");

    /// <summary>A required reviewer.</summary>
    public static readonly UserRef Dave = new("dave-id", "Dave");

    /// <summary>Someone with no role on the RFC.</summary>
    public static readonly UserRef Erin = new("erin-id", "Erin");

    private static readonly JsonSerializerOptions SnapshotOptions = new() { WriteIndented = false };

    public static RfcId Id(int number = 1) => new(Team, new RfcNumber(number));

    public static FakeTimeProvider Clock() => new(Start);

    public static RfcProposal Proposal(int? windowDays = null) => new(
        "Adopt Kafka for domain events",
        Bob,
        [Carol, Dave],
        "Services poll each other's databases; audits need a replayable history.",
        "Publish domain events to Kafka topics, one per bounded context.",
        [new RfcOption("Kafka", "Managed Kafka cluster"), new RfcOption("RabbitMQ"), new RfcOption("SQS")],
        ["Replayability", "Operational cost"],
        [new RfcLink("Benchmark", new Uri("https://wiki.example.com/bench"))],
        windowDays);

    public static RfcProposal ProposalWithoutOptions() => Proposal() with { Options = [] };

    public static Rfc Draft(FakeTimeProvider clock, RfcProposal? proposal = null, int number = 1) =>
        Rfc.Propose(Id(number), Alice, proposal ?? Proposal(), RfcLimits.DefaultWindowDays, clock.GetUtcNow()).Rfc;

    public static Rfc Open(FakeTimeProvider clock, RfcProposal? proposal = null, int number = 1)
    {
        var rfc = Draft(clock, proposal, number);
        rfc.Open(Alice, clock.GetUtcNow());
        return rfc;
    }

    /// <summary>An RFC whose default window has run out; the clock stands at its close.</summary>
    public static Rfc Awaiting(FakeTimeProvider clock, RfcProposal? proposal = null, int number = 1)
    {
        var rfc = Open(clock, proposal, number);
        clock.Advance(TimeSpan.FromDays(RfcLimits.DefaultWindowDays));
        rfc.CloseWindowIfDue(clock.GetUtcNow());
        return rfc;
    }

    public static Rfc Accepted(FakeTimeProvider clock, int number = 1, int decision = 1)
    {
        var rfc = Awaiting(clock, number: number);
        rfc.Resolve(Bob, Accept(), new DecisionNumber(decision), clock.GetUtcNow());
        return rfc;
    }

    public static Rfc Resolved(FakeTimeProvider clock, DecisionOutcome outcome)
    {
        var rfc = Awaiting(clock);
        rfc.Resolve(Bob, Outcome(outcome), new DecisionNumber(1), clock.GetUtcNow());
        return rfc;
    }

    public static ResolutionRequest Accept(params ConcernOverrule[] overrules) => new(
        DecisionOutcome.Accepted,
        Rationale,
        "Kafka",
        [new AlternativeNotChosen("RabbitMQ", "No replay of old messages."), new AlternativeNotChosen("SQS", "Ties us to one cloud.")],
        "We operate Kafka for every service.",
        overrules);

    /// <summary>A valid request for any outcome: Accepted picks Kafka; the others explain every option.</summary>
    public static ResolutionRequest Outcome(DecisionOutcome outcome) => outcome == DecisionOutcome.Accepted
        ? Accept()
        : new ResolutionRequest(
            outcome,
            Rationale,
            null,
            [new AlternativeNotChosen("Kafka", "Too much to run."), new AlternativeNotChosen("RabbitMQ", "No replay."), new AlternativeNotChosen("SQS", "One cloud.")],
            null,
            []);

    public static DateTimeOffset Now(this FakeTimeProvider clock) => clock.GetUtcNow();

    /// <summary>Everything the RFC holds, as one string: equal snapshots mean the command changed nothing.</summary>
    public static string Snapshot(Rfc rfc) => JsonSerializer.Serialize(
        new
        {
            Core = rfc.ToCore(),
            Ballots = rfc.Ballots.OrderBy(b => b.Voter.Id, StringComparer.Ordinal).ToList(),
            rfc.Concerns,
            rfc.Comments,
        },
        SnapshotOptions);

    /// <summary>Runs a command that must be refused, checks it changed nothing, and returns the refusal.</summary>
    public static DomainRuleException RefusedUnchanged(Rfc rfc, Action command)
    {
        var before = Snapshot(rfc);
        var refusal = Assert.ThrowsExactly<DomainRuleException>(command);
        Assert.AreEqual(before, Snapshot(rfc), $"The refused command ({refusal.Rule}) changed the RFC.");
        return refusal;
    }
}
