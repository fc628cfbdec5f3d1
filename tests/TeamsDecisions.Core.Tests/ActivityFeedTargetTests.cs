using System.Text.Json;
using TeamsDecisions.Core.Notifications;

namespace TeamsDecisions.Core.Tests;

/// <summary>The activity feed entry that follows a personal notification: one per notification, and stored as its own target type.</summary>
[TestClass]
public sealed class ActivityFeedTargetTests
{
    [TestMethod]
    public void ToActivityFeed_ReminderSentToTheChat_SiblingWithTheSameKindDataAndTenantPointingAtTheMessage()
    {
        // Arrange
        var reminder = Reminder() with { TenantId = "tenant-1" };
        var sentAt = Given.Start.AddHours(3);

        // Act
        var feed = reminder.ToActivityFeed("a:1on1-carol", "1762336800000", sentAt);
        var again = reminder.ToActivityFeed("a:1on1-carol", "1762336800000", sentAt.AddMinutes(5));

        // Assert
        Assert.AreEqual(reminder.Id + "|feed", feed.Id);
        Assert.AreEqual(feed.Id, again.Id, "Enqueued again (a retried round, another instance) it is the same row.");
        Assert.AreEqual(new ActivityFeedTarget(Given.Carol, "a:1on1-carol", "1762336800000"), feed.Target);
        Assert.AreEqual(reminder.Kind, feed.Kind);
        Assert.AreEqual(reminder.Data, feed.Data);
        Assert.AreEqual(reminder.Rfc, feed.Rfc);
        Assert.AreEqual("tenant-1", feed.TenantId);
        Assert.AreEqual(sentAt, feed.NotBefore);
        Assert.AreEqual(NotificationStatus.Pending, feed.Status);
    }

    [TestMethod]
    public void ToActivityFeed_NotificationToAThread_Refused()
    {
        // Arrange
        var notice = Notification.WindowClosed(Given.Id(), 7, Given.Start);

        // Act / Assert
        Assert.ThrowsExactly<InvalidOperationException>(() => notice.ToActivityFeed("19:chat", null, Given.Start));
    }

    [TestMethod]
    public void Json_ActivityFeedTarget_RoundTripsAndEarlierTargetsReadAsBefore()
    {
        // Arrange
        var feed = Reminder().ToActivityFeed("a:1on1-carol", null, Given.Start);
        const string storedPerson = """{"type":"person","Person":{"Id":"carol-id","DisplayName":"Carol"},"TeamsUserId":"29:carol"}""";

        // Act
        var json = JsonSerializer.Serialize(feed);
        var read = JsonSerializer.Deserialize<Notification>(json)!;
        var person = JsonSerializer.Deserialize<NotificationTarget>(storedPerson);

        // Assert
        StringAssert.Contains(json, "\"type\":\"activityFeed\"");
        Assert.AreEqual(feed.Target, read.Target);
        Assert.AreEqual(feed.Id, read.Id);
        Assert.AreEqual(new PersonTarget(Given.Carol, "29:carol"), person);
    }

    private static Notification Reminder() =>
        Notification.ToPerson(NotificationKinds.Reminder, Given.Team, Given.Id(), new PersonTarget(Given.Carol), "respond0", """{"Reason":0}""", Given.Start, Given.Start);
}
