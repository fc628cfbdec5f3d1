using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Bench;

/// <summary>An RFC votes go to, with its channel thread, and how many votes the app acknowledged on it.</summary>
internal sealed class BenchRfc(RfcId id, string conversationId)
{
    private int acknowledged;

    public RfcId Id => id;

    public string ConversationId => conversationId;

    public int Acknowledged => Volatile.Read(ref acknowledged);

    public void Acknowledge() => Interlocked.Increment(ref acknowledged);
}

/// <summary>
/// Votes as Teams sends them: adaptiveCard/action invokes (verb rfc.vote) POSTed to the app's /api/messages in local
/// mode, each by a new user (fresh Entra object id), each answer checked to be that voter's own card.
/// </summary>
internal sealed class VoteDriver(HttpClient app, RfcService service, TeamId team, Uri connectorUrl)
{
    /// <summary>The voter's own tally cell after an Approve; an error card ("Your vote was not saved") has no tally.</summary>
    private const string VoterCardMarker = "\"Approve (you)\"";

    private readonly UserRef author = new(Guid.NewGuid().ToString(), "Bench Author");
    private readonly UserRef decider = new(Guid.NewGuid().ToString(), "Bench Decider");
    private readonly ConcurrentQueue<string> failures = new();

    public List<BenchRfc> Rfcs { get; } = [];

    public IReadOnlyCollection<string> Failures => failures;

    /// <summary>A new open RFC with its own channel thread, so its card updates are counted apart from the others'.</summary>
    public async Task<BenchRfc> NewRfcAsync(string title)
    {
        var proposal = new RfcProposal(title, decider, [], "Benchmark context.", "Benchmark proposal.", [new RfcOption("A"), new RfcOption("B")], [], []);
        var rfc = (await service.ProposeAsync(new CommandContext(author), team, proposal, false, CancellationToken.None)).Rfc;
        var messageId = rfc.Number.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var conversationId = $"{team.Value};messageid={messageId}";
        await service.AttachThreadAsync(new CommandContext(author), rfc.Id, new ThreadReference(conversationId, messageId, null), CancellationToken.None);
        var bench = new BenchRfc(rfc.Id, conversationId);
        Rfcs.Add(bench);
        return bench;
    }

    public async Task<Timed> SequentialAsync(BenchRfc rfc, int count)
    {
        var latencies = new double[count];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            latencies[i] = await VoteAsync(rfc);
        }

        return new Timed(latencies, total.Elapsed);
    }

    /// <summary><paramref name="count"/> voters pressing Vote at the same moment.</summary>
    public async Task<Timed> BurstAsync(BenchRfc rfc, int count)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var voters = Enumerable.Range(0, count).Select(async _ =>
        {
            await start.Task;
            return await VoteAsync(rfc);
        }).ToList();
        var total = Stopwatch.StartNew();
        start.SetResult();
        var latencies = await Task.WhenAll(voters);
        return new Timed(latencies, total.Elapsed);
    }

    /// <summary>Sends one vote by a new user; returns the time to the answer, and records the answer if it is not the voter's card.</summary>
    private async Task<double> VoteAsync(BenchRfc rfc)
    {
        var voter = Guid.NewGuid().ToString();
        var activity = new JsonObject
        {
            ["type"] = "invoke",
            ["name"] = "adaptiveCard/action",
            ["id"] = Guid.NewGuid().ToString(),
            ["channelId"] = "msteams",
            ["serviceUrl"] = connectorUrl.AbsoluteUri,
            ["from"] = new JsonObject { ["id"] = $"29:{voter}", ["aadObjectId"] = voter, ["name"] = "Bench Voter" },
            ["recipient"] = new JsonObject { ["id"] = "28:bot" },
            ["conversation"] = new JsonObject { ["id"] = rfc.ConversationId, ["conversationType"] = "channel", ["tenantId"] = "tenant" },
            ["channelData"] = new JsonObject { ["team"] = new JsonObject { ["id"] = team.Value }, ["tenant"] = new JsonObject { ["id"] = "tenant" } },
            ["value"] = new JsonObject
            {
                ["action"] = new JsonObject
                {
                    ["type"] = "Action.Execute",
                    ["verb"] = CardVerbs.Vote,
                    ["data"] = new JsonObject { ["team"] = team.Value, ["rfc"] = rfc.Id.Number.Value, ["vote"] = nameof(VoteKind.Approve) },
                },
            },
        };
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await app.PostAsJsonAsync("/api/messages", activity);
            var body = await response.Content.ReadAsStringAsync();
            watch.Stop();
            if (response.StatusCode == HttpStatusCode.OK && body.Contains(VoterCardMarker, StringComparison.Ordinal))
            {
                rfc.Acknowledge();
            }
            else
            {
                failures.Enqueue($"{rfc.Id}: HTTP {(int)response.StatusCode} {Texts(body)}");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            watch.Stop();
            failures.Enqueue($"{rfc.Id}: {ex.GetType().Name} {ex.Message}");
        }

        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>The first texts of the card an answer carries (an error card's title, reason and fix), else the body's start.</summary>
    private static string Texts(string body)
    {
        static IEnumerable<string> Walk(JsonNode? node) => node switch
        {
            JsonObject o => o.SelectMany(p => p.Key == "text" && p.Value is JsonValue v && v.TryGetValue<string>(out var text) ? [text] : Walk(p.Value)),
            JsonArray a => a.SelectMany(Walk),
            _ => [],
        };

        try
        {
            return string.Join(" | ", Walk(JsonNode.Parse(body)).Take(3));
        }
        catch (System.Text.Json.JsonException)
        {
            return body[..Math.Min(200, body.Length)];
        }
    }
}
