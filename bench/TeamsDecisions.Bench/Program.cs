using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Bench;

/// <summary>
/// One Azurite, measured two ways in the same run: the raw store (Azure.Data.Tables, no app) and the vote path through
/// the real app over HTTP. A warm-up round, then <see cref="BenchOptions.Repeats"/> rounds, medians, the flatness run,
/// the checks, and last the ratio line. Progress goes to stderr; the report to stdout.
/// </summary>
internal static class Program
{
    /// <summary>Long enough for the channel card's last coalesced update after a burst to land.</summary>
    private static readonly TimeSpan CardSettle = TimeSpan.FromSeconds(3);

    public static async Task<int> Main(string[] args)
    {
        if (args is ["--faults", .. var faultArgs])
        {
            return await Faults.FaultBench.RunAsync(faultArgs);
        }

        if (args is ["--search", .. var searchArgs])
        {
            return SearchBench.Run(searchArgs);
        }

        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        var elapsed = Stopwatch.StartNew();
        void Progress(string message) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{elapsed.Elapsed.TotalSeconds,5:F0} s] {message}"));
        var failures = new List<string>();

        await using var azurite = await Azurite.StartAsync();
        await using var appProxy = StoreProxy.Start(azurite.Port);
        await using var rawProxy = StoreProxy.Start(azurite.Port);
        await using var connector = await ConnectorStub.StartAsync();
        await using var app = new BenchApp(appProxy.Route(azurite.ConnectionString));
        app.UseKestrel();
        app.StartServer();
        var appUrl = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

        var raw = await RawBaseline.CreateAsync(options.RawDirect ? azurite.ConnectionString : rawProxy.Route(azurite.ConnectionString));
        var team = new TeamId("19:bench@thread.tacv2");
        await app.Services.GetRequiredService<IConversationStore>().SaveTeamAsync(new TeamConversation(team, "tenant", "Bench", connector.Url, team.Value), CancellationToken.None);
        var service = app.Services.GetRequiredService<RfcService>();
        using var http = new HttpClient { BaseAddress = new Uri(appUrl), Timeout = TimeSpan.FromSeconds(60) };
        var votes = new VoteDriver(http, service, team, connector.Url);

        var rounds = new List<Metrics>();
        for (var round = 0; round <= options.Repeats; round++)
        {
            var name = round == 0 ? "warm-up" : $"repeat {round}/{options.Repeats}";
            var metrics = new Metrics();

            Progress($"{name}: raw read + update, {options.Votes} sequential");
            await raw.SeedAsync($"rmw{round}");
            var before = rawProxy.Snapshot();
            var rmw = await raw.ReadUpdateAsync($"rmw{round}", options.Votes);
            Record(metrics, rmw, Metrics.RawRmwRate, Metrics.RawRmwP50, Metrics.RawRmwP99);
            metrics[Metrics.RawRmwRequests] = options.RawDirect ? double.NaN : (double)rawProxy.Snapshot().Since(before).Requests / options.Votes;
            if (await raw.SequenceAsync($"rmw{round}") != options.Votes)
            {
                failures.Add($"{name}: the raw read + update lost updates (sequence {await raw.SequenceAsync($"rmw{round}")}, expected {options.Votes})");
            }

            Progress($"{name}: {options.Votes} sequential votes");
            var sequentialRfc = await votes.NewRfcAsync($"Sequential votes, {name}");
            before = appProxy.Snapshot();
            var sequential = await votes.SequentialAsync(sequentialRfc, options.Votes);
            metrics[Metrics.SeqRequests] = (double)appProxy.Snapshot().Since(before).Requests / options.Votes;
            Record(metrics, sequential, Metrics.SeqRate, Metrics.SeqP50, Metrics.SeqP99);

            Progress($"{name}: raw upserts, {options.Burst} concurrent");
            before = rawProxy.Snapshot();
            var rawBurst = await raw.ConcurrentUpsertsAsync($"burst{round}", options.Burst);
            Record(metrics, rawBurst, Metrics.RawBurstRate, Metrics.RawBurstP50, Metrics.RawBurstP99);
            metrics[Metrics.RawBurstRequests] = options.RawDirect ? double.NaN : (double)rawProxy.Snapshot().Since(before).Requests / options.Burst;
            if (await raw.CountAsync($"burst{round}") != options.Burst)
            {
                failures.Add($"{name}: the raw upserts lost rows ({await raw.CountAsync($"burst{round}")} of {options.Burst})");
            }

            Progress($"{name}: {options.Burst} concurrent voters");
            var burstRfc = await votes.NewRfcAsync($"Concurrent voters, {name}");
            var from = connector.Now;
            before = appProxy.Snapshot();
            var burst = await votes.BurstAsync(burstRfc, options.Burst);
            metrics[Metrics.BurstRequests] = (double)appProxy.Snapshot().Since(before).Requests / options.Burst;
            Record(metrics, burst, Metrics.BurstRate, Metrics.BurstP50, Metrics.BurstP99);
            await Task.Delay(CardSettle);
            var threads = connector.UpdatesBetween(from, connector.Now);
            metrics[Metrics.CardUpdates] = threads.Sum(t => t.Count);
            metrics[Metrics.CardMaxPerSecond] = threads.Count == 0 ? 0 : threads.Max(Stats.MaxInAnySecond);
            var gaps = threads.SelectMany(t => t.Zip(t.Skip(1), (a, b) => (b - a).TotalSeconds)).ToList();
            metrics[Metrics.CardMinGap] = gaps.Count == 0 ? double.NaN : gaps.Min();

            metrics[Metrics.SeqRatio] = metrics[Metrics.SeqRate] / metrics[Metrics.RawRmwRate];
            metrics[Metrics.BurstRatio] = metrics[Metrics.BurstRate] / metrics[Metrics.RawBurstRate];
            metrics[Metrics.BurstP99Ratio] = metrics[Metrics.BurstP99] / metrics[Metrics.RawBurstP99];
            if (round > 0)
            {
                rounds.Add(metrics);
            }
        }

        Timed? flat = null;
        Timed? rawFlat = null;
        double flatRequests = double.NaN;
        if (options.Flat > 0)
        {
            Progress($"flatness: {options.Flat} vote-shaped transactions into one growing partition, raw");
            rawFlat = await raw.GrowingPartitionAsync("flat-" + Guid.NewGuid().ToString("N")[..8], options.Flat);
            Progress($"flatness: {options.Flat} sequential votes on one RFC");
            var flatRfc = await votes.NewRfcAsync("Flatness");
            var before = appProxy.Snapshot();
            flat = await votes.SequentialAsync(flatRfc, options.Flat);
            flatRequests = (double)appProxy.Snapshot().Since(before).Requests / options.Flat;
        }

        Progress("checking stored tallies");
        foreach (var rfc in votes.Rfcs)
        {
            var stored = await service.FindAsync(rfc.Id, CancellationToken.None);
            if (stored?.Tally.Total != rfc.Acknowledged)
            {
                failures.Add($"{rfc.Id}: stored tally {stored?.Tally.Total.ToString(CultureInfo.InvariantCulture) ?? "(RFC not found)"} ≠ {rfc.Acknowledged} acknowledged votes");
            }
        }

        failures.InsertRange(0, votes.Failures.Take(5).Select(f => "vote not acknowledged: " + f));
        if (votes.Failures.Count > 5)
        {
            failures.Insert(5, $"… and {votes.Failures.Count - 5} more votes not acknowledged");
        }

        Report.Print(options, rounds, flat, rawFlat, flatRequests, votes, appProxy.FramingErrors + rawProxy.FramingErrors, failures, elapsed.Elapsed);
        return failures.Count == 0 ? 0 : 1;
    }

    private static void Record(Metrics metrics, Timed timed, string rate, string p50, string p99)
    {
        metrics[rate] = timed.PerSecond;
        metrics[p50] = timed.P50;
        metrics[p99] = timed.P99;
    }
}
