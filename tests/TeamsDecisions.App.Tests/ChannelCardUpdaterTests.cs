using TeamsDecisions.App.Bot;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Testing;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// The channel card follows changes coalesced per RFC: at most one update every 2 s, always with the latest state,
/// so a burst of votes never trips Teams' 7 operations per second per thread. The real app on Azurite, with the
/// Connector (a port we own) mocked and the 2 s measured on a fake clock the test moves.
/// </summary>
[TestClass]
public sealed class ChannelCardUpdaterTests
{
    [TestMethod]
    public async Task Request_BurstOf30VotesAndRequests_FewUpdatesAtLeast2sApartAndTheLastShowsEveryVote()
    {
        // Arrange
        await using var app = ChannelCardApp.Run();
        var (rfc, thread) = await app.PostedRfcAsync();
        var kinds = new[] { VoteKind.Approve, VoteKind.ApproveWithConcerns, VoteKind.Object, VoteKind.Abstain };
        var burstStart = app.Clock.GetUtcNow();

        // Act: what the vote handler does, 30 times in a row: save the vote, ask for the card update.
        for (var i = 0; i < 30; i++)
        {
            await app.Rfcs.CastVoteAsync(new CommandContext(Sample.Person(i), $"vote-{i}"), rfc, kinds[i % 4], "Because of the incident review", CancellationToken.None);
            app.Updater.Request(rfc);
        }

        var burstWindow = app.Clock.GetUtcNow() - burstStart;
        await app.WaitForUpdatesAsync(1);
        await app.SettleAsync();

        // Assert
        var updates = app.Updates;
        Assert.AreEqual(burstStart, updates[0].At, "The first request must update the card at once.");
        var allowed = 2 + (int)Math.Floor(burstWindow / ChannelCardUpdater.MinimumInterval);
        Assert.IsLessThanOrEqualTo(allowed, updates.Count, $"30 requests in {burstWindow.TotalSeconds:F1} s must coalesce into at most {allowed} updates (one at once, one per 2 s after).");
        for (var i = 1; i < updates.Count; i++)
        {
            var gap = updates[i].At - updates[i - 1].At;
            Assert.IsGreaterThanOrEqualTo(ChannelCardUpdater.MinimumInterval, gap, $"Updates {i} and {i + 1} were only {gap.TotalMilliseconds:F0} ms apart.");
        }

        var last = updates[^1];
        Assert.AreEqual(ChannelCardApp.ServiceUrl, last.ServiceUrl);
        Assert.AreEqual(thread.ConversationId, last.ConversationId);
        Assert.AreEqual(thread.MessageId, last.ActivityId);
        var tally = last.Tally();
        Assert.AreEqual(8, tally["Approve"], "The last update must carry the final state.");
        Assert.AreEqual(8, tally["Approve with concerns"]);
        Assert.AreEqual(7, tally["Object"]);
        Assert.AreEqual(7, tally["Abstain"]);
        Assert.AreEqual(30, tally.Values.Sum());
    }

    [TestMethod]
    public async Task Request_TwoRfcsAtOnce_EachUpdatedWithoutWaitingForTheOther()
    {
        // Arrange
        await using var app = ChannelCardApp.Run();
        var (first, firstThread) = await app.PostedRfcAsync("Adopt Kafka for order events");
        var (second, secondThread) = await app.PostedRfcAsync("Retire the legacy billing API");
        var now = app.Clock.GetUtcNow();

        // Act
        app.Updater.Request(first);
        app.Updater.Request(second);
        await app.WaitForUpdatesAsync(2);
        await app.SettleAsync();

        // Assert: coalescing is per RFC, so neither card waits 2 s for the other.
        var updates = app.Updates;
        Assert.HasCount(2, updates);
        CollectionAssert.AreEquivalent(new[] { firstThread.MessageId, secondThread.MessageId }, updates.Select(u => u.ActivityId).ToArray());
        Assert.IsTrue(updates.All(u => u.At == now), "Both cards must be updated at once, on a clock that did not move.");
    }

    [TestMethod]
    public async Task Request_ConnectorRefusesTheFirstUpdate_NextRequestStillUpdatesTheCard()
    {
        // Arrange: Teams answers 429 (after the client's retries) to the first update.
        await using var app = ChannelCardApp.Run(failFirst: 1);
        var (rfc, _) = await app.PostedRfcAsync();
        app.Updater.Request(rfc);
        await app.WaitForUpdatesAsync(1);
        await app.SettleAsync();

        // Act
        await app.Rfcs.CastVoteAsync(new CommandContext(Sample.Carol, "vote-carol"), rfc, VoteKind.Approve, null, CancellationToken.None);
        app.Updater.Request(rfc);
        await app.SettleAsync();

        // Assert
        var updates = app.Updates;
        Assert.HasCount(2, updates, "A failed update must not stop later ones.");
        Assert.AreEqual(1, updates[^1].Tally()["Approve"]);
    }

    [TestMethod]
    public async Task Request_ConnectorThrowsAnUnexpectedException_LaterRequestsStillUpdateTheCard()
    {
        // Arrange: the first update fails with an exception the updater does not list (a bug or a serializer failure).
        await using var app = ChannelCardApp.Run(failFirst: 1, failure: () => new InvalidOperationException("Unexpected failure while sending."));
        var (rfc, _) = await app.PostedRfcAsync();
        app.Updater.Request(rfc);
        await app.WaitForUpdatesAsync(1);
        await app.SettleAsync();

        // Act
        await app.Rfcs.CastVoteAsync(new CommandContext(Sample.Dana, "vote-dana"), rfc, VoteKind.Abstain, null, CancellationToken.None);
        app.Updater.Request(rfc);
        await app.SettleAsync();

        // Assert
        Assert.HasCount(2, app.Updates, "One failed update must not stop this RFC's card from ever being updated again.");
    }

    [TestMethod]
    public async Task Request_RfcWithoutAThread_SendsNothing()
    {
        // Arrange: an RFC that was never posted (no thread) has no channel card to update.
        await using var app = ChannelCardApp.Run();
        var team = await app.InstallTeamAsync();
        var created = await app.Rfcs.ProposeAsync(new CommandContext(Sample.Alice, "propose"), team, Sample.Proposal(), asDraft: false, CancellationToken.None);

        // Act
        app.Updater.Request(created.Rfc.Id);
        await app.SettleAsync();

        // Assert
        Assert.IsEmpty(app.Updates);
    }
}
