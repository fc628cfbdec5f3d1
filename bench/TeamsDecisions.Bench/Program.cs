using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TeamsDecisions.Cards;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Testing;

// dotnet run -c Release --project bench/TeamsDecisions.Bench [votes]
// Starts Azurite and the real app (local mode) on loopback with a stub Connector, then sends votes from distinct
// users as adaptiveCard/action invokes and reports the latency of the invoke answer (the caller's updated card).
internal static class Bench
{
    public static async Task Main(string[] args)
    {
        var votes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
        await using var azurite = await Azurite.StartAsync();

        var connector = WebApplication.CreateSlimBuilder();
        connector.WebHost.UseUrls("http://127.0.0.1:0");
        var stub = connector.Build();
        stub.MapMethods("/{**path}", ["POST", "PUT"], () => Results.Json(new { id = "1", activityId = "1" }));
        stub.MapGet("/{**path}", () => Results.Json(Array.Empty<object>()));
        await stub.StartAsync();
        var connectorUrl = stub.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        await using var app = new BenchApp(azurite.ConnectionString);
        app.UseKestrel();
        app.StartServer();
        var appUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var team = new TeamId("19:bench@thread.tacv2");
        var author = new UserRef(Guid.NewGuid().ToString(), "Author");
        var decider = new UserRef(Guid.NewGuid().ToString(), "Decider");
        var service = app.Services.GetRequiredService<RfcService>();
        await app.Services.GetRequiredService<IConversationStore>().SaveTeamAsync(new TeamConversation(team, "tenant", "Bench", new Uri(connectorUrl), team.Value), CancellationToken.None);
        var rfc = (await service.ProposeAsync(new CommandContext(author), team, new RfcProposal("Benchmark RFC", decider, [], "Context", "Proposal", [new RfcOption("A"), new RfcOption("B")], [], []), false, CancellationToken.None)).Rfc;
        await service.AttachThreadAsync(new CommandContext(author), rfc.Id, new ThreadReference(team.Value + ";messageid=1", "1", null), CancellationToken.None);

        using var http = new HttpClient { BaseAddress = new Uri(appUrl) };
        var latencies = new List<double>();
        var total = Stopwatch.StartNew();
        for (var i = 0; i < votes; i++)
        {
            var voter = Guid.NewGuid().ToString();
            var activity = new JsonObject
            {
                ["type"] = "invoke",
                ["name"] = "adaptiveCard/action",
                ["id"] = Guid.NewGuid().ToString(),
                ["channelId"] = "msteams",
                ["serviceUrl"] = connectorUrl,
                ["from"] = new JsonObject { ["id"] = $"29:{voter}", ["aadObjectId"] = voter, ["name"] = $"Voter {i}" },
                ["recipient"] = new JsonObject { ["id"] = "28:bot" },
                ["conversation"] = new JsonObject { ["id"] = team.Value + ";messageid=1", ["conversationType"] = "channel", ["tenantId"] = "tenant" },
                ["channelData"] = new JsonObject { ["team"] = new JsonObject { ["id"] = team.Value }, ["tenant"] = new JsonObject { ["id"] = "tenant" } },
                ["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "rfc.vote", ["data"] = new JsonObject { ["team"] = team.Value, ["rfc"] = 1, ["vote"] = "Approve" } } },
            };
            var watch = Stopwatch.StartNew();
            using var response = await http.PostAsJsonAsync("/api/messages", activity);
            var body = await response.Content.ReadAsStringAsync();
            watch.Stop();
            if (!response.IsSuccessStatusCode || !body.Contains("Your vote", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Vote {i} failed: {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
            }

            latencies.Add(watch.Elapsed.TotalMilliseconds);
        }

        total.Stop();
        latencies.Sort();
        static double P(List<double> latencies, double q) => latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(q * latencies.Count) - 1)];
        Console.WriteLine($"invoke (vote → caller's card), {votes} votes by distinct users on one RFC, Azurite in memory:");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  p50 {P(latencies, 0.50):F1} ms · p95 {P(latencies, 0.95):F1} ms · p99 {P(latencies, 0.99):F1} ms · max {latencies[^1]:F1} ms · {votes / total.Elapsed.TotalSeconds:F0} votes/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  first 20 votes p50 {latencies.Take(20).Order().ElementAt(10):F1} ms"));

        var cards = CardGallery.Build();
        var largest = cards.MaxBy(c => CardJson.SizeInBytes(c.Card))!;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cards: {cards.Count} in the gallery; largest {largest.Name} {CardJson.SizeInBytes(largest.Card):N0} bytes (budget 40,960)"));
        await stub.StopAsync();
    }
}

internal sealed class BenchApp(string connectionString) : WebApplicationFactory<global::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(Path.Combine(RepoPaths.Root, "src", "TeamsDecisions.App"));
        builder.UseEnvironment("Development");
        builder.UseUrls("http://127.0.0.1:0");
        builder.ConfigureAppConfiguration((_, config) =>
        {
            config.Sources.Clear();
            config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = connectionString,
                ["Storage:TablePrefix"] = "bench" + Guid.NewGuid().ToString("N")[..8],
                ["Logging:LogLevel:Default"] = "Warning",
                ["Publishing:LocalFolder"] = Path.Combine(Path.GetTempPath(), "teamsdecisions-bench-pages"),
            });
        });
    }
}
