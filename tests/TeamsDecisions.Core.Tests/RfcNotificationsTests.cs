using System.Globalization;
using System.Text.Json;
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
    public void For_ThreadAttached_ReviewRequestToTheRfcThreadWithAnIdFromTheEvent()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);

        // Act
        var events = rfc.AttachThread(Given.Alice, new ThreadReference("19:eng@thread.tacv2;messageid=1", "1", null), clock.Now());
        var notices = RfcNotifications.For(rfc, events);

        // Assert
        var attached = events.OfType<ThreadAttached>().Single();
        var notice = notices.Single();
        Assert.AreEqual(NotificationKinds.ReviewRequest, notice.Kind);
        Assert.AreEqual(rfc.Id, notice.Rfc);
        Assert.AreEqual(new RfcThreadTarget(), notice.Target, "The RFC's own thread.");
        Assert.AreEqual(Notification.MakeId(NotificationKinds.ReviewRequest, Given.Team.Value, "RFC-0001", attached.Sequence.ToString(CultureInfo.InvariantCulture)), notice.Id);
        Assert.IsTrue(RfcNotifications.AnyIn(events));
    }

    [TestMethod]
    public void For_Resolved_AuthorToldInTheRfcThreadWithAnIdFromTheEvent()
    {
        // Arrange: Alice's RFC, decided by Bob.
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);

        // Act
        var events = rfc.Resolve(Given.Bob, Given.Accept(), new DecisionNumber(4), clock.Now());
        var notices = RfcNotifications.For(rfc, events);

        // Assert
        var resolved = events.OfType<RfcResolved>().Single();
        var notice = notices.Single();
        Assert.AreEqual(NotificationKinds.Resolved, notice.Kind);
        Assert.AreEqual(rfc.Id, notice.Rfc);
        Assert.AreEqual(new RfcThreadTarget(), notice.Target);
        Assert.AreEqual(resolved.At, notice.NotBefore);
        Assert.AreEqual(Notification.Resolved(rfc.Id, resolved.Sequence, resolved.At).Id, notice.Id, "The same resolution always makes the same id.");
        Assert.AreNotEqual(Notification.WindowClosed(rfc.Id, resolved.Sequence, resolved.At).Id, notice.Id, "Kinds never share an id.");
    }

    [TestMethod]
    public void For_ResolvedByItsOwnAuthor_NoNotice()
    {
        // Arrange: Bob proposes and decides.
        var clock = Given.Clock();
        var rfc = Rfc.Propose(Given.Id(), Given.Bob, Given.Proposal(), RfcLimits.DefaultWindowDays, clock.Now()).Rfc;
        rfc.Open(Given.Bob, clock.Now());
        clock.Advance(TimeSpan.FromDays(RfcLimits.DefaultWindowDays));
        rfc.CloseWindowIfDue(clock.Now());

        // Act
        var events = rfc.Resolve(Given.Bob, Given.Accept(), new DecisionNumber(1), clock.Now());

        // Assert
        Assert.IsEmpty(RfcNotifications.For(rfc, events), "An author who decided their own RFC is not told about it.");
    }

    [TestMethod]
    public void For_ResolutionSupersedingADecision_AlsoANoticeToTheOldRfcThread()
    {
        // Arrange: RFC-0002 supersedes DEC-0001, the decision of RFC-0001.
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock, number: 2);
        var old = Given.Id(1);

        // Act
        var events = rfc.Resolve(Given.Bob, Given.Accept() with { Supersedes = new DecisionNumber(1) }, new DecisionNumber(2), clock.Now(), old);
        var notices = RfcNotifications.For(rfc, events);

        // Assert
        var resolved = events.OfType<RfcResolved>().Single();
        Assert.AreEqual(old, resolved.SupersedesRfc, "The event keeps the old RFC, so the notice needs no lookup.");
        CollectionAssert.AreEqual(new[] { NotificationKinds.Resolved, NotificationKinds.Superseded }, notices.Select(n => n.Kind).ToArray());
        var superseded = notices[1];
        Assert.AreEqual(rfc.Id, superseded.Rfc, "Caused by the new RFC's resolution.");
        Assert.AreEqual(new RfcThreadTarget(old), superseded.Target, "Sent to the old RFC's thread.");
        Assert.AreEqual(Notification.Superseded(rfc.Id, old, resolved.Sequence, resolved.At).Id, superseded.Id);
        Assert.AreNotEqual(notices[0].Id, superseded.Id);
    }

    [TestMethod]
    public void For_ResolutionNamingNoSupersededDecision_NoSupersededNoticeEvenIfAnRfcIsGiven()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock, number: 2);

        // Act
        var events = rfc.Resolve(Given.Bob, Given.Accept(), new DecisionNumber(2), clock.Now(), Given.Id(1));

        // Assert
        Assert.IsNull(events.OfType<RfcResolved>().Single().SupersedesRfc);
        Assert.AreEqual(NotificationKinds.Resolved, RfcNotifications.For(rfc, events).Single().Kind);
    }

    [TestMethod]
    public void RfcThreadTarget_StoredBeforeItCouldNameAnRfc_ReadsAsTheNotificationsOwnThread()
    {
        // Arrange: a row written before RfcThreadTarget had Of.
        const string Stored = """{"type":"rfcThread"}""";

        // Act
        var target = JsonSerializer.Deserialize<NotificationTarget>(Stored);
        var roundTripped = JsonSerializer.Deserialize<NotificationTarget>(JsonSerializer.Serialize<NotificationTarget>(new RfcThreadTarget(Given.Id(3))));

        // Assert
        Assert.AreEqual(new RfcThreadTarget(), target);
        Assert.AreEqual(new RfcThreadTarget(Given.Id(3)), roundTripped);
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
