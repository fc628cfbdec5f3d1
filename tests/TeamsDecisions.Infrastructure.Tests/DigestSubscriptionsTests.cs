using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Infrastructure.Storage;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Infrastructure.Tests;

[TestClass]
public sealed class DigestSubscriptionsTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task SubscribeAsync_ThenFromAnotherInstance_FoundListedAndUnsubscribedOnce()
    {
        // Arrange
        var harness = await StoreHarness.CreateAsync();
        var store = new TableDigestSubscriptions(harness.Context);
        var carol = Subscription(Sample.Carol.Id, "Asia/Kolkata");
        var dana = Subscription(Sample.Dana.Id, "Europe/Paris");
        await store.SubscribeAsync(carol, CancellationToken.None);
        await store.SubscribeAsync(dana, CancellationToken.None);
        await store.SubscribeAsync(carol with { TimeZone = "Asia/Singapore" }, CancellationToken.None);
        var other = new TableDigestSubscriptions(harness.AnotherInstance().Context);

        // Act
        var found = await other.FindAsync(Sample.Carol.Id.ToUpperInvariant(), CancellationToken.None);
        var listed = await other.ListAsync(CancellationToken.None);
        var first = await other.UnsubscribeAsync(Sample.Carol.Id, CancellationToken.None);
        var second = await other.UnsubscribeAsync(Sample.Carol.Id, CancellationToken.None);

        // Assert
        Assert.AreEqual(carol with { TimeZone = "Asia/Singapore" }, found, "Found whatever the id's case; a second 'digest on' updates the zone.");
        Assert.HasCount(2, listed);
        Assert.IsTrue(first);
        Assert.IsFalse(second, "Nothing left to end.");
        Assert.IsNull(await store.FindAsync(Sample.Carol.Id, CancellationToken.None));
        Assert.IsNotNull(await store.FindAsync(Sample.Dana.Id, CancellationToken.None), "Only Carol's subscription ended.");
    }

    private static DigestSubscription Subscription(string userId, string zone) => new(
        new PersonalConversation(userId, "29:1" + userId, "a:1" + userId, new Uri("https://smba.trafficmanager.net/emea/"), "72f988bf-86f1-41af-91ab-2d7cd011db47", "Someone"),
        zone,
        Monday);
}
