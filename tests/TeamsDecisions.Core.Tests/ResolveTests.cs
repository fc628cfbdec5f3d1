using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Core.Tests;

[TestClass]
public sealed class ResolveTests
{
    private static readonly DecisionNumber Dec1 = new(1);

    [TestMethod]
    public void Resolve_AcceptedFromAwaitingDecision_AcceptedWithEvent()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);
        clock.Advance(TimeSpan.FromDays(1));

        // Act
        var events = rfc.Resolve(Given.Bob, Given.Accept(), new DecisionNumber(42), clock.Now());

        // Assert
        Assert.AreEqual(RfcState.Accepted, rfc.State);
        Assert.AreEqual("DEC-0042", rfc.Decision!.Number.ToString());
        var resolved = (RfcResolved)events.Single();
        Assert.AreEqual(new DecisionNumber(42), resolved.Decision);
        Assert.AreEqual(DecisionOutcome.Accepted, resolved.Outcome);
        Assert.IsNull(resolved.Supersedes);
        Assert.AreEqual(Given.Bob, resolved.Actor);
    }

    [TestMethod]
    public void Resolve_Accepted_DecisionRecordCarriesEverything()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        var window = rfc.Window;
        var thread = new ThreadReference("19:abc@thread.tacv2", "1700000000000", new Uri("https://teams.microsoft.com/l/message/19:abc/1700000000000"));
        rfc.AttachThread(Given.Alice, thread, clock.Now());
        rfc.CastVote(Given.Carol, VoteKind.Approve, null, clock.Now());
        clock.Advance(TimeSpan.FromHours(1));
        rfc.CastVote(Given.Dave, VoteKind.Object, "Ops cost.", clock.Now());
        clock.Advance(TimeSpan.FromHours(1));
        rfc.CastVote(Given.Dave, VoteKind.ApproveWithConcerns, "Ops cost, but fine.", clock.Now());
        rfc.RaiseConcern(Given.Dave, "On-call load", null, clock.Now());
        rfc.RaiseConcern(Given.Carol, "Retention", null, clock.Now());
        rfc.ResolveConcern(Given.Carol, 2, "Seven days is enough.", clock.Now());
        rfc.AddComment(Given.Erin, "Have we priced MSK?", CommentSource.ThreadReply, clock.Now());
        clock.Advance(TimeSpan.FromDays(6));
        var request = Given.Accept(new ConcernOverrule(1, "Platform team owns on-call.")) with { Supersedes = new DecisionNumber(3) };

        // Act
        rfc.Resolve(Given.Bob, request, new DecisionNumber(7), clock.Now());

        // Assert
        var record = rfc.Decision!;
        Assert.AreEqual(new DecisionNumber(7), record.Number);
        Assert.AreEqual(rfc.Number, record.Rfc);
        Assert.AreEqual(Given.Team, record.Team);
        Assert.AreEqual("Adopt Kafka for domain events", record.Title);
        Assert.AreEqual(DecisionOutcome.Accepted, record.Outcome);
        Assert.AreEqual(RfcState.Accepted, record.Status);
        Assert.AreEqual(Given.Start, record.ProposedAt);
        Assert.AreEqual(window, record.Window);
        Assert.AreEqual(clock.Now(), record.DecidedAt);
        Assert.AreEqual(Given.Alice, record.Author);
        Assert.AreEqual(Given.Bob, record.Decider);
        CollectionAssert.AreEqual(new[] { Given.Carol, Given.Dave }, record.RequiredReviewers.ToArray());
        Assert.AreEqual(rfc.Context, record.Context);
        Assert.AreEqual(rfc.Proposal, record.Proposal);
        CollectionAssert.AreEqual(new[] { "Replayability", "Operational cost" }, record.DecisionDrivers.ToArray());
        CollectionAssert.AreEqual(new[] { "Kafka", "RabbitMQ", "SQS" }, record.Options.Select(o => o.ShortName).ToArray());
        Assert.HasCount(1, record.Links);
        Assert.AreEqual("Kafka", record.ChosenOption);
        Assert.AreEqual(Given.Rationale, record.Rationale);
        CollectionAssert.AreEqual(
            new[] { new AlternativeNotChosen("RabbitMQ", "No replay of old messages."), new AlternativeNotChosen("SQS", "Ties us to one cloud.") },
            record.AlternativesNotChosen.ToArray());
        Assert.AreEqual("We operate Kafka for every service.", record.Consequences);
        Assert.AreEqual(new VoteTally(1, 1, 0, 0), record.Tally);
        CollectionAssert.AreEqual(
            new[] { (Given.Carol, VoteKind.Approve), (Given.Dave, VoteKind.ApproveWithConcerns) },
            record.Votes.Select(v => (v.Voter, v.Kind)).ToArray());
        CollectionAssert.AreEqual(
            new[] { (1, ConcernStatus.Overruled, "Platform team owns on-call."), (2, ConcernStatus.Resolved, "Seven days is enough.") },
            record.Concerns.Select(c => (c.Id, c.Status, c.ClosingNote)).ToArray());
        Assert.AreEqual(1, record.Comments.Total);
        Assert.AreEqual("Have we priced MSK?", record.Comments.Recent.Single().Text);
        Assert.AreEqual(thread, record.Thread);
        Assert.IsNull(record.EarlyCloseReason);
        Assert.AreEqual(new DecisionNumber(3), record.Supersedes);
        Assert.IsNull(record.SupersededBy);
    }

    [TestMethod]
    [DataRow("alice")]
    [DataRow("carol")]
    public void Resolve_ByNonDecider_RefusedAndUnchanged(string who)
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);
        var actor = who == "alice" ? Given.Alice : Given.Carol;

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.Resolve(actor, Given.Accept(), Dec1, clock.Now()));

        // Assert
        Assert.AreEqual("Resolve.OnlyDecider", refusal.Rule);
    }

    [TestMethod]
    public void Resolve_DeciderIdInOtherCase_Resolves()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);

        // Act
        rfc.Resolve(new UserRef("BOB-ID", "Bob"), Given.Accept(), Dec1, clock.Now());

        // Assert
        Assert.AreEqual(RfcState.Accepted, rfc.State);
    }

    [TestMethod]
    public void Resolve_FromOpenWithoutEarlyCloseReason_RefusedAndUnchanged()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.Resolve(Given.Bob, Given.Accept(), Dec1, clock.Now()));

        // Assert
        Assert.AreEqual("Resolve.EarlyCloseNeedsReason", refusal.Rule);
        Assert.AreEqual("earlyCloseReason", refusal.Field);
    }

    [TestMethod]
    public void Resolve_FromOpenWithEarlyCloseReason_ClosesEarlyThenResolves()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        clock.Advance(TimeSpan.FromDays(2));

        // Act
        var events = rfc.Resolve(Given.Bob, Given.Accept() with { EarlyCloseReason = "All reviewers approved." }, Dec1, clock.Now());

        // Assert
        Assert.AreEqual(RfcState.Accepted, rfc.State);
        Assert.IsInstanceOfType<RfcClosedEarly>(events[0]);
        Assert.IsInstanceOfType<RfcResolved>(events[1]);
        Assert.AreEqual("All reviewers approved.", rfc.Decision!.EarlyCloseReason);
    }

    [TestMethod]
    public void Resolve_FromOpenAfterWindowPassed_NeedsNoEarlyCloseReason()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        clock.Advance(TimeSpan.FromDays(5));

        // Act
        var events = rfc.Resolve(Given.Bob, Given.Accept(), Dec1, clock.Now());

        // Assert
        Assert.AreEqual(RfcState.Accepted, rfc.State);
        Assert.IsInstanceOfType<CommentWindowClosed>(events[0]);
        Assert.IsInstanceOfType<RfcResolved>(events[1]);
    }

    [TestMethod]
    public void Resolve_Draft_Refused()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Draft(clock);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.Resolve(Given.Bob, Given.Accept() with { EarlyCloseReason = "Now." }, Dec1, clock.Now()));

        // Assert
        Assert.AreEqual("Resolve.OnlyWhenOpenOrAwaiting", refusal.Rule);
    }

    [TestMethod]
    public void Resolve_AlreadyResolved_Refused()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Accepted(clock);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.Resolve(Given.Bob, Given.Outcome(DecisionOutcome.Rejected), new DecisionNumber(2), clock.Now()));

        // Assert
        Assert.AreEqual("Resolve.OnlyWhenOpenOrAwaiting", refusal.Rule);
    }

    [TestMethod]
    public void Resolve_UnknownOutcome_Refused()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.Resolve(Given.Bob, Given.Accept() with { Outcome = (DecisionOutcome)9 }, Dec1, clock.Now()));

        // Assert
        Assert.AreEqual("Resolve.UnknownOutcome", refusal.Rule);
    }

    [TestMethod]
    public void Resolve_RationaleOneShortOfMinimum_Refused()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);
        var request = Given.Accept() with { Rationale = new string('r', RfcLimits.RationaleMin - 1) };

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.Resolve(Given.Bob, request, Dec1, clock.Now()));

        // Assert
        Assert.AreEqual("Input.TooShort", refusal.Rule);
        Assert.AreEqual("rationale", refusal.Field);
    }

    [TestMethod]
    public void Resolve_RationaleOfPaddedSpaces_CountsOnlyText()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);
        var request = Given.Accept() with { Rationale = new string(' ', 30) + "Too short to explain anything." + new string(' ', 30) };

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.Resolve(Given.Bob, request, Dec1, clock.Now()));

        // Assert
        Assert.AreEqual("Input.TooShort", refusal.Rule);
    }

    [TestMethod]
    public void Resolve_RationaleAtMinimum_Accepted()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);

        // Act
        rfc.Resolve(Given.Bob, Given.Accept() with { Rationale = new string('r', RfcLimits.RationaleMin) }, Dec1, clock.Now());

        // Assert
        Assert.AreEqual(RfcLimits.RationaleMin, rfc.Decision!.Rationale.Length);
    }

    [TestMethod]
    public void Resolve_AcceptedWithoutChosenOption_Refused()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.Resolve(Given.Bob, Given.Accept() with { ChosenOption = null }, Dec1, clock.Now()));

        // Assert
        Assert.AreEqual("Resolve.ChooseAnOption", refusal.Rule);
        Assert.AreEqual("chosenOption", refusal.Field);
    }

    [TestMethod]
    public void Resolve_ChosenOptionInOtherCase_RecordsListedName()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);

        // Act
        rfc.Resolve(Given.Bob, Given.Accept() with { ChosenOption = " kafka " }, Dec1, clock.Now());

        // Assert
        Assert.AreEqual("Kafka", rfc.Decision!.ChosenOption);
    }

    [TestMethod]
    public void Resolve_UnknownChosenOption_Refused()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.Resolve(Given.Bob, Given.Accept() with { ChosenOption = "Pulsar" }, Dec1, clock.Now()));

        // Assert
        Assert.AreEqual("Resolve.UnknownOption", refusal.Rule);
        Assert.AreEqual("chosenOption", refusal.Field);
    }

    [TestMethod]
    [DataRow(DecisionOutcome.Accepted)]
    [DataRow(DecisionOutcome.Rejected)]
    public void Resolve_MissingWhyNotForAnOption_RefusedNamingIt(DecisionOutcome outcome)
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);
        var request = Given.Outcome(outcome);
        request = request with { AlternativesNotChosen = [.. request.AlternativesNotChosen.Where(a => a.Option != "SQS")] };

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.Resolve(Given.Bob, request, Dec1, clock.Now()));

        // Assert
        Assert.AreEqual("Resolve.WhyNotRequired", refusal.Rule);
        Assert.AreEqual("whyNot:SQS", refusal.Field);
    }

    [TestMethod]
    public void Resolve_BlankWhyNot_Refused()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);
        var request = Given.Accept() with { AlternativesNotChosen = [new("RabbitMQ", "No replay."), new("SQS", "   ")] };

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.Resolve(Given.Bob, request, Dec1, clock.Now()));

        // Assert
        Assert.AreEqual("Resolve.WhyNotRequired", refusal.Rule);
    }

    [TestMethod]
    public void Resolve_RejectedWithoutChosen_EveryOptionIsAnAlternative()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);

        // Act
        rfc.Resolve(Given.Bob, Given.Outcome(DecisionOutcome.Rejected), Dec1, clock.Now());

        // Assert
        Assert.AreEqual(RfcState.Rejected, rfc.State);
        Assert.IsNull(rfc.Decision!.ChosenOption);
        CollectionAssert.AreEqual(new[] { "Kafka", "RabbitMQ", "SQS" }, rfc.Decision.AlternativesNotChosen.Select(a => a.Option).ToArray());
    }

    [TestMethod]
    [DataRow(DecisionOutcome.Deferred)]
    [DataRow(DecisionOutcome.Withdrawn)]
    public void Resolve_DeferredOrWithdrawnWithoutAlternatives_Allowed(DecisionOutcome outcome)
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);
        var request = new ResolutionRequest(outcome, Given.Rationale, null, [], null, []);

        // Act
        rfc.Resolve(Given.Bob, request, Dec1, clock.Now());

        // Assert
        Assert.AreEqual(outcome.ToState(), rfc.State);
        Assert.IsEmpty(rfc.Decision!.AlternativesNotChosen);
    }

    [TestMethod]
    public void Resolve_DeferredWithSomeWhys_KeepsThoseGiven()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);
        var request = new ResolutionRequest(DecisionOutcome.Deferred, Given.Rationale, null, [new("SQS", "Not until we move clouds.")], null, []);

        // Act
        rfc.Resolve(Given.Bob, request, Dec1, clock.Now());

        // Assert
        Assert.AreEqual(new AlternativeNotChosen("SQS", "Not until we move clouds."), rfc.Decision!.AlternativesNotChosen.Single());
    }

    [TestMethod]
    public void Resolve_AlternativeForUnlistedOption_Refused()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);
        var request = Given.Accept() with { AlternativesNotChosen = [.. Given.Accept().AlternativesNotChosen, new("Pulsar", "Never listed.")] };

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.Resolve(Given.Bob, request, Dec1, clock.Now()));

        // Assert
        Assert.AreEqual("Resolve.UnknownOption", refusal.Rule);
        Assert.AreEqual("alternatives", refusal.Field);
    }

    [TestMethod]
    public void Resolve_TwoWhyNotsForOneOption_RefusedNamingIt()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);
        var request = Given.Accept() with { AlternativesNotChosen = [.. Given.Accept().AlternativesNotChosen, new("sqs", "A second, different reason.")] };

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.Resolve(Given.Bob, request, Dec1, clock.Now()));

        // Assert
        Assert.AreEqual("Resolve.DuplicateAlternative", refusal.Rule);
        StringAssert.Contains(refusal.Message, "\"SQS\"");
    }

    [TestMethod]
    public void Resolve_ChosenOptionAlsoGivenAsAlternative_Refused()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);
        var request = Given.Accept() with { AlternativesNotChosen = [.. Given.Accept().AlternativesNotChosen, new("Kafka", "Confused.")] };

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.Resolve(Given.Bob, request, Dec1, clock.Now()));

        // Assert
        Assert.AreEqual("Resolve.ChosenIsNotAnAlternative", refusal.Rule);
    }

    [TestMethod]
    public void Resolve_NoOptionsListed_AcceptedWithoutChosenOrAlternatives()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock, Given.ProposalWithoutOptions());

        // Act
        rfc.Resolve(Given.Bob, new ResolutionRequest(DecisionOutcome.Accepted, Given.Rationale, null, [], null, []), Dec1, clock.Now());

        // Assert
        Assert.AreEqual(RfcState.Accepted, rfc.State);
        Assert.IsNull(rfc.Decision!.ChosenOption);
    }

    [TestMethod]
    public void Resolve_NoOptionsListedButAlternativesGiven_Refused()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock, Given.ProposalWithoutOptions());
        var request = new ResolutionRequest(DecisionOutcome.Rejected, Given.Rationale, null, [new("Kafka", "Why?")], null, []);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.Resolve(Given.Bob, request, Dec1, clock.Now()));

        // Assert
        Assert.AreEqual("Resolve.NoOptionsListed", refusal.Rule);
    }

    [TestMethod]
    [DataRow(DecisionOutcome.Rejected)]
    [DataRow(DecisionOutcome.Deferred)]
    [DataRow(DecisionOutcome.Withdrawn)]
    public void Resolve_SupersedesWithoutAccepting_Refused(DecisionOutcome outcome)
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);
        var request = Given.Outcome(outcome) with { Supersedes = new DecisionNumber(3) };

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.Resolve(Given.Bob, request, Dec1, clock.Now()));

        // Assert
        Assert.AreEqual("Resolve.OnlyAcceptedSupersedes", refusal.Rule);
        Assert.AreEqual("supersedes", refusal.Field);
    }

    [TestMethod]
    public void Resolve_AcceptedSupersedes_EventAndRecordCarryIt()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);

        // Act
        var events = rfc.Resolve(Given.Bob, Given.Accept() with { Supersedes = new DecisionNumber(3) }, new DecisionNumber(8), clock.Now());

        // Assert
        Assert.AreEqual(new DecisionNumber(3), ((RfcResolved)events.Single()).Supersedes);
        Assert.AreEqual(new DecisionNumber(3), rfc.Decision!.Supersedes);
    }

    [TestMethod]
    public void Resolve_AcceptWithOpenConcern_RefusedAndUnchanged()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);
        rfc.RaiseConcern(Given.Carol, "On-call load", null, clock.Now());

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.Resolve(Given.Bob, Given.Accept(), Dec1, clock.Now()));

        // Assert
        Assert.AreEqual("Resolve.OpenConcernsBlockAcceptance", refusal.Rule);
        Assert.AreEqual("overrules", refusal.Field);
    }

    [TestMethod]
    [DataRow(DecisionOutcome.Rejected)]
    [DataRow(DecisionOutcome.Deferred)]
    public void Resolve_NotAcceptingWithOpenConcern_Allowed(DecisionOutcome outcome)
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);
        rfc.RaiseConcern(Given.Carol, "On-call load", null, clock.Now());

        // Act
        rfc.Resolve(Given.Bob, Given.Outcome(outcome), Dec1, clock.Now());

        // Assert
        Assert.AreEqual(outcome.ToState(), rfc.State);
        Assert.AreEqual(ConcernStatus.Open, rfc.Decision!.Concerns.Single().Status);
    }

    [TestMethod]
    public void Resolve_AcceptAfterConcernResolved_Allowed()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);
        rfc.RaiseConcern(Given.Carol, "On-call load", null, clock.Now());
        rfc.ResolveConcern(Given.Carol, 1, "Platform team takes it.", clock.Now());

        // Act
        rfc.Resolve(Given.Bob, Given.Accept(), Dec1, clock.Now());

        // Assert
        Assert.AreEqual(RfcState.Accepted, rfc.State);
    }

    [TestMethod]
    public void Resolve_AcceptOverrulingInRequest_OverrulesThenAccepts()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);
        rfc.RaiseConcern(Given.Carol, "On-call load", null, clock.Now());
        rfc.RaiseConcern(Given.Dave, "Retention", null, clock.Now());

        // Act
        var events = rfc.Resolve(Given.Bob, Given.Accept(new(1, "Platform owns on-call."), new(2, "Seven days is the policy.")), Dec1, clock.Now());

        // Assert
        Assert.AreEqual(RfcState.Accepted, rfc.State);
        CollectionAssert.AreEqual(new[] { typeof(ConcernOverruled), typeof(ConcernOverruled), typeof(RfcResolved) }, events.Select(e => e.GetType()).ToArray());
        Assert.IsTrue(rfc.Concerns.All(c => c.Status == ConcernStatus.Overruled && c.ClosedBy == Given.Bob));
        Assert.AreEqual("Seven days is the policy.", rfc.Decision!.Concerns[1].ClosingNote);
    }

    [TestMethod]
    public void Resolve_CloseEarlyAndOverruleThenBlockedByAnotherConcern_LeavesRfcExactlyAsItWas()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        rfc.CastVote(Given.Carol, VoteKind.Approve, null, clock.Now());
        rfc.RaiseConcern(Given.Carol, "On-call load", null, clock.Now());
        rfc.RaiseConcern(Given.Dave, "Retention", null, clock.Now());
        rfc.AddComment(Given.Erin, "Hi", CommentSource.Card, clock.Now());
        var lastSequence = rfc.LastSequence;
        clock.Advance(TimeSpan.FromDays(1));
        var request = Given.Accept(new ConcernOverrule(1, "Platform owns on-call.")) with { EarlyCloseReason = "Urgent." };

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.Resolve(Given.Bob, request, Dec1, clock.Now()));

        // Assert
        Assert.AreEqual("Resolve.OpenConcernsBlockAcceptance", refusal.Rule);
        Assert.AreEqual(RfcState.Open, rfc.State);
        Assert.IsNull(rfc.EarlyCloseReason);
        Assert.IsNull(rfc.Decision);
        Assert.IsTrue(rfc.Concerns.All(c => c.IsOpen));
        Assert.AreEqual(lastSequence, rfc.LastSequence);
        var next = rfc.CastVote(Given.Dave, VoteKind.Abstain, null, clock.Now());
        Assert.AreEqual(lastSequence + 1, next.Single().Sequence, "The refused command must not consume sequence numbers.");
    }

    [TestMethod]
    public void Resolve_OverruleUnknownConcern_RefusedAndUnchanged()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);
        rfc.RaiseConcern(Given.Carol, "On-call load", null, clock.Now());

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.Resolve(Given.Bob, Given.Accept(new(1, "Fine."), new(5, "No such.")), Dec1, clock.Now()));

        // Assert
        Assert.AreEqual("Concern.NotFound", refusal.Rule);
    }

    [TestMethod]
    public void Resolve_OverruleSameConcernTwice_RefusedAndUnchanged()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);
        rfc.RaiseConcern(Given.Carol, "On-call load", null, clock.Now());

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.Resolve(Given.Bob, Given.Accept(new(1, "Fine."), new(1, "Again.")), Dec1, clock.Now()));

        // Assert
        Assert.AreEqual("Concern.AlreadyClosed", refusal.Rule);
    }

    [TestMethod]
    public void Resolve_OverruleWithoutReason_RefusedAndUnchanged()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);
        rfc.RaiseConcern(Given.Carol, "On-call load", null, clock.Now());

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.Resolve(Given.Bob, Given.Accept(new ConcernOverrule(1, " ")), Dec1, clock.Now()));

        // Assert
        Assert.AreEqual("Input.Required", refusal.Rule);
        Assert.AreEqual("overruleReason", refusal.Field);
    }

    [TestMethod]
    public void Resolve_WithdrawnByDecider_RecordsWithdrawnDecision()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);

        // Act
        rfc.Resolve(Given.Bob, Given.Outcome(DecisionOutcome.Withdrawn), Dec1, clock.Now());

        // Assert
        Assert.AreEqual(RfcState.Withdrawn, rfc.State);
        Assert.AreEqual(RfcState.Withdrawn, rfc.Decision!.Status);
    }

    [TestMethod]
    public void Resolve_RecordVotes_KeepCurrentVoteOfEachPersonOnlyButBallotsKeepHistory()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        rfc.CastVote(Given.Carol, VoteKind.Object, "No.", clock.Now());
        clock.Advance(TimeSpan.FromHours(1));
        rfc.CastVote(Given.Carol, VoteKind.Approve, null, clock.Now());
        clock.Advance(TimeSpan.FromDays(5));

        // Act
        rfc.Resolve(Given.Bob, Given.Accept(), Dec1, clock.Now());

        // Assert
        Assert.AreEqual(VoteKind.Approve, rfc.Decision!.Votes.Single().Kind);
        Assert.HasCount(2, rfc.BallotOf(Given.Carol)!.History);
    }
}
