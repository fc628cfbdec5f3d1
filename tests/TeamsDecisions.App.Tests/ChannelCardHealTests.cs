using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Testing;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// A channel card that fell behind the stored RFC (the process stopped between a change and its card update) is
/// brought up to date without anyone changing the RFC again: by the next start-up, or by anyone's refresh. The real
/// app on Azurite, in local mode, with the Connector mocked and a fake clock.
/// </summary>
[TestClass]
public sealed class ChannelCardHealTests
{
    [TestMethod]
    public async Task StartUp_VotesStoredButTheCardUpdateNeverHappened_NewHostShowsTheStoredTally()
    {
        // Arrange: three votes are stored, then the process dies before asking for the card update.
        string tables;
        RfcId rfc;
        ThreadReference thread;
        await using (var crashed = ChannelCardApp.Run())
        {
            (rfc, thread) = await crashed.PostedRfcAsync();
            await crashed.VoteAsync(rfc, Sample.Carol, VoteKind.Approve);
            await crashed.VoteAsync(rfc, Sample.Dana, VoteKind.Object);
            await crashed.VoteAsync(rfc, Sample.Bob, VoteKind.Approve);
            tables = crashed.TablePrefix;
            Assert.IsEmpty(crashed.Updates, "Precondition: the card was never updated before the crash.");
        }

        // Act: a new process starts on the same tables; nobody votes.
        await using var restarted = ChannelCardApp.Run(tables);
        await restarted.WaitForUpdatesAsync(1);

        // Assert
        var update = restarted.Updates[0];
        Assert.AreEqual(ChannelCardApp.Start, update.At, "The start-up round heals at once, without waiting for the periodic check.");
        Assert.AreEqual(thread.ConversationId, update.ConversationId);
        Assert.AreEqual(thread.MessageId, update.ActivityId);
        var tally = update.Tally();
        Assert.AreEqual(2, tally["Approve"]);
        Assert.AreEqual(1, tally["Object"]);
        Assert.AreEqual(3, tally.Values.Sum());
    }

    [TestMethod]
    public async Task Refresh_ChannelCardBehind_AnyonesRefreshReRendersIt()
    {
        // Arrange: a vote is stored but its card update never happened.
        await using var app = ChannelCardApp.Run();
        var (rfc, thread) = await app.PostedRfcAsync();
        await app.VoteAsync(rfc, Sample.Carol, VoteKind.ApproveWithConcerns);
        Assert.IsEmpty(app.Updates, "Precondition: the card was not updated after the vote.");

        // Act: Dana, neither author nor voter, opens the thread and her card refreshes.
        await app.RefreshAsync(Sample.Dana, rfc);
        await app.WaitForUpdatesAsync(1);

        // Assert
        var update = app.Updates.Single();
        Assert.AreEqual(thread.MessageId, update.ActivityId);
        Assert.AreEqual(1, update.Tally()["Approve with concerns"]);
    }

    [TestMethod]
    public async Task Refresh_ChannelCardUpToDate_SendsNoUpdate()
    {
        // Arrange: one RFC's card shows its latest state; another's fell behind.
        await using var app = ChannelCardApp.Run();
        var (current, _) = await app.PostedRfcAsync("Adopt Kafka for order events");
        app.Updater.Request(current);
        await app.WaitForUpdatesAsync(1);
        await app.SettleAsync();
        Assert.IsFalse(await app.Store.IsChannelCardBehindAsync(current, CancellationToken.None), "Precondition: the card was marked shown.");
        var (behind, behindThread) = await app.PostedRfcAsync("Retire the legacy billing API");
        await app.VoteAsync(behind, Sample.Carol, VoteKind.Approve);

        // Act: the up-to-date card is refreshed first, then the one behind; the second's update shows both were handled.
        await app.RefreshAsync(Sample.Dana, current);
        await app.RefreshAsync(Sample.Dana, behind);
        await app.WaitForUpdatesAsync(2);
        await app.SettleAsync();

        // Assert
        var afterRefresh = app.Updates.Skip(1).ToList();
        Assert.HasCount(1, afterRefresh, "Only the card that was behind may be updated.");
        Assert.AreEqual(behindThread.MessageId, afterRefresh[0].ActivityId);
    }

    [TestMethod]
    public async Task IsChannelCardBehind_AfterASuccessfulUpdateThenANewVote_FalseThenTrue()
    {
        // Arrange
        await using var app = ChannelCardApp.Run();
        var (rfc, _) = await app.PostedRfcAsync();
        Assert.IsTrue(await app.Store.IsChannelCardBehindAsync(rfc, CancellationToken.None), "Precondition: a posted RFC's card has not been updated yet.");

        // Act
        app.Updater.Request(rfc);
        await app.WaitForUpdatesAsync(1);
        await app.SettleAsync();
        var afterUpdate = await app.Store.IsChannelCardBehindAsync(rfc, CancellationToken.None);
        await app.VoteAsync(rfc, Sample.Carol, VoteKind.Approve);
        var afterVote = await app.Store.IsChannelCardBehindAsync(rfc, CancellationToken.None);

        // Assert
        Assert.IsFalse(afterUpdate, "After a successful update the card shows the stored state.");
        Assert.IsTrue(afterVote, "A vote the card does not show yet leaves it behind.");
    }
}
