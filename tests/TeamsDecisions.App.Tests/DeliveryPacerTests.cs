using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TeamsDecisions.App.Notifications;

namespace TeamsDecisions.App.Tests;

/// <summary>The pacing budgets on a fake clock: no more than N in any one second, per conversation and per tenant; a hold per conversation.</summary>
[TestClass]
public sealed class DeliveryPacerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public void TryTake_TwentyToOneConversation_SevenEachSecond()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var pacer = new DeliveryPacer(clock, Options.Create(new NotificationOptions()));

        // Act
        var seconds = SendAll(clock, pacer, Enumerable.Repeat(("tenant", "19:thread"), 20));

        // Assert
        CollectionAssert.AreEqual(
            Enumerable.Repeat(0, 7).Concat(Enumerable.Repeat(1, 7)).Concat(Enumerable.Repeat(2, 6)).ToList(),
            seconds);
    }

    [TestMethod]
    public void TryTake_OneHundredTwentyConversationsOfOneTenant_FiftyEachSecond()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var pacer = new DeliveryPacer(clock, Options.Create(new NotificationOptions()));

        // Act
        var seconds = SendAll(clock, pacer, Enumerable.Range(0, 120).Select(i => ("tenant-a", $"19:chat-{i}")));
        var otherTenant = pacer.TryTake("tenant-b", "19:chat-0");

        // Assert
        CollectionAssert.AreEqual(
            Enumerable.Repeat(0, 50).Concat(Enumerable.Repeat(1, 50)).Concat(Enumerable.Repeat(2, 20)).ToList(),
            seconds);
        Assert.AreEqual(TimeSpan.Zero, otherTenant, "Budgets are per tenant.");
    }

    [TestMethod]
    public void TryTake_SeventhUsedUp_FreeAgainExactlyOneSecondAfterTheFirst()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var pacer = new DeliveryPacer(clock, Options.Create(new NotificationOptions()));
        for (var i = 0; i < 7; i++)
        {
            Assert.AreEqual(TimeSpan.Zero, pacer.TryTake("tenant", "19:thread"));
        }

        // Act
        clock.Advance(TimeSpan.FromMilliseconds(999));
        var justBefore = pacer.TryTake("tenant", "19:thread");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var onTheSecond = pacer.TryTake("tenant", "19:thread");

        // Assert
        Assert.AreEqual(TimeSpan.FromMilliseconds(1), justBefore, "The eighth waits until a second after the first.");
        Assert.AreEqual(TimeSpan.Zero, onTheSecond);
    }

    [TestMethod]
    public void Hold_RetryAfter_NothingToThatConversationBeforeThenOthersGoOn()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var pacer = new DeliveryPacer(clock, Options.Create(new NotificationOptions()));

        // Act
        pacer.Hold("19:throttled", Start.AddSeconds(30));
        var held = pacer.TryTake("tenant", "19:throttled");
        var other = pacer.TryTake("tenant", "19:other");
        clock.Advance(TimeSpan.FromSeconds(30));
        var after = pacer.TryTake("tenant", "19:throttled");

        // Assert
        Assert.AreEqual(TimeSpan.FromSeconds(30), held);
        Assert.AreEqual(TimeSpan.Zero, other, "A held conversation does not hold up the tenant.");
        Assert.AreEqual(TimeSpan.Zero, after);
    }

    /// <summary>Sends each request as the worker does (wait as told, ask again) and returns the second each went out in.</summary>
    private static List<int> SendAll(FakeTimeProvider clock, DeliveryPacer pacer, IEnumerable<(string Tenant, string Conversation)> requests)
    {
        var seconds = new List<int>();
        foreach (var (tenant, conversation) in requests)
        {
            while (pacer.TryTake(tenant, conversation) is var wait && wait > TimeSpan.Zero)
            {
                clock.Advance(wait);
            }

            seconds.Add((int)(clock.GetUtcNow() - Start).TotalSeconds);
        }

        return seconds;
    }
}
