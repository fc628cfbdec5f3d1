using System.Globalization;

namespace TeamsDecisions.Bench;

/// <summary>The numbers one repeat produces, by name; the report takes the median of each over the repeats.</summary>
internal sealed class Metrics
{
    public const string RawRmwRate = "raw-rmw/s";
    public const string RawRmwP50 = "raw-rmw p50";
    public const string RawRmwP99 = "raw-rmw p99";
    public const string RawRmwRequests = "raw-rmw req";
    public const string SeqRate = "seq/s";
    public const string SeqP50 = "seq p50";
    public const string SeqP99 = "seq p99";
    public const string SeqRequests = "seq req";
    public const string RawBurstRate = "raw-burst/s";
    public const string RawBurstP50 = "raw-burst p50";
    public const string RawBurstP99 = "raw-burst p99";
    public const string RawBurstRequests = "raw-burst req";
    public const string BurstRate = "burst/s";
    public const string BurstP50 = "burst p50";
    public const string BurstP99 = "burst p99";
    public const string BurstRequests = "burst req";
    public const string CardMaxPerSecond = "card max/s";
    public const string CardMinGap = "card min gap";
    public const string CardUpdates = "card updates";
    public const string SeqRatio = "seq ratio";
    public const string BurstRatio = "burst ratio";
    public const string BurstP99Ratio = "burst p99 ratio";

    /// <summary>The printed table: sections, each with its metrics, labels and number formats.</summary>
    public static readonly IReadOnlyList<(string Section, IReadOnlyList<(string Key, string Label, string Format)> Rows)> Table =
    [
        ("raw: read + update with the read ETag, sequential", [(RawRmwRate, "ops/s", "F0"), (RawRmwP50, "p50 ms", "F1"), (RawRmwP99, "p99 ms", "F1"), (RawRmwRequests, "Table requests/op", "F2")]),
        ("votes: sequential, one RFC", [(SeqRate, "votes/s", "F0"), (SeqP50, "p50 ms", "F1"), (SeqP99, "p99 ms", "F1"), (SeqRequests, "Table requests/vote", "F2")]),
        ("raw: concurrent upserts into one partition", [(RawBurstRate, "ops/s", "F0"), (RawBurstP50, "p50 ms", "F1"), (RawBurstP99, "p99 ms", "F1"), (RawBurstRequests, "Table requests/op", "F2")]),
        ("votes: concurrent voters, one RFC", [(BurstRate, "votes/s", "F0"), (BurstP50, "p50 ms", "F1"), (BurstP99, "p99 ms", "F1"), (BurstRequests, "Table requests/vote", "F2")]),
        ("channel card during the burst (stub Connector PUTs)", [(CardUpdates, "updates", "F0"), (CardMaxPerSecond, "max updates in any 1 s, per thread", "F0"), (CardMinGap, "min gap between updates of a thread, s", "F2")]),
        ("ratios, each from one repeat's pair (measured back to back)", [(SeqRatio, "seq votes/s ÷ raw read+update ops/s", "F2"), (BurstRatio, "burst votes/s ÷ raw upserts/s", "F2"), (BurstP99Ratio, "burst vote p99 ÷ raw upsert p99", "F1")]),
    ];

    private readonly Dictionary<string, double> values = new(StringComparer.Ordinal);

    public double this[string key]
    {
        get => values.TryGetValue(key, out var value) ? value : double.NaN;
        set => values[key] = value;
    }

    public static string Format(double value, string format) =>
        double.IsNaN(value) ? "—" : value.ToString(format, CultureInfo.InvariantCulture);
}
