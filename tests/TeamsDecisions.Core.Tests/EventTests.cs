using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Time.Testing;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Core.Tests;

[TestClass]
public sealed class EventTests
{
    private static readonly RfcId Rfc1 = Given.Id(3);

    public static IEnumerable<object[]> OneOfEachEvent =>
    [
        [new RfcProposed("Adopt Kafka", Given.Bob) { Rfc = Rfc1, Sequence = 1, At = Given.Start, Actor = Given.Alice }],
        [new RfcOpened(new CommentWindow(Given.Start, Given.Start.AddDays(5))) { Rfc = Rfc1, Sequence = 2, At = Given.Start, Actor = Given.Alice }],
        [new VoteCast(VoteKind.Object, "Cost.", VoteKind.Approve) { Rfc = Rfc1, Sequence = 3, At = Given.Start, Actor = Given.Carol }],
        [new ConcernRaised(1, "On-call load") { Rfc = Rfc1, Sequence = 4, At = Given.Start, Actor = Given.Carol }],
        [new ConcernResolved(1, "Handled.") { Rfc = Rfc1, Sequence = 5, At = Given.Start, Actor = Given.Carol }],
        [new ConcernOverruled(2, "Accepted risk.") { Rfc = Rfc1, Sequence = 6, At = Given.Start, Actor = Given.Bob }],
        [new CommentAdded(1, CommentSource.ThreadReply) { Rfc = Rfc1, Sequence = 7, At = Given.Start, Actor = Given.Dave }],
        [new CommentWindowExtended(Given.Start.AddDays(5), Given.Start.AddDays(7), null) { Rfc = Rfc1, Sequence = 8, At = Given.Start, Actor = Given.Bob }],
        [new CommentWindowClosed(Given.Start.AddDays(7)) { Rfc = Rfc1, Sequence = 9, At = Given.Start.AddDays(7), Actor = null }],
        [new RfcClosedEarly("Enough.") { Rfc = Rfc1, Sequence = 10, At = Given.Start, Actor = Given.Bob }],
        [new RfcResolved(new DecisionNumber(4), DecisionOutcome.Accepted, new DecisionNumber(2), Given.Id(1)) { Rfc = Rfc1, Sequence = 11, At = Given.Start, Actor = Given.Bob }],
        [new RfcWithdrawn("Not needed.") { Rfc = Rfc1, Sequence = 12, At = Given.Start, Actor = Given.Alice }],
        [new RfcSuperseded(new DecisionNumber(4), new DecisionNumber(9)) { Rfc = Rfc1, Sequence = 13, At = Given.Start, Actor = Given.Bob }],
        [new ThreadAttached(new ThreadReference("19:abc@thread.tacv2", "17000", new Uri("https://teams.microsoft.com/l/message/1"))) { Rfc = Rfc1, Sequence = 14, At = Given.Start, Actor = Given.Alice }],
    ];

    /// <summary>
    /// Commands on RFC 7 in the state each needs, and the actor each resulting event must name, in order: the clock
    /// (null) closes a window that ran out before the command.
    /// </summary>
    public static IEnumerable<object?[]> Commands =>
    [
        Row("Propose", _ => null, (_, at) => Rfc.Propose(Given.Id(7), Given.Alice, Given.Proposal(), RfcLimits.DefaultWindowDays, at).Events, Given.Alice),
        Row("Open", c => Given.Draft(c, number: 7), (r, at) => r!.Open(Given.Alice, at), Given.Alice),
        Row("AttachThread", c => Given.Open(c, number: 7), (r, at) => r!.AttachThread(Given.Alice, new ThreadReference("19:abc@thread.tacv2", "17000", null), at), Given.Alice),
        Row("CastVote", c => Given.Open(c, number: 7), (r, at) => r!.CastVote(Given.Carol, VoteKind.Approve, null, at), Given.Carol),
        Row("RaiseConcern", c => Given.Open(c, number: 7), (r, at) => r!.RaiseConcern(Given.Dave, "On-call load", null, at), Given.Dave),
        Row("ResolveConcern", WithConcern, (r, at) => r!.ResolveConcern(Given.Dave, 1, "Runbook written.", at), Given.Dave),
        Row("AddComment", c => Given.Open(c, number: 7), (r, at) => r!.AddComment(Given.Erin, "Hmm.", CommentSource.Card, at), Given.Erin),
        Row("ExtendWindow", c => Given.Open(c, number: 7), (r, at) => r!.ExtendWindow(Given.Bob, 2, "Holidays.", at), Given.Bob),
        Row("CloseEarly", c => Given.Open(c, number: 7), (r, at) => r!.CloseEarly(Given.Bob, "Everyone has weighed in.", at), Given.Bob),
        Row("CloseWindowIfDue", WindowRanOut, (r, at) => r!.CloseWindowIfDue(at), [null]),
        Row("AddComment after the window", WindowRanOut, (r, at) => r!.AddComment(Given.Erin, "Late.", CommentSource.ThreadReply, at), null, Given.Erin),
        Row(
            "Resolve early, overruling",
            WithConcern,
            (r, at) => r!.Resolve(Given.Bob, Given.Accept(new ConcernOverrule(1, "Accepted risk.")) with { EarlyCloseReason = "Everyone has weighed in." }, new DecisionNumber(1), at),
            Given.Bob,
            Given.Bob,
            Given.Bob),
        Row("Withdraw", c => Given.Open(c, number: 7), (r, at) => r!.Withdraw(Given.Alice, "Not needed.", at), Given.Alice),
        Row("MarkSuperseded", c => Given.Accepted(c, number: 7), (r, at) => r!.MarkSuperseded(Given.Bob, new DecisionNumber(2), at), Given.Bob),
    ];

    public static string CommandName(MethodInfo method, object?[] row) => $"{method.Name} ({row[0]})";

    [TestMethod]
    [DynamicData(nameof(Commands), DynamicDataDisplayName = nameof(CommandName))]
    public void Command_EveryEvent_StampedWithRfcSequenceTimeAndActor(string command, Func<FakeTimeProvider, Rfc?> arrange, Func<Rfc?, DateTimeOffset, IReadOnlyList<RfcEvent>> act, UserRef?[] actors)
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = arrange(clock);
        var lastBefore = rfc?.LastSequence ?? 0;
        clock.Advance(TimeSpan.FromHours(1));
        var at = clock.Now();

        // Act
        var events = act(rfc, at);

        // Assert
        Assert.HasCount(actors.Length, events, command);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var what = $"{command}: event {i} ({e.GetType().Name})";
            Assert.AreEqual(Given.Id(7), e.Rfc, what);
            Assert.AreEqual(lastBefore + i + 1, e.Sequence, what);
            Assert.AreEqual(at, e.At, what);
            Assert.AreEqual(actors[i], e.Actor, what);
        }
    }

    [TestMethod]
    [DataRow("Rfc")]
    [DataRow("Sequence")]
    [DataRow("At")]
    public void Json_StoredEventMissingMetadata_Refused(string property)
    {
        // Arrange
        var stored = JsonNode.Parse(JsonSerializer.Serialize<RfcEvent>(new RfcWithdrawn("Not needed.") { Rfc = Rfc1, Sequence = 4, At = Given.Start, Actor = Given.Alice }))!.AsObject();
        Assert.IsTrue(stored.Remove(property), $"The stored JSON has no \"{property}\" to remove.");

        // Act / Assert
        Assert.ThrowsExactly<JsonException>(() => JsonSerializer.Deserialize<RfcEvent>(stored.ToJsonString()));
    }

    [TestMethod]
    [DynamicData(nameof(OneOfEachEvent))]
    public void Json_EachEventType_RoundTripsWithTypeDiscriminator(RfcEvent original)
    {
        // Act
        var json = JsonSerializer.Serialize(original);
        var back = JsonSerializer.Deserialize<RfcEvent>(json);

        // Assert
        using var document = JsonDocument.Parse(json);
        Assert.AreEqual(original.GetType().Name, document.RootElement.GetProperty("type").GetString());
        Assert.AreEqual(original.GetType(), back!.GetType());
        Assert.AreEqual(original, back);
    }

    [TestMethod]
    public void Json_ResolvedStoredBeforeItNamedTheSupersededRfc_ReadsWithoutIt()
    {
        // Arrange: an RfcResolved row as stored before SupersedesRfc existed.
        var stored = JsonSerializer.Serialize<RfcEvent>(new RfcResolved(new DecisionNumber(4), DecisionOutcome.Accepted, new DecisionNumber(2)) { Rfc = Rfc1, Sequence = 11, At = Given.Start, Actor = Given.Bob });
        var node = JsonNode.Parse(stored)!.AsObject();
        Assert.IsTrue(node.Remove("SupersedesRfc"), stored);

        // Act
        var back = (RfcResolved)JsonSerializer.Deserialize<RfcEvent>(node.ToJsonString())!;

        // Assert
        Assert.AreEqual(new DecisionNumber(2), back.Supersedes);
        Assert.IsNull(back.SupersedesRfc);
    }

    [TestMethod]
    public void Json_EveryDerivedEventType_IsRegisteredAndCovered()
    {
        // Arrange
        var registered = typeof(RfcEvent).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => a.DerivedType).ToHashSet();
        var declared = typeof(RfcEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(RfcEvent)) && !t.IsAbstract).ToHashSet();
        var covered = OneOfEachEvent.Select(row => row[0].GetType()).ToHashSet();

        // Act / Assert
        Assert.IsTrue(declared.SetEquals(registered), $"Not registered for JSON: {string.Join(", ", declared.Except(registered).Select(t => t.Name))}");
        Assert.IsTrue(declared.SetEquals(covered), $"Not covered by the round-trip test: {string.Join(", ", declared.Except(covered).Select(t => t.Name))}");
    }

    [TestMethod]
    public void Json_EventsFromARealRfc_RoundTripAsAList()
    {
        // Arrange
        var clock = Given.Clock();
        var (rfc, events) = Rfc.Propose(Given.Id(), Given.Alice, Given.Proposal(), 5, clock.Now());
        var all = new List<RfcEvent>(events);
        all.AddRange(rfc.Open(Given.Alice, clock.Now()));
        all.AddRange(rfc.CastVote(Given.Carol, VoteKind.Approve, null, clock.Now()));
        clock.Advance(TimeSpan.FromDays(5));
        all.AddRange(rfc.Resolve(Given.Bob, Given.Accept(), new DecisionNumber(1), clock.Now()));

        // Act
        var back = JsonSerializer.Deserialize<List<RfcEvent>>(JsonSerializer.Serialize(all))!;

        // Assert
        CollectionAssert.AreEqual(all, back);
    }

    [TestMethod]
    public void Json_RfcCoreWithDecisionRecord_RoundTrips()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        rfc.AttachThread(Given.Alice, new ThreadReference("19:abc@thread.tacv2", "1", new Uri("https://teams.microsoft.com/l/message/1")), clock.Now());
        rfc.CastVote(Given.Carol, VoteKind.ApproveWithConcerns, "Ops.", clock.Now());
        rfc.RaiseConcern(Given.Dave, "On-call load", "Detail.", clock.Now());
        rfc.AddComment(Given.Erin, "Hmm.", CommentSource.ThreadReply, clock.Now());
        clock.Advance(TimeSpan.FromDays(6));
        rfc.Resolve(Given.Bob, Given.Accept(new ConcernOverrule(1, "Accepted risk.")) with { Supersedes = new DecisionNumber(2) }, new DecisionNumber(5), clock.Now());
        rfc.MarkSuperseded(Given.Bob, new DecisionNumber(9), clock.Now());
        var json = JsonSerializer.Serialize(rfc.ToCore());

        // Act
        var back = JsonSerializer.Deserialize<RfcCore>(json)!;

        // Assert
        Assert.AreEqual(json, JsonSerializer.Serialize(back));
        Assert.AreEqual(RfcState.Superseded, back.Decision!.Status);
        Assert.AreEqual(Given.Dave, back.Decision.Concerns.Single().RaisedBy);
    }

    [TestMethod]
    public void Commands_ManyInARow_SequencesAreConsecutiveFromOne()
    {
        // Arrange
        var clock = Given.Clock();
        var (rfc, proposed) = Rfc.Propose(Given.Id(), Given.Alice, Given.Proposal(), 5, clock.Now());
        var all = new List<RfcEvent>(proposed);

        // Act
        all.AddRange(rfc.Open(Given.Alice, clock.Now()));
        all.AddRange(rfc.CastVote(Given.Carol, VoteKind.Approve, null, clock.Now()));
        all.AddRange(rfc.RaiseConcern(Given.Dave, "On-call load", null, clock.Now()));
        all.AddRange(rfc.AddComment(Given.Erin, "Hmm.", CommentSource.Card, clock.Now()));
        all.AddRange(rfc.ExtendWindow(Given.Bob, 2, null, clock.Now()));
        clock.Advance(TimeSpan.FromDays(8));
        all.AddRange(rfc.Resolve(Given.Bob, Given.Accept(new ConcernOverrule(1, "Accepted risk.")), new DecisionNumber(1), clock.Now()));
        all.AddRange(rfc.MarkSuperseded(Given.Bob, new DecisionNumber(2), clock.Now()));

        // Assert
        CollectionAssert.AreEqual(Enumerable.Range(1, all.Count).Select(i => (long)i).ToArray(), all.Select(e => e.Sequence).ToArray());
        Assert.AreEqual((long)all.Count, rfc.LastSequence);
        Assert.IsTrue(all.All(e => e.Rfc == Given.Id()));
    }

    [TestMethod]
    public void Commands_OneCommandCausingSeveralEvents_NumbersThemInOrder()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        rfc.RaiseConcern(Given.Dave, "On-call load", null, clock.Now());
        var last = rfc.LastSequence;
        clock.Advance(TimeSpan.FromDays(6));

        // Act
        var events = rfc.Resolve(Given.Bob, Given.Accept(new ConcernOverrule(1, "Accepted risk.")), new DecisionNumber(1), clock.Now());

        // Assert
        CollectionAssert.AreEqual(new[] { last + 1, last + 2, last + 3 }, events.Select(e => e.Sequence).ToArray());
        CollectionAssert.AreEqual(new[] { typeof(CommentWindowClosed), typeof(ConcernOverruled), typeof(RfcResolved) }, events.Select(e => e.GetType()).ToArray());
        Assert.AreEqual(last + 3, rfc.LastSequence);
    }

    [TestMethod]
    public void Rehydrate_FromWhatTheStoreKeeps_SameRfcAndSequenceContinues()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        rfc.CastVote(Given.Carol, VoteKind.Approve, null, clock.Now());
        rfc.RaiseConcern(Given.Dave, "On-call load", null, clock.Now());
        rfc.AddComment(Given.Erin, "Hmm.", CommentSource.Card, clock.Now());

        // Act
        var copy = Rfc.Rehydrate(rfc.ToCore(), rfc.Ballots, rfc.Concerns.Reverse(), rfc.Comments);
        var next = copy.RaiseConcern(Given.Carol, "Retention", null, clock.Now());

        // Assert
        Assert.AreEqual(rfc.LastSequence + 1, next.Single().Sequence);
        Assert.AreEqual(2, copy.Concerns[^1].Id);
        Assert.AreEqual(1, copy.Concerns[0].Id);
        Assert.AreEqual(rfc.Tally, copy.Tally);
    }

    private static object?[] Row(string command, Func<FakeTimeProvider, Rfc?> arrange, Func<Rfc?, DateTimeOffset, IReadOnlyList<RfcEvent>> act, params UserRef?[] actors) =>
        [command, arrange, act, actors];

    private static Rfc WithConcern(FakeTimeProvider clock)
    {
        var rfc = Given.Open(clock, number: 7);
        rfc.RaiseConcern(Given.Dave, "On-call load", null, clock.Now());
        return rfc;
    }

    private static Rfc WindowRanOut(FakeTimeProvider clock)
    {
        var rfc = Given.Open(clock, number: 7);
        clock.Advance(TimeSpan.FromDays(RfcLimits.DefaultWindowDays));
        return rfc;
    }
}
