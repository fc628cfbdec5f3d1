using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TeamsDecisions.App.Notifications;

namespace TeamsDecisions.App.Tests;

/// <summary>The pacing budgets as slots on a fake clock: no more than N in any one second, per conversation and per tenant.</summary>
[TestClass]
public sealed class DeliveryPacerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public void Reserve_TwentyToOneConversation_SevenEachSecond()
    {
        // Arrange
        var pacer = new DeliveryPacer(new FakeTimeProvider(Start), Options.Create(new NotificationOptions()));

        // Act
        var waits = Enumerable.Range(0, 20).Select(_ => pacer.Reserve("tenant", "19:thread")).ToList();

        // Assert
        CollectionAssert.AreEqual(
            Enumerable.Repeat(0, 7).Concat(Enumerable.Repeat(1, 7)).Concat(Enumerable.Repeat(2, 6)).ToList(),
            waits.Select(w => (int)w.TotalSeconds).ToList());
    }

    [TestMethod]
    public void Reserve_OneHundredTwentyConversationsOfOneTenant_FiftyEachSecondAndOtherTenantsUnaffected()
    {
        // Arrange
        var pacer = new DeliveryPacer(new FakeTimeProvider(Start), Options.Create(new NotificationOptions()));

        // Act
        var waits = Enumerable.Range(0, 120).Select(i => pacer.Reserve("tenant-a", $"19:chat-{i}")).ToList();
        var otherTenant = pacer.Reserve("tenant-b", "19:chat-0");

        // Assert
        Assert.AreEqual(50, waits.Count(w => w == TimeSpan.Zero));
        Assert.AreEqual(50, waits.Count(w => w == TimeSpan.FromSeconds(1)));
        Assert.AreEqual(20, waits.Count(w => w == TimeSpan.FromSeconds(2)));
        Assert.AreEqual(TimeSpan.FromSeconds(2), waits[^1]);
        Assert.AreEqual(TimeSpan.Zero, otherTenant, "Budgets are per tenant.");
    }

    [TestMethod]
    public void Reserve_AsTimePasses_SlotsFreeUpAfterOneSecond()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var pacer = new DeliveryPacer(clock, Options.Create(new NotificationOptions()));
        for (var i = 0; i < 7; i++)
        {
            pacer.Reserve("tenant", "19:thread");
        }

        // Act
        clock.Advance(TimeSpan.FromMilliseconds(999));
        var justBefore = pacer.Reserve("tenant", "19:thread");
        clock.Advance(TimeSpan.FromSeconds(5));
        var later = pacer.Reserve("tenant", "19:thread");

        // Assert
        Assert.AreEqual(TimeSpan.FromMilliseconds(1), justBefore, "The eighth waits until a second after the first.");
        Assert.AreEqual(TimeSpan.Zero, later);
    }

    [TestMethod]
    public void Hold_RetryAfter_NothingToThatConversationBeforeThenOthersGoOn()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var pacer = new DeliveryPacer(clock, Options.Create(new NotificationOptions()));

        // Act
        pacer.Hold("19:throttled", Start.AddSeconds(30));
        var held = pacer.Reserve("tenant", "19:throttled");
        var other = pacer.Reserve("tenant", "19:other");

        // Assert
        Assert.AreEqual(TimeSpan.FromSeconds(30), held);
        Assert.AreEqual(TimeSpan.Zero, other);
    }
}
