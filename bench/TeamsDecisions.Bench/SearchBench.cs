using System.Diagnostics;
using System.Globalization;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Core.Search;
using TeamsDecisions.Infrastructure.Search;

namespace TeamsDecisions.Bench;

/// <summary>
/// The decision index at scale, with the app's own index class: synthetic decisions of realistic length (title ~8
/// words, rationale ~80, 2–3 alternatives with their why, context and proposal ~100 each) over 50 teams, then 1–3 word
/// queries in a five-team scope, each with its best line. Prints one line: build time, managed heap growth, query p50/p95.
/// </summary>
internal static class SearchBench
{
    private const string Tenant = "bench-tenant";
    private const int Teams = 50;
    private const int Warmup = 200;

    /// <summary>A few hundred words engineers write decisions with.</summary>
    private static readonly string[] Vocabulary =
    """
    api gateway service mesh kafka queue topic partition consumer producer broker retention replay event stream batch
    database postgres mysql sqlserver cosmos table storage blob cache redis memcached index query latency throughput
    deployment deploy deploying release rollout rollback canary bluegreen feature flag toggle pipeline build test unit
    integration contract endtoend coverage flaky lint format style review approval merge branch trunk monorepo polyrepo
    kubernetes cluster node pod container docker image registry helm chart terraform bicep arm template infrastructure
    network subnet firewall dns certificate tls mtls oauth token identity entra authentication authorization role scope
    secret vault key rotation encryption compliance audit logging tracing metrics dashboard alert oncall incident outage
    postmortem runbook sla slo error budget availability resilience retry backoff jitter timeout circuit breaker bulkhead
    idempotent idempotency transaction consistency eventual strong schema migration version compatibility breaking
    deprecation legacy monolith microservice modular boundary domain aggregate entity command handler projection read
    model write cqrs saga orchestration choreography workflow scheduler cron job worker background throttle rate limit
    quota cost budget license vendor open source library framework dotnet java python typescript react angular frontend
    backend mobile android ios accessibility localization performance memory cpu allocation garbage collection profiling
    benchmark load stress capacity scaling autoscale horizontal vertical region zone failover disaster recovery backup
    restore snapshot archive search ranking relevance analytics warehouse lake etl reporting export import csv json
    protobuf grpc rest graphql websocket webhook callback polling push notification email teams channel chat bot card
    adaptive manifest tenant team owner member guest permission consent admin policy governance risk security threat
    vulnerability patch dependency upgrade pin lockfile package nuget npm maven container scanning sbom signing supply
    chain documentation adr rfc decision rationale alternative tradeoff option driver constraint assumption consequence
    concern objection reviewer decider author stakeholder customer user support billing payment invoice order checkout
    cart catalog inventory shipping fulfilment pricing discount subscription trial onboarding signup login session
    cookie privacy gdpr retention deletion anonymization pii encryption hashing salt password mfa passkey sso federation
    """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);

    public static int Run(IReadOnlyList<string> args)
    {
        var decisions = Arg(args, "--decisions", 100_000);
        var queries = Arg(args, "--queries", 1_000);
        var random = new Random(42);
        var teams = Enumerable.Range(0, Teams).Select(i => new TeamId(string.Create(CultureInfo.InvariantCulture, $"19:bench{i}@thread.tacv2"))).ToArray();

        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var build = Stopwatch.StartNew();
        using var index = new DecisionIndex(TimeProvider.System);
        for (var i = 0; i < decisions; i++)
        {
            index.Put(Synthetic(random, teams[i % Teams], (i / Teams) + 1));
        }

        index.Refresh();
        build.Stop();
        var heapMb = (GC.GetTotalMemory(forceFullCollection: true) - heapBefore) / (1024.0 * 1024.0);

        var scope = new SearchScope(Tenant, [.. teams.Take(5)]);
        var times = new List<double>(queries);
        var hits = 0L;
        for (var q = 0; q < Warmup + queries; q++)
        {
            var words = string.Join(' ', Enumerable.Range(0, random.Next(1, 4)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]));
            var watch = Stopwatch.StartNew();
            var found = index.Search(words, scope, 10);
            watch.Stop();
            if (q >= Warmup)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
                hits += found.Count;
            }
        }

        times.Sort();
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{index.Count} documents, {hits / (double)queries:F1} hits per query, max {times[^1]:F1} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"search: {decisions} decisions, build {build.Elapsed.TotalSeconds:F1} s, {heapMb:F0} MB, query p50 {Percentile(times, 0.50):F1} ms p95 {Percentile(times, 0.95):F1} ms"));
        return 0;
    }

    private static SearchDocument Synthetic(Random random, TeamId team, int number)
    {
        var alternatives = Enumerable.Range(0, random.Next(2, 4)).Select(_ => Words(random, 2) + ": " + Words(random, 15));
        return new SearchDocument(
            new RfcId(team, new RfcNumber(number)),
            Tenant,
            Words(random, 8),
            RfcState.Accepted,
            new DecisionNumber(number),
            DecisionOutcome.Accepted,
            new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(number * 37),
            null,
            null,
            null,
            null,
            Words(random, 100),
            Words(random, 100),
            string.Join('\n', Enumerable.Range(0, 3).Select(_ => Words(random, 4))),
            string.Join('\n', Enumerable.Range(0, 3).Select(_ => Words(random, 3))),
            "Accepted",
            Words(random, 80),
            string.Join('\n', alternatives),
            Words(random, 30),
            string.Empty,
            Words(random, 60),
            "Alice Martin\nBob Nowak\nCarol Tan");
    }

    private static string Words(Random random, int count) =>
        string.Join(' ', Enumerable.Range(0, count).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]));

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static int Arg(IReadOnlyList<string> args, string name, int fallback)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == name && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
            {
                return value;
            }
        }

        return fallback;
    }
}
