using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;
using TeamsDecisions.App.Bot;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Teams.Connector;
using TeamsDecisions.Testing;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// The real app on Kestrel, in local mode, on Azurite, with a <see cref="FakeTimeProvider"/> as its clock and the
/// Connector (a port we own) mocked to record every channel-card update with the fake time it was sent. Two apps
/// started on the same table prefix are one deployment before and after a restart.
/// </summary>
internal sealed class ChannelCardApp : IAsyncDisposable
{
    public const string Tenant = RfcActionsApp.Tenant;
    public static readonly Uri ServiceUrl = new(RfcActionsApp.ServiceUrl);
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Real time allowed for background work that the test waits for; far above what it takes.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>How far the fake clock moves per step while settling: a quarter of the updater's interval.</summary>
    private static readonly TimeSpan Step = ChannelCardUpdater.MinimumInterval / 4;

    private readonly WebApplicationFactory<Program> factory;
    private readonly ConcurrentQueue<CardUpdate> updates = new();
    private int calls;

    private ChannelCardApp(string tablePrefix, int failFirst, Func<Exception> failure)
    {
        TablePrefix = tablePrefix;
        var connector = new Mock<IConnectorClient>(MockBehavior.Loose);
        connector.Setup(c => c.UpdateAsync(It.IsAny<Uri>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<Activity>(), It.IsAny<CancellationToken>()))
            .Returns((Uri serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken _) =>
            {
                updates.Enqueue(new CardUpdate(Clock.GetUtcNow(), serviceUrl, conversationId, activityId, activity));
                return Interlocked.Increment(ref calls) <= failFirst ? Task.FromException(failure()) : Task.CompletedTask;
            });
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = AzuriteAssembly.Azurite.ConnectionString,
            ["Storage:TablePrefix"] = tablePrefix,
        };
        factory = new AppHost(settings).WithWebHostBuilder(builder => builder
            .UseUrls("http://127.0.0.1:0")
            .ConfigureTestServices(services =>
            {
                services.AddSingleton(connector.Object);
                services.AddSingleton<TimeProvider>(Clock);
            }));

        // Local mode takes activities only from a loopback address, which the in-memory test server does not have.
        factory.UseKestrel();
    }

    public string TablePrefix { get; }

    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>Every channel-card update the Connector was asked for (refused ones included), in order.</summary>
    public IReadOnlyList<CardUpdate> Updates => [.. updates];

    public IServiceProvider Services => factory.Services;

    public ChannelCardUpdater Updater => Services.GetRequiredService<ChannelCardUpdater>();

    public RfcService Rfcs => Services.GetRequiredService<RfcService>();

    public IRfcStore Store => Services.GetRequiredService<IRfcStore>();

    /// <summary>
    /// Starts the app on new tables, or on <paramref name="tablePrefix"/>'s (a restart); the first
    /// <paramref name="failFirst"/> updates fail with <paramref name="failure"/> (by default the Connector's 429).
    /// </summary>
    public static ChannelCardApp Run(string? tablePrefix = null, int failFirst = 0, Func<Exception>? failure = null)
    {
        var app = new ChannelCardApp(
            tablePrefix ?? "card" + Guid.NewGuid().ToString("N")[..10],
            failFirst,
            failure ?? (() => new ConnectorException("The Bot Connector answered 429 to PUT.", 429)));
        _ = app.Services;
        return app;
    }

    /// <summary>The team, installed: its conversation reference is stored as the installation leaves it.</summary>
    public async Task<TeamId> InstallTeamAsync()
    {
        var team = Sample.NewTeam();
        await Services.GetRequiredService<IConversationStore>().SaveTeamAsync(new TeamConversation(team, Tenant, "Platform", ServiceUrl, team.Value), CancellationToken.None);
        return team;
    }

    /// <summary>An open RFC whose card was posted as a thread in its team's channel, as RfcPoster leaves it.</summary>
    public async Task<(RfcId Id, ThreadReference Thread)> PostedRfcAsync(string title = "Adopt Kafka for order events")
    {
        var team = await InstallTeamAsync();
        var created = await Rfcs.ProposeAsync(new CommandContext(Sample.Alice, $"propose-{Guid.NewGuid():N}"), team, Sample.Proposal(title), asDraft: false, CancellationToken.None);
        var messageId = Random.Shared.NextInt64(1_700_000_000_000, 1_800_000_000_000).ToString(CultureInfo.InvariantCulture);
        var thread = new ThreadReference(ConversationIds.Thread(team.Value, messageId), messageId, new Uri($"https://teams.microsoft.com/l/message/{Uri.EscapeDataString(team.Value)}/{messageId}"));
        await Rfcs.AttachThreadAsync(new CommandContext(Sample.Alice, $"thread:{messageId}"), created.Rfc.Id, thread, CancellationToken.None);
        return (created.Rfc.Id, thread);
    }

    /// <summary>Stores a vote only, as a process that stopped before asking for its card update leaves it.</summary>
    public Task VoteAsync(RfcId id, UserRef voter, VoteKind kind) =>
        Rfcs.CastVoteAsync(new CommandContext(voter, $"vote-{Guid.NewGuid():N}"), id, kind, "Because of the incident review", CancellationToken.None);

    /// <summary><paramref name="actor"/> refreshes the RFC's card in its channel thread (Teams' adaptiveCard/action invoke).</summary>
    public async Task RefreshAsync(UserRef actor, RfcId id)
    {
        var from = ActionOrigin.Thread(id.Team);
        var activity = new JsonObject
        {
            ["type"] = "invoke",
            ["name"] = "adaptiveCard/action",
            ["id"] = "f:" + Guid.NewGuid().ToString("N"),
            ["timestamp"] = Clock.GetUtcNow().ToString("o", CultureInfo.InvariantCulture),
            ["serviceUrl"] = ServiceUrl.ToString(),
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = "29:1" + actor.Id.Replace("-", string.Empty, StringComparison.Ordinal), ["name"] = actor.DisplayName, ["aadObjectId"] = actor.Id },
            ["recipient"] = new JsonObject { ["id"] = "28:0f2c4e6a-8b1d-4f3e-9a5c-7d9e1f3a5b7c", ["name"] = "TeamsDecisions" },
            ["conversation"] = from.Conversation.DeepClone(),
            ["channelData"] = from.ChannelData!.DeepClone(),
            ["replyToId"] = RfcActionsApp.ThreadRoot,
            ["locale"] = "en-GB",
            ["value"] = new JsonObject
            {
                ["action"] = new JsonObject
                {
                    ["type"] = "Action.Execute",
                    ["verb"] = CardVerbs.Refresh,
                    ["data"] = new JsonObject { ["team"] = id.Team.Value, ["rfc"] = id.Number.Value },
                },
                ["trigger"] = "manual",
            },
        };
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal)) };
        using var content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(BotEndpoint.Path, UriKind.Relative), content);
        var json = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, json);
        Assert.AreEqual(200, (int?)JsonNode.Parse(json)!["statusCode"], json);
    }

    /// <summary>Waits (real time, the fake clock standing still) until the Connector was asked for <paramref name="count"/> updates.</summary>
    public async Task WaitForUpdatesAsync(int count)
    {
        var waited = Stopwatch.StartNew();
        while (updates.Count < count)
        {
            if (waited.Elapsed > Patience)
            {
                throw new AssertFailedException($"Expected {count} channel-card updates within {Patience.TotalSeconds:F0} s; got {updates.Count}.");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Moves the fake clock on in small steps until the updater has nothing waiting or being sent.</summary>
    public async Task SettleAsync()
    {
        var waited = Stopwatch.StartNew();
        while (Updater.IsBusy)
        {
            if (waited.Elapsed > Patience)
            {
                throw new AssertFailedException($"The updater was still busy after {Patience.TotalSeconds:F0} s.");
            }

            Clock.Advance(Step);
            await Task.Delay(20);
        }
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();
}

/// <summary>One PUT of the RFC's channel card, with the fake-clock time it was sent.</summary>
internal sealed record CardUpdate(DateTimeOffset At, Uri ServiceUrl, string ConversationId, string ActivityId, Activity Activity)
{
    /// <summary>Vote name → count, read from the tally row of the card the update carried.</summary>
    public Dictionary<string, int> Tally()
    {
        var card = (System.Text.Json.JsonElement)Activity.Attachments!.Single(a => a.ContentType == Attachment.AdaptiveCardContentType).Content!;
        var root = JsonNode.Parse(card.GetRawText())!;
        var votes = new[] { "Approve", "Approve with concerns", "Object", "Abstain" };
        foreach (var node in CardView.Walk(root))
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
                pair => int.Parse(pair.First![0]!["text"]!.GetValue<string>(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        }

        throw new AssertFailedException("The card has no vote tally.");
    }
}
