using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Core.Tests;

[TestClass]
public sealed class VoteTests
{
    [TestMethod]
    [DataRow(VoteKind.Approve, 1, 0, 0, 0)]
    [DataRow(VoteKind.ApproveWithConcerns, 0, 1, 0, 0)]
    [DataRow(VoteKind.Object, 0, 0, 1, 0)]
    [DataRow(VoteKind.Abstain, 0, 0, 0, 1)]
    public void CastVote_EachKind_CountedInTally(VoteKind kind, int approve, int withConcerns, int objections, int abstain)
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);

        // Act
        var events = rfc.CastVote(Given.Carol, kind, "Because.", clock.Now());

        // Assert
        Assert.AreEqual(new VoteTally(approve, withConcerns, objections, abstain), rfc.Tally);
        var cast = (VoteCast)events.Single();
        Assert.AreEqual(kind, cast.Kind);
        Assert.IsNull(cast.Previous);
        Assert.AreEqual(Given.Carol, cast.Actor);
    }

    [TestMethod]
    public void CastVote_SameKindAndReasonAgain_NoEventAndNoChange()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        rfc.CastVote(Given.Carol, VoteKind.Object, "Retention is too short.", clock.Now());
        var before = Given.Snapshot(rfc);
        clock.Advance(TimeSpan.FromMinutes(5));

        // Act
        var events = rfc.CastVote(Given.Carol, VoteKind.Object, "  Retention is too short.  ", clock.Now());

        // Assert
        Assert.IsEmpty(events);
        Assert.AreEqual(before, Given.Snapshot(rfc));
        Assert.HasCount(1, rfc.BallotOf(Given.Carol)!.History);
    }

    [TestMethod]
    public void CastVote_ChangesAndARefusal_TallyAndRecentVotersMatchTheBallotsAndSurviveCopyAndReload()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);

        // Act: Carol votes, Dave votes, Carol changes her mind, Erin's objection without a reason is refused.
        rfc.CastVote(Given.Carol, VoteKind.Approve, null, clock.Now());
        clock.Advance(TimeSpan.FromMinutes(1));
        rfc.CastVote(Given.Dave, VoteKind.Abstain, null, clock.Now());
        clock.Advance(TimeSpan.FromMinutes(1));
        rfc.CastVote(Given.Carol, VoteKind.Object, "Retention is too short.", clock.Now());
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.ThrowsExactly<DomainRuleException>(() => rfc.CastVote(Given.Erin, VoteKind.Object, null, clock.Now()));
        var copy = rfc.Copy();
        var reloaded = Rfc.Rehydrate(rfc.ToCore(), rfc.Ballots, rfc.Concerns, rfc.Comments);

        // Assert: kept as votes change, they agree with counting the ballots afresh, in every form of the RFC.
        var counted = VoteTally.Of(rfc.Ballots.Select(b => b.Current));
        Assert.AreEqual(new VoteTally(0, 0, 1, 1), counted);
        foreach (var form in new[] { rfc, copy, reloaded })
        {
            Assert.AreEqual(counted, form.Tally);
            CollectionAssert.AreEqual(new[] { Given.Carol, Given.Dave }, form.RecentVoters.ToArray(), "Most recent first; a changed vote moves its voter to the front; a refused one leaves no trace.");
        }
    }

    [TestMethod]
    public void CastVote_MoreVotersThanKept_RecentVotersAreTheLatest60()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        var voters = Enumerable.Range(1, RfcLimits.RecentVotersKept + 15).Select(i => new UserRef($"voter-{i}", $"Voter {i}")).ToList();

        // Act
        foreach (var voter in voters)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            rfc.CastVote(voter, VoteKind.Approve, null, clock.Now());
        }

        // Assert
        CollectionAssert.AreEqual(voters.AsEnumerable().Reverse().Take(RfcLimits.RecentVotersKept).ToArray(), rfc.RecentVoters.ToArray());
        Assert.AreEqual(voters.Count, rfc.Tally.Approve);
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("   ")]
    public void CastVote_ObjectWithoutReason_RefusedAndUnchanged(string? reason)
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.CastVote(Given.Carol, VoteKind.Object, reason, clock.Now()));

        // Assert
        Assert.AreEqual("Vote.ObjectionNeedsReason", refusal.Rule);
        Assert.AreEqual("reason", refusal.Field);
    }

    [TestMethod]
    public void CastVote_ObjectWithReason_KeepsReason()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);

        // Act
        rfc.CastVote(Given.Carol, VoteKind.Object, "  We cannot staff a Kafka on-call.  ", clock.Now());

        // Assert
        var current = rfc.BallotOf(Given.Carol)!.Current;
        Assert.AreEqual(VoteKind.Object, current.Kind);
        Assert.AreEqual("We cannot staff a Kafka on-call.", current.Reason);
        Assert.AreEqual(clock.Now(), current.CastAt);
    }

    [TestMethod]
    public void CastVote_ReasonTooLong_Refused()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.CastVote(Given.Carol, VoteKind.Object, new string('r', RfcLimits.ReasonMax + 1), clock.Now()));

        // Assert
        Assert.AreEqual("Input.TooLong", refusal.Rule);
    }

    [TestMethod]
    public void CastVote_UnknownKind_RefusedAndUnchanged()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.CastVote(Given.Carol, (VoteKind)42, null, clock.Now()));

        // Assert
        Assert.AreEqual("Vote.UnknownKind", refusal.Rule);
    }

    [TestMethod]
    public void CastVote_SameVoterChangesVote_OneCurrentVoteAndFullHistory()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        rfc.CastVote(Given.Carol, VoteKind.Approve, null, clock.Now());
        clock.Advance(TimeSpan.FromHours(5));

        // Act
        var events = rfc.CastVote(Given.Carol, VoteKind.Object, "Found a flaw in the retention plan.", clock.Now());

        // Assert
        var ballot = rfc.BallotOf(Given.Carol)!;
        Assert.HasCount(1, rfc.Ballots);
        Assert.AreEqual(VoteKind.Object, ballot.Current.Kind);
        Assert.HasCount(2, ballot.History);
        Assert.AreEqual(VoteKind.Approve, ballot.History[0].Kind);
        Assert.AreEqual(Given.Start, ballot.History[0].CastAt);
        Assert.AreEqual(VoteKind.Object, ballot.History[1].Kind);
        Assert.AreEqual(new VoteTally(0, 0, 1, 0), rfc.Tally);
        Assert.AreEqual(VoteKind.Approve, ((VoteCast)events.Single()).Previous);
    }

    [TestMethod]
    public void CastVote_SameIdInOtherCase_ReplacesTheSameBallot()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        rfc.CastVote(Given.Carol, VoteKind.Approve, null, clock.Now());

        // Act
        rfc.CastVote(new UserRef("CAROL-ID", "Carol (Outlook)"), VoteKind.Abstain, null, clock.Now());

        // Assert
        Assert.HasCount(1, rfc.Ballots);
        Assert.AreEqual(1, rfc.Tally.Total);
        Assert.AreEqual(VoteKind.Abstain, rfc.BallotOf(Given.Carol)!.Current.Kind);
        Assert.HasCount(2, rfc.BallotOf(Given.Carol)!.History);
    }

    [TestMethod]
    public void CastVote_SeveralVoters_TallyCountsCurrentVotesOnly()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        var now = clock.Now();

        // Act
        rfc.CastVote(Given.Carol, VoteKind.Approve, null, now);
        rfc.CastVote(Given.Dave, VoteKind.ApproveWithConcerns, null, now);
        rfc.CastVote(Given.Erin, VoteKind.Object, "Cost.", now);
        rfc.CastVote(Given.Alice, VoteKind.Approve, null, now);
        rfc.CastVote(Given.Erin, VoteKind.Abstain, null, now);

        // Assert
        Assert.AreEqual(new VoteTally(2, 1, 0, 1), rfc.Tally);
        Assert.AreEqual(4, rfc.Tally.Total);
    }

    [TestMethod]
    public void CastVote_JustBeforeClose_Accepted()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        clock.Advance(TimeSpan.FromDays(5) - TimeSpan.FromMilliseconds(1));

        // Act
        rfc.CastVote(Given.Carol, VoteKind.Approve, null, clock.Now());

        // Assert
        Assert.AreEqual(1, rfc.Tally.Approve);
        Assert.AreEqual(RfcState.Open, rfc.State);
    }

    [TestMethod]
    public void CastVote_AtOrAfterClose_RefusedAndNothingChanged()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        rfc.CastVote(Given.Carol, VoteKind.Approve, null, clock.Now());
        clock.Advance(TimeSpan.FromDays(5));

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.CastVote(Given.Carol, VoteKind.Object, "Too late?", clock.Now()));

        // Assert
        Assert.AreEqual("Vote.OnlyWhileOpen", refusal.Rule);
        Assert.AreEqual(VoteKind.Approve, rfc.BallotOf(Given.Carol)!.Current.Kind);
        Assert.AreEqual(RfcState.AwaitingDecision, rfc.StateAt(clock.Now()));
    }

    [TestMethod]
    public void CastVote_AfterCloseEarly_Refused()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        rfc.CloseEarly(Given.Bob, "Enough input.", clock.Now());

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.CastVote(Given.Carol, VoteKind.Approve, null, clock.Now()));

        // Assert
        Assert.AreEqual("Vote.OnlyWhileOpen", refusal.Rule);
    }

    [TestMethod]
    public void CastVote_AfterResolution_Refused()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Accepted(clock);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.CastVote(Given.Carol, VoteKind.Approve, null, clock.Now()));

        // Assert
        Assert.AreEqual("Vote.OnlyWhileOpen", refusal.Rule);
    }

    [TestMethod]
    public void NotYetResponded_ReviewersWhoVotedOrCommented_AreDropped()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        var initially = rfc.NotYetResponded.ToList();

        // Act
        rfc.CastVote(new UserRef("CAROL-ID", "Carol"), VoteKind.Approve, null, clock.Now());
        var afterVote = rfc.NotYetResponded.ToList();
        rfc.AddComment(Given.Dave, "Looks fine.", CommentSource.ThreadReply, clock.Now());

        // Assert
        CollectionAssert.AreEqual(new[] { Given.Carol, Given.Dave }, initially);
        CollectionAssert.AreEqual(new[] { Given.Dave }, afterVote);
        Assert.IsFalse(rfc.NotYetResponded.Any());
    }
}
