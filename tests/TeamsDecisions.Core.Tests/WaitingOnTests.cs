using System.Globalization;
using TeamsDecisions.Core.Norms;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Core.Teams;

namespace TeamsDecisions.Core.Tests;

[TestClass]
public sealed class WaitingOnTests
{
    private static readonly TeamSettings Settings = new(Given.Team);

    [TestMethod]
    public void For_ReviewerWhoHasNotResponded_RespondDueAtTheNorm()
    {
        // Arrange: opened Monday 09:00 UTC, design review, 48 h on working days.
        var clock = Given.Clock();
        var rfc = Given.Open(clock);

        // Act
        var queue = WaitingOn.For(Given.Carol, [(rfc, Settings)], clock.Now());

        // Assert
        var item = queue.Single();
        Assert.AreEqual(QueueItemKind.Respond, item.Kind);
        Assert.AreEqual(DateTimeOffset.Parse("2025-03-05T09:00Z", CultureInfo.InvariantCulture), item.DueAt);
    }

    [TestMethod]
    [DataRow("vote", DisplayName = "a vote is a response")]
    [DataRow("comment", DisplayName = "a comment is a response")]
    public void For_ReviewerWhoResponded_NotInTheirQueue(string how)
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        _ = how == "vote"
            ? rfc.CastVote(Given.Carol, VoteKind.Approve, null, clock.Now())
            : rfc.AddComment(Given.Carol, "Looks right to me.", CommentSource.Card, clock.Now());

        // Act
        var carol = WaitingOn.For(Given.Carol, [(rfc, Settings)], clock.Now());
        var dave = WaitingOn.For(Given.Dave, [(rfc, Settings)], clock.Now());

        // Assert
        Assert.IsEmpty(carol);
        Assert.AreEqual(QueueItemKind.Respond, dave.Single().Kind);
    }

    [TestMethod]
    public void For_DeciderAfterTheWindowClosed_DecideDueAfterTheRoutineNorm()
    {
        // Arrange: the window (5 days from Monday 09:00 UTC) closes Saturday 09:00; the weekend does not count, so the
        // routine 24 h run from Monday 00:00 to Tuesday 00:00.
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        var whileOpen = WaitingOn.For(Given.Bob, [(rfc, Settings)], clock.Now());
        clock.SetUtcNow(rfc.Window!.ClosesAt.AddHours(1));

        // Act
        var queue = WaitingOn.For(Given.Bob, [(rfc, Settings)], clock.Now());

        // Assert
        Assert.IsEmpty(whileOpen, "Nothing to decide while comments are open.");
        var item = queue.Single();
        Assert.AreEqual(QueueItemKind.Decide, item.Kind);
        Assert.AreEqual(DateTimeOffset.Parse("2025-03-11T00:00Z", CultureInfo.InvariantCulture), item.DueAt);
    }

    [TestMethod]
    public void For_OpenConcernRaised_ListedUntilResolved()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        rfc.CastVote(Given.Erin, VoteKind.Abstain, null, clock.Now());
        rfc.RaiseConcern(Given.Erin, "Retention is too short", null, clock.Now());
        rfc.RaiseConcern(Given.Erin, "No schema registry", null, clock.Now());
        var before = WaitingOn.For(Given.Erin, [(rfc, Settings)], clock.Now());
        rfc.ResolveConcern(Given.Erin, 1, "Raised to 30 days.", clock.Now());

        // Act
        var after = WaitingOn.For(Given.Erin, [(rfc, Settings)], clock.Now());

        // Assert
        Assert.HasCount(2, before);
        Assert.IsTrue(before.All(i => i.Kind == QueueItemKind.Concern && i.DueAt == rfc.Window!.ClosesAt));
        Assert.AreEqual("No schema registry", after.Single().Concern!.Title);
    }

    [TestMethod]
    [DataRow("accepted")]
    [DataRow("withdrawn")]
    [DataRow("draft")]
    public void For_SettledOrDraftRfc_NothingWaits(string state)
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = state switch
        {
            "accepted" => Given.Accepted(clock),
            "draft" => Given.Draft(clock),
            _ => Given.Open(clock),
        };
        if (state == "withdrawn")
        {
            rfc.Withdraw(Given.Alice, "Superseded by a simpler plan.", clock.Now());
        }

        // Act
        var queue = new[] { Given.Alice, Given.Bob, Given.Carol, Given.Dave }.SelectMany(p => WaitingOn.For(p, [(rfc, Settings)], clock.Now())).ToList();

        // Assert
        Assert.IsEmpty(queue);
    }

    [TestMethod]
    public void For_SeveralRfcs_OverdueFirstThenSoonestDue()
    {
        // Arrange: RFC 1 is routine (due in 24 h), RFC 2 a design review (48 h), RFC 3 opened two days earlier (overdue).
        var clock = Given.Clock();
        var early = Given.Open(clock, number: 3);
        clock.Advance(TimeSpan.FromDays(2));
        var design = Given.Open(clock, number: 2);
        var routine = Given.Open(clock, Given.Proposal() with { Kind = RfcKind.Routine }, number: 1);
        var now = clock.Now().AddHours(1);

        // Act
        var queue = WaitingOn.For(Given.Carol, [(routine, Settings), (design, Settings), (early, Settings)], now);

        // Assert
        CollectionAssert.AreEqual(new[] { 3, 1, 2 }, queue.Select(i => i.Rfc.Number.Value).ToArray());
        Assert.IsTrue(queue[0].IsOverdue(now));
        Assert.IsFalse(queue[1].IsOverdue(now));
    }
}
