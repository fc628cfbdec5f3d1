using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Core.Tests;

/// <summary>Which events cause a proactive message, and the deterministic ids that make a retry harmless.</summary>
[TestClass]
public sealed class RfcNotificationsTests
{
    [TestMethod]
    public void For_WindowClosedByTheClock_OneNoticeToTheRfcThreadWithAnIdFromTheEvent()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        clock.Advance(TimeSpan.FromDays(30));

        // Act
        var events = rfc.CloseWindowIfDue(clock.Now());
        var notices = RfcNotifications.For(rfc, events);

        // Assert
        var close = events.OfType<CommentWindowClosed>().Single();
        var notice = notices.Single();
        Assert.AreEqual(NotificationKinds.WindowClosed, notice.Kind);
        Assert.AreEqual(rfc.Id, notice.Rfc);
        Assert.IsInstanceOfType<RfcThreadTarget>(notice.Target);
        Assert.AreEqual(close.At, notice.NotBefore);
        Assert.AreEqual(Notification.WindowClosed(rfc.Id, close.Sequence, close.At).Id, notice.Id, "The same close always makes the same id.");
        Assert.IsTrue(RfcNotifications.AnyIn(events));
    }

    [TestMethod]
    public void For_DeciderClosesEarlyOrAVote_NoNotice()
    {
        // Arrange
        var clock = Given.Clock();
        var voted = Given.Open(clock);
        var closedEarly = Given.Open(clock, number: 2);

        // Act
        var vote = voted.CastVote(Given.Carol, VoteKind.Approve, null, clock.Now());
        var early = closedEarly.CloseEarly(closedEarly.Decider, "We have heard enough", clock.Now());

        // Assert
        Assert.IsEmpty(RfcNotifications.For(voted, vote));
        Assert.IsEmpty(RfcNotifications.For(closedEarly, early), "Closing early is the decider's own act.");
    }

    [TestMethod]
    public void MakeId_PartsHoldingTheSeparator_StayDistinct()
    {
        // Act
        var a = Notification.MakeId("reminder", "a|b", "c");
        var b = Notification.MakeId("reminder", "a", "b|c");

        // Assert
        Assert.AreNotEqual(a, b);
    }
}
