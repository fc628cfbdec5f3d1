using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Core.Tests;

/// <summary>Draft → Open → AwaitingDecision, closing early, extending, withdrawing, superseding.</summary>
[TestClass]
public sealed class LifecycleTests
{
    [TestMethod]
    public void Open_DraftByAuthor_OpensWindowForWindowDays()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Draft(clock, Given.Proposal(windowDays: 7));
        clock.Advance(TimeSpan.FromHours(3));

        // Act
        var events = rfc.Open(Given.Alice, clock.Now());

        // Assert
        Assert.AreEqual(RfcState.Open, rfc.State);
        Assert.AreEqual(new CommentWindow(clock.Now(), clock.Now().AddDays(7)), rfc.Window);
        var opened = (RfcOpened)events.Single();
        Assert.AreEqual(rfc.Window, opened.Window);
        Assert.AreEqual(2L, opened.Sequence);
    }

    [TestMethod]
    public void Open_AuthorIdInOtherCase_Opens()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Draft(clock);

        // Act
        rfc.Open(new UserRef("ALICE-ID", "Alice on mobile"), clock.Now());

        // Assert
        Assert.AreEqual(RfcState.Open, rfc.State);
    }

    [TestMethod]
    public void Open_ByNonAuthor_RefusedAndUnchanged()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Draft(clock);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.Open(Given.Bob, clock.Now()));

        // Assert
        Assert.AreEqual("Rfc.OnlyAuthorOpens", refusal.Rule);
    }

    [TestMethod]
    public void Open_AlreadyOpen_Refused()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.Open(Given.Alice, clock.Now()));

        // Assert
        Assert.AreEqual("Rfc.OpenOnlyFromDraft", refusal.Rule);
    }

    [TestMethod]
    public void Open_NullActor_ThrowsArgumentNullException()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Draft(clock);

        // Act / Assert
        Assert.ThrowsExactly<ArgumentNullException>(() => rfc.Open(null!, clock.Now()));
    }

    [TestMethod]
    public void AttachThread_NullActor_ThrowsArgumentNullException()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        var thread = new ThreadReference("19:abc@thread.tacv2", "1", null);

        // Act / Assert
        Assert.ThrowsExactly<ArgumentNullException>(() => rfc.AttachThread(null!, thread, clock.Now()));
    }

    [TestMethod]
    public void AttachThread_Open_RecordsThreadWithEvent()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        var thread = new ThreadReference("19:abc@thread.tacv2", "1700000000000", new Uri("https://teams.microsoft.com/l/message/1"));

        // Act
        var events = rfc.AttachThread(Given.Alice, thread, clock.Now());

        // Assert
        Assert.AreEqual(thread, rfc.Thread);
        Assert.AreEqual(thread, ((ThreadAttached)events.Single()).Thread);
    }

    [TestMethod]
    public void StateAt_OpenRfc_OpenBeforeClosesAtAndAwaitingFromClosesAt()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        var closesAt = rfc.Window!.ClosesAt;

        // Act / Assert
        Assert.AreEqual(RfcState.Open, rfc.StateAt(closesAt.AddTicks(-1)));
        Assert.AreEqual(RfcState.AwaitingDecision, rfc.StateAt(closesAt));
        Assert.AreEqual(RfcState.Open, rfc.State, "Reading the state must not change it.");
    }

    [TestMethod]
    public void StateAt_Draft_StaysDraftWhateverTheTime()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Draft(clock);

        // Act
        var state = rfc.StateAt(clock.Now().AddDays(100));

        // Assert
        Assert.AreEqual(RfcState.Draft, state);
    }

    [TestMethod]
    public void CloseWindowIfDue_BeforeClosesAt_NoEventsNoChange()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        clock.Advance(TimeSpan.FromDays(5) - TimeSpan.FromSeconds(1));
        var before = Given.Snapshot(rfc);

        // Act
        var events = rfc.CloseWindowIfDue(clock.Now());

        // Assert
        Assert.IsEmpty(events);
        Assert.AreEqual(before, Given.Snapshot(rfc));
    }

    [TestMethod]
    public void CloseWindowIfDue_AtClosesAt_MovesToAwaitingDecisionAsTheClock()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        var closesAt = rfc.Window!.ClosesAt;
        clock.Advance(TimeSpan.FromDays(5));

        // Act
        var events = rfc.CloseWindowIfDue(clock.Now());

        // Assert
        Assert.AreEqual(RfcState.AwaitingDecision, rfc.State);
        var closed = (CommentWindowClosed)events.Single();
        Assert.AreEqual(closesAt, closed.ClosedAt);
        Assert.IsNull(closed.Actor);
        Assert.AreEqual(3L, closed.Sequence);
    }

    [TestMethod]
    public void CloseWindowIfDue_CalledAgain_ReturnsNothing()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);
        clock.Advance(TimeSpan.FromDays(1));

        // Act
        var events = rfc.CloseWindowIfDue(clock.Now());

        // Assert
        Assert.IsEmpty(events);
        Assert.AreEqual(3L, rfc.LastSequence);
    }

    [TestMethod]
    public void AnyCommand_AfterClosesAt_SeesAwaitingDecisionAndRecordsTheClose()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        clock.Advance(TimeSpan.FromDays(6));

        // Act
        var events = rfc.AddComment(Given.Carol, "Late thought.", CommentSource.Card, clock.Now());

        // Assert
        Assert.AreEqual(RfcState.AwaitingDecision, rfc.State);
        Assert.IsInstanceOfType<CommentWindowClosed>(events[0]);
        Assert.IsInstanceOfType<CommentAdded>(events[1]);
    }

    [TestMethod]
    public void CloseEarly_ByDecider_AwaitingDecisionWithReason()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        clock.Advance(TimeSpan.FromDays(1));

        // Act
        var events = rfc.CloseEarly(Given.Bob, "Everyone has weighed in.", clock.Now());

        // Assert
        Assert.AreEqual(RfcState.AwaitingDecision, rfc.State);
        Assert.AreEqual("Everyone has weighed in.", rfc.EarlyCloseReason);
        var closed = (RfcClosedEarly)events.Single();
        Assert.AreEqual("Everyone has weighed in.", closed.Reason);
        Assert.AreEqual(Given.Bob, closed.Actor);
    }

    [TestMethod]
    public void CloseEarly_ByDecider_WindowClosesAtThatMoment()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        clock.Advance(TimeSpan.FromDays(1));

        // Act
        rfc.CloseEarly(Given.Bob, "Everyone has weighed in.", clock.Now());

        // Assert: cards and the decision record show when the window really closed, not when it was meant to.
        Assert.AreEqual(clock.Now(), rfc.Window!.ClosesAt);
    }

    [TestMethod]
    [DataRow("carol")]
    [DataRow("alice")]
    public void CloseEarly_ByNonDecider_RefusedAndUnchanged(string who)
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        var actor = who == "alice" ? Given.Alice : Given.Carol;

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.CloseEarly(actor, "Done.", clock.Now()));

        // Assert
        Assert.AreEqual("Window.OnlyDeciderClosesEarly", refusal.Rule);
    }

    [TestMethod]
    public void CloseEarly_WithoutReason_RefusedAndUnchanged()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.CloseEarly(Given.Bob, "  ", clock.Now()));

        // Assert
        Assert.AreEqual("Input.Required", refusal.Rule);
        Assert.AreEqual("earlyCloseReason", refusal.Field);
    }

    [TestMethod]
    public void CloseEarly_AfterWindowPassed_RefusedAndUnchanged()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        clock.Advance(TimeSpan.FromDays(6));

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.CloseEarly(Given.Bob, "Done.", clock.Now()));

        // Assert
        Assert.AreEqual("Window.CloseEarlyOnlyWhileOpen", refusal.Rule);
        Assert.AreEqual(RfcState.Open, rfc.State, "The lazy close is part of the refused command and is rolled back.");
    }

    [TestMethod]
    public void CloseEarly_Draft_Refused()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Draft(clock);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.CloseEarly(Given.Bob, "Done.", clock.Now()));

        // Assert
        Assert.AreEqual("Window.CloseEarlyOnlyWhileOpen", refusal.Rule);
    }

    [TestMethod]
    public void ExtendWindow_WhileOpen_ExtendsFromCurrentClose()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        var previous = rfc.Window!.ClosesAt;
        clock.Advance(TimeSpan.FromDays(2));

        // Act
        var events = rfc.ExtendWindow(Given.Bob, 3, "Waiting on the security review.", clock.Now());

        // Assert
        Assert.AreEqual(RfcState.Open, rfc.State);
        Assert.AreEqual(previous.AddDays(3), rfc.Window!.ClosesAt);
        Assert.AreEqual(Given.Start, rfc.Window.OpensAt);
        var extended = (CommentWindowExtended)events.Single();
        Assert.AreEqual(previous, extended.PreviousClosesAt);
        Assert.AreEqual(previous.AddDays(3), extended.ClosesAt);
        Assert.AreEqual("Waiting on the security review.", extended.Reason);
    }

    [TestMethod]
    public void ExtendWindow_AfterWindowPassed_ReopensFromNowAndTakesVotesAgain()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        clock.Advance(TimeSpan.FromDays(8));

        // Act
        var events = rfc.ExtendWindow(Given.Bob, 2, null, clock.Now());
        rfc.CastVote(Given.Carol, VoteKind.Approve, null, clock.Now());

        // Assert
        Assert.AreEqual(RfcState.Open, rfc.State);
        Assert.AreEqual(clock.Now().AddDays(2), rfc.Window!.ClosesAt);
        Assert.IsInstanceOfType<CommentWindowClosed>(events[0]);
        Assert.IsInstanceOfType<CommentWindowExtended>(events[1]);
        Assert.AreEqual(1, rfc.Tally.Approve);
    }

    [TestMethod]
    public void ExtendWindow_AfterCloseEarly_ReopensAndClearsEarlyCloseReason()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        rfc.CloseEarly(Given.Bob, "Enough input.", clock.Now());
        clock.Advance(TimeSpan.FromHours(1));

        // Act
        rfc.ExtendWindow(Given.Bob, 1, "Carol asked for a day.", clock.Now());

        // Assert
        Assert.AreEqual(RfcState.Open, rfc.State);
        Assert.IsNull(rfc.EarlyCloseReason);
        Assert.AreEqual(clock.Now().AddDays(1), rfc.Window!.ClosesAt);
    }

    [TestMethod]
    [DataRow("alice")]
    [DataRow("carol")]
    public void ExtendWindow_ByNonDecider_RefusedAndUnchanged(string who)
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        var actor = who == "alice" ? Given.Alice : Given.Carol;

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.ExtendWindow(actor, 2, null, clock.Now()));

        // Assert
        Assert.AreEqual("Window.OnlyDeciderExtends", refusal.Rule);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(31)]
    public void ExtendWindow_DaysOutOfRange_RefusedAndUnchanged(int days)
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.ExtendWindow(Given.Bob, days, null, clock.Now()));

        // Assert
        Assert.AreEqual("Window.DaysOutOfRange", refusal.Rule);
        Assert.AreEqual("days", refusal.Field);
    }

    [TestMethod]
    public void ExtendWindow_ExtendByMaxAfterWindowPassed_RefusedDaysKeepRfcOpen()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        clock.Advance(TimeSpan.FromDays(6));

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.ExtendWindow(Given.Bob, 31, null, clock.Now()));

        // Assert
        Assert.AreEqual("Window.DaysOutOfRange", refusal.Rule);
        Assert.AreEqual(RfcState.Open, rfc.State);
    }

    [TestMethod]
    public void ExtendWindow_Draft_Refused()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Draft(clock);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.ExtendWindow(Given.Bob, 2, null, clock.Now()));

        // Assert
        Assert.AreEqual("Window.ExtendOnlyOnceOpen", refusal.Rule);
    }

    [TestMethod]
    public void ExtendWindow_Resolved_Refused()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Accepted(clock);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.ExtendWindow(Given.Bob, 2, null, clock.Now()));

        // Assert
        Assert.AreEqual("Window.ExtendOnlyOnceOpen", refusal.Rule);
    }

    [TestMethod]
    [DataRow(RfcState.Draft)]
    [DataRow(RfcState.Open)]
    [DataRow(RfcState.AwaitingDecision)]
    public void Withdraw_ByAuthorBeforeResolution_Withdrawn(RfcState from)
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = from switch
        {
            RfcState.Draft => Given.Draft(clock),
            RfcState.Open => Given.Open(clock),
            _ => Given.Awaiting(clock),
        };

        // Act
        var events = rfc.Withdraw(Given.Alice, "Superseded by the platform team's plan.", clock.Now());

        // Assert
        Assert.AreEqual(RfcState.Withdrawn, rfc.State);
        Assert.AreEqual("Superseded by the platform team's plan.", rfc.WithdrawalReason);
        Assert.IsNull(rfc.Decision);
        var withdrawn = (RfcWithdrawn)events.Single();
        Assert.AreEqual(Given.Alice, withdrawn.Actor);
    }

    [TestMethod]
    public void Withdraw_ByDecider_RefusedAndUnchanged()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.Withdraw(Given.Bob, "No.", clock.Now()));

        // Assert
        Assert.AreEqual("Withdraw.OnlyAuthor", refusal.Rule);
    }

    [TestMethod]
    public void Withdraw_WithoutReason_RefusedAndUnchanged()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.Withdraw(Given.Alice, "", clock.Now()));

        // Assert
        Assert.AreEqual("Input.Required", refusal.Rule);
        Assert.AreEqual("reason", refusal.Field);
    }

    [TestMethod]
    [DataRow(DecisionOutcome.Accepted)]
    [DataRow(DecisionOutcome.Rejected)]
    public void Withdraw_AfterResolution_RefusedAndUnchanged(DecisionOutcome outcome)
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Resolved(clock, outcome);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.Withdraw(Given.Alice, "Changed my mind.", clock.Now()));

        // Assert
        Assert.AreEqual("Withdraw.OnlyBeforeResolution", refusal.Rule);
    }

    [TestMethod]
    public void Commands_OnWithdrawnRfc_EachRefusedNamingItsRule()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        rfc.RaiseConcern(Given.Carol, "Ops load", null, clock.Now());
        rfc.Withdraw(Given.Alice, "Not needed.", clock.Now());
        var now = clock.Now();
        var commands = new Dictionary<string, Action>
        {
            ["Rfc.OpenOnlyFromDraft"] = () => rfc.Open(Given.Alice, now),
            ["Vote.OnlyWhileOpen"] = () => rfc.CastVote(Given.Carol, VoteKind.Approve, null, now),
            ["Concern.OnlyBeforeResolution"] = () => rfc.RaiseConcern(Given.Carol, "Another", null, now),
            ["Comment.OnlyBeforeResolution"] = () => rfc.AddComment(Given.Carol, "Hello", CommentSource.Card, now),
            ["Window.ExtendOnlyOnceOpen"] = () => rfc.ExtendWindow(Given.Bob, 2, null, now),
            ["Window.CloseEarlyOnlyWhileOpen"] = () => rfc.CloseEarly(Given.Bob, "Done", now),
            ["Resolve.OnlyWhenOpenOrAwaiting"] = () => rfc.Resolve(Given.Bob, Given.Outcome(DecisionOutcome.Rejected), new DecisionNumber(1), now),
            ["Withdraw.OnlyBeforeResolution"] = () => rfc.Withdraw(Given.Alice, "Again", now),
            ["Supersede.OnlyAccepted"] = () => rfc.MarkSuperseded(Given.Bob, new DecisionNumber(2), now),
        };

        foreach (var (rule, command) in commands)
        {
            // Act
            var refusal = Given.RefusedUnchanged(rfc, command);

            // Assert
            Assert.AreEqual(rule, refusal.Rule);
        }

        var resolveRefusal = Given.RefusedUnchanged(rfc, () => rfc.ResolveConcern(Given.Carol, 1, "ok", now));
        Assert.AreEqual("Concern.OnlyBeforeResolution", resolveRefusal.Rule);
    }

    [TestMethod]
    public void Commands_OnDraft_VoteConcernCommentResolveRefused()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Draft(clock);
        var now = clock.Now();

        // Act / Assert
        Assert.AreEqual("Vote.OnlyWhileOpen", Given.RefusedUnchanged(rfc, () => rfc.CastVote(Given.Carol, VoteKind.Approve, null, now)).Rule);
        Assert.AreEqual("Concern.OnlyBeforeResolution", Given.RefusedUnchanged(rfc, () => rfc.RaiseConcern(Given.Carol, "Ops load", null, now)).Rule);
        Assert.AreEqual("Comment.OnlyBeforeResolution", Given.RefusedUnchanged(rfc, () => rfc.AddComment(Given.Carol, "Hi", CommentSource.Card, now)).Rule);
        Assert.AreEqual("Resolve.OnlyWhenOpenOrAwaiting", Given.RefusedUnchanged(rfc, () => rfc.Resolve(Given.Bob, Given.Accept(), new DecisionNumber(1), now)).Rule);
    }

    [TestMethod]
    public void MarkSuperseded_Accepted_BecomesSupersededAndRecordLinksForward()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Accepted(clock, decision: 1);
        clock.Advance(TimeSpan.FromDays(30));

        // Act
        var events = rfc.MarkSuperseded(Given.Bob, new DecisionNumber(9), clock.Now());

        // Assert
        Assert.AreEqual(RfcState.Superseded, rfc.State);
        Assert.AreEqual(new DecisionNumber(9), rfc.Decision!.SupersededBy);
        Assert.AreEqual(RfcState.Superseded, rfc.Decision.Status);
        Assert.AreEqual(DecisionOutcome.Accepted, rfc.Decision.Outcome);
        var superseded = (RfcSuperseded)events.Single();
        Assert.AreEqual(new DecisionNumber(1), superseded.Decision);
        Assert.AreEqual(new DecisionNumber(9), superseded.By);
    }

    [TestMethod]
    public void MarkSuperseded_SameDecisionAgain_NoEventsNoChange()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Accepted(clock);
        rfc.MarkSuperseded(Given.Bob, new DecisionNumber(9), clock.Now());
        var before = Given.Snapshot(rfc);

        // Act
        var events = rfc.MarkSuperseded(Given.Bob, new DecisionNumber(9), clock.Now());

        // Assert
        Assert.IsEmpty(events);
        Assert.AreEqual(before, Given.Snapshot(rfc));
    }

    [TestMethod]
    public void MarkSuperseded_AlreadySupersededByAnother_Refused()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Accepted(clock);
        rfc.MarkSuperseded(Given.Bob, new DecisionNumber(9), clock.Now());

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.MarkSuperseded(Given.Bob, new DecisionNumber(10), clock.Now()));

        // Assert
        Assert.AreEqual("Supersede.OnlyAccepted", refusal.Rule);
    }

    [TestMethod]
    [DataRow(DecisionOutcome.Rejected)]
    [DataRow(DecisionOutcome.Deferred)]
    [DataRow(DecisionOutcome.Withdrawn)]
    public void MarkSuperseded_NotAccepted_Refused(DecisionOutcome outcome)
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Resolved(clock, outcome);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.MarkSuperseded(Given.Bob, new DecisionNumber(9), clock.Now()));

        // Assert
        Assert.AreEqual("Supersede.OnlyAccepted", refusal.Rule);
    }

    [TestMethod]
    public void MarkSuperseded_OpenRfc_Refused()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.MarkSuperseded(Given.Bob, new DecisionNumber(9), clock.Now()));

        // Assert
        Assert.AreEqual("Supersede.OnlyAccepted", refusal.Rule);
    }

    [TestMethod]
    public void MarkSuperseded_ByItsOwnNumber_Refused()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Accepted(clock, decision: 4);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.MarkSuperseded(Given.Bob, new DecisionNumber(4), clock.Now()));

        // Assert
        Assert.AreEqual("Supersede.NotItself", refusal.Rule);
    }
}
