using System.Collections.Concurrent;
using Stopwatch = System.Diagnostics.Stopwatch;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using TeamsDecisions.App.Bot;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Teams.Connector;
using TeamsDecisions.Testing;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// The channel card follows changes coalesced per RFC: at most one update every 2 s, always with the latest state,
/// so a burst of votes never trips Teams' 7 operations per second per thread. The real app on Azurite, with the
/// Connector (a port we own) mocked.
/// </summary>
[TestClass]
public sealed class ChannelCardUpdaterTests
{
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static readonly Uri ServiceUrl = new("https://smba.trafficmanager.net/amer/");
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(20);

    /// <summary>A little less than the 2 s interval: timers may fire a few milliseconds early relative to the stopwatch.</summary>
    private static readonly TimeSpan MinimumGap = ChannelCardUpdater.MinimumInterval - TimeSpan.FromMilliseconds(50);

    [TestMethod]
    public async Task Request_BurstOf30VotesAndRequests_FewUpdatesAtLeast2sApartAndTheLastShowsEveryVote()
    {
        // Arrange
        var connector = new RecordingConnector();
        await using var app = Host(connector);
        var (rfc, thread) = await PostedRfcAsync(app);
        var service = app.Services.GetRequiredService<RfcService>();
        var updater = app.Services.GetRequiredService<ChannelCardUpdater>();
        var kinds = new[] { VoteKind.Approve, VoteKind.ApproveWithConcerns, VoteKind.Object, VoteKind.Abstain };

        // Act: what the vote handler does, 30 times in a row: save the vote, ask for the card update.
        var burst = Stopwatch.StartNew();
        for (var i = 0; i < 30; i++)
        {
            await service.CastVoteAsync(new CommandContext(Sample.Person(i), $"vote-{i}"), rfc, kinds[i % 4], "Because of the incident review", CancellationToken.None);
            updater.Request(rfc);
        }

        var burstWindow = burst.Elapsed;
        await IdleAsync(updater, Idle);

        // Assert
        var updates = connector.Updates;
        Assert.IsGreaterThanOrEqualTo(1, updates.Count, "The card must be updated after the votes.");
        var allowed = 2 + (int)Math.Floor(burstWindow / ChannelCardUpdater.MinimumInterval);
        Assert.IsLessThanOrEqualTo(allowed, updates.Count, $"30 requests in {burstWindow.TotalSeconds:F1} s must coalesce into at most {allowed} updates (one at once, one per 2 s after).");
        if (burstWindow < ChannelCardUpdater.MinimumInterval)
        {
            Assert.IsLessThanOrEqualTo(3, updates.Count);
        }

        for (var i = 1; i < updates.Count; i++)
        {
            var gap = updates[i].At - updates[i - 1].At;
            Assert.IsGreaterThanOrEqualTo(MinimumGap, gap, $"Updates {i} and {i + 1} were only {gap.TotalMilliseconds:F0} ms apart.");
        }

        var last = updates[^1];
        Assert.AreEqual(ServiceUrl, last.ServiceUrl);
        Assert.AreEqual(thread.ConversationId, last.ConversationId);
        Assert.AreEqual(thread.MessageId, last.ActivityId);
        var tally = Tally(last.Activity);
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
        var connector = new RecordingConnector();
        await using var app = Host(connector);
        var (first, firstThread) = await PostedRfcAsync(app, "Adopt Kafka for order events");
        var (second, secondThread) = await PostedRfcAsync(app, "Retire the legacy billing API");
        var updater = app.Services.GetRequiredService<ChannelCardUpdater>();

        // Act
        updater.Request(first);
        updater.Request(second);
        await IdleAsync(updater, Idle);

        // Assert: coalescing is per RFC, so neither card waits 2 s for the other.
        var updates = connector.Updates;
        Assert.HasCount(2, updates);
        CollectionAssert.AreEquivalent(new[] { firstThread.MessageId, secondThread.MessageId }, updates.Select(u => u.ActivityId).ToArray());
        Assert.IsLessThan(ChannelCardUpdater.MinimumInterval, (updates[1].At - updates[0].At).Duration());
    }

    [TestMethod]
    public async Task Request_ConnectorRefusesTheFirstUpdate_NextRequestStillUpdatesTheCard()
    {
        // Arrange: Teams answers 429 (after the client's retries) to the first update.
        var connector = new RecordingConnector { FailFirst = 1 };
        await using var app = Host(connector);
        var (rfc, _) = await PostedRfcAsync(app);
        var service = app.Services.GetRequiredService<RfcService>();
        var updater = app.Services.GetRequiredService<ChannelCardUpdater>();
        updater.Request(rfc);
        await IdleAsync(updater, Idle);

        // Act
        await service.CastVoteAsync(new CommandContext(Sample.Carol, "vote-carol"), rfc, VoteKind.Approve, null, CancellationToken.None);
        updater.Request(rfc);
        await IdleAsync(updater, Idle);

        // Assert
        var updates = connector.Updates;
        Assert.HasCount(2, updates, "A failed update must not stop later ones.");
        Assert.AreEqual(1, Tally(updates[^1].Activity)["Approve"]);
    }

    [TestMethod]
    public async Task Request_ConnectorThrowsAnUnexpectedException_LaterRequestsStillUpdateTheCard()
    {
        // Arrange: the first update fails with an exception the updater does not list (a bug or a serializer failure).
        var connector = new RecordingConnector { FailFirst = 1, Failure = () => new InvalidOperationException("Unexpected failure while sending.") };
        await using var app = Host(connector);
        var (rfc, _) = await PostedRfcAsync(app);
        var service = app.Services.GetRequiredService<RfcService>();
        var updater = app.Services.GetRequiredService<ChannelCardUpdater>();
        updater.Request(rfc);
        await IdleAsync(updater, TimeSpan.FromSeconds(5));

        // Act
        await service.CastVoteAsync(new CommandContext(Sample.Dana, "vote-dana"), rfc, VoteKind.Abstain, null, CancellationToken.None);
        updater.Request(rfc);
        await IdleAsync(updater, TimeSpan.FromSeconds(5));

        // Assert
        Assert.HasCount(2, connector.Updates, "One failed update must not stop this RFC's card from ever being updated again.");
    }

    [TestMethod]
    public async Task Request_RfcWithoutAThread_SendsNothing()
    {
        // Arrange: an RFC that was never posted (no thread) has no channel card to update.
        var connector = new RecordingConnector();
        await using var app = Host(connector);
        var team = Sample.NewTeam();
        await app.Services.GetRequiredService<IConversationStore>().SaveTeamAsync(new TeamConversation(team, Tenant, "Platform", ServiceUrl, team.Value), CancellationToken.None);
        var created = await app.Services.GetRequiredService<RfcService>().ProposeAsync(new CommandContext(Sample.Alice, "propose"), team, Sample.Proposal(), asDraft: false, CancellationToken.None);
        var updater = app.Services.GetRequiredService<ChannelCardUpdater>();

        // Act
        updater.Request(created.Rfc.Id);
        await IdleAsync(updater, Idle);

        // Assert
        Assert.IsEmpty(connector.Updates);
    }

    private static async Task IdleAsync(ChannelCardUpdater updater, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (updater.IsBusy && waited.Elapsed < timeout)
        {
            await Task.Delay(20);
        }
    }

    private static Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Host(RecordingConnector connector) =>
        AppHost.WithAzurite().WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton(connector.Client)));

    /// <summary>An open RFC whose card was posted as a thread in its team's channel, as RfcPoster leaves it.</summary>
    private static async Task<(RfcId Id, ThreadReference Thread)> PostedRfcAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app, string title = "Adopt Kafka for order events")
    {
        var team = Sample.NewTeam();
        await app.Services.GetRequiredService<IConversationStore>().SaveTeamAsync(new TeamConversation(team, Tenant, "Platform", ServiceUrl, team.Value), CancellationToken.None);
        var service = app.Services.GetRequiredService<RfcService>();
        var created = await service.ProposeAsync(new CommandContext(Sample.Alice, $"propose-{Guid.NewGuid():N}"), team, Sample.Proposal(title), asDraft: false, CancellationToken.None);
        var messageId = Random.Shared.NextInt64(1_700_000_000_000, 1_800_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var thread = new ThreadReference(ConversationIds.Thread(team.Value, messageId), messageId, new Uri($"https://teams.microsoft.com/l/message/{Uri.EscapeDataString(team.Value)}/{messageId}"));
        await service.AttachThreadAsync(new CommandContext(Sample.Alice, $"thread:{messageId}"), created.Rfc.Id, thread, CancellationToken.None);
        return (created.Rfc.Id, thread);
    }

    /// <summary>Vote name → count, read from the tally row of the card the update carried.</summary>
    private static Dictionary<string, int> Tally(Activity activity)
    {
        var card = (System.Text.Json.JsonElement)activity.Attachments!.Single(a => a.ContentType == Attachment.AdaptiveCardContentType).Content!;
        var root = JsonNode.Parse(card.GetRawText())!;
        var votes = new[] { "Approve", "Approve with concerns", "Object", "Abstain" };
        foreach (var node in Walk(root))
        {
            if (node["type"]?.GetValue<string>() != "ColumnSet" || node["columns"] is not JsonArray { Count: 4 } columns)
            {
                continue;
            }

            var cells = columns.Select(c => c!["items"] as JsonArray).ToList();
            if (cells.Any(items => items is not { Count: >= 2 }))
            {
                continue;
            }

            var names = cells.Select(items => items![1]!["text"]?.GetValue<string>()?.Replace(" (you)", string.Empty, StringComparison.Ordinal)).ToList();
            if (!names.SequenceEqual(votes))
            {
                continue;
            }

            return cells.Zip(names).ToDictionary(
                pair => pair.Second!,
                pair => int.Parse(pair.First![0]!["text"]!.GetValue<string>(), System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture));
        }

        throw new AssertFailedException("The card has no vote tally.");
    }

    private static IEnumerable<JsonObject> Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                yield return obj;
                foreach (var child in obj.Select(p => p.Value).SelectMany(Walk))
                {
                    yield return child;
                }

                break;
            case JsonArray array:
                foreach (var child in array.SelectMany(Walk))
                {
                    yield return child;
                }

                break;
            default:
                break;
        }
    }

    private sealed record Update(TimeSpan At, Uri ServiceUrl, string ConversationId, string ActivityId, Activity Activity);

    /// <summary>A mocked Connector that records each card update with the moment it was sent.</summary>
    private sealed class RecordingConnector
    {
        private readonly ConcurrentQueue<Update> updates = new();
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private int failures;

        public RecordingConnector()
        {
            var mock = new Mock<IConnectorClient>(MockBehavior.Loose);
            mock.Setup(c => c.UpdateAsync(It.IsAny<Uri>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<Activity>(), It.IsAny<CancellationToken>()))
                .Returns((Uri serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken _) =>
                {
                    updates.Enqueue(new Update(clock.Elapsed, serviceUrl, conversationId, activityId, activity));
                    return Interlocked.Increment(ref failures) <= FailFirst
                        ? Task.FromException(Failure())
                        : Task.CompletedTask;
                });
            Client = mock.Object;
        }

        /// <summary>How many of the first updates fail.</summary>
        public int FailFirst { get; init; }

        public Func<Exception> Failure { get; init; } = () => new ConnectorException("The Bot Connector answered 429 to PUT.", 429);

        public IConnectorClient Client { get; }

        public IReadOnlyList<Update> Updates => [.. updates];
    }
}
