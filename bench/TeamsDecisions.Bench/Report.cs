using System.Globalization;

namespace TeamsDecisions.Bench;

/// <summary>Prints the table of medians, the flatness run, the checks and targets, and last the ratio line.</summary>
internal static class Report
{
    public static void Print(BenchOptions options, IReadOnlyList<Metrics> rounds, Timed? flat, Timed? rawFlat, double flatRequests, VoteDriver votes, long framingErrors, IReadOnlyList<string> failures, TimeSpan elapsed)
    {
        var median = new Metrics();
        foreach (var (_, rows) in Metrics.Table)
        {
            foreach (var (key, _, _) in rows)
            {
                median[key] = Stats.Median(rounds.Select(r => r[key]));
            }
        }

        // A limit is checked against its worst repeat, not its median.
        var maxCardPerSecond = rounds.Max(r => r[Metrics.CardMaxPerSecond]);
        var minCardGap = rounds.Select(r => r[Metrics.CardMinGap]).Where(g => !double.IsNaN(g)).DefaultIfEmpty(double.NaN).Min();

        Line("TeamsDecisions benchmark: one Azurite (Table service, in memory) on 127.0.0.1; the real app in local mode with a stub Connector");
        Line("  votes: adaptiveCard/action invokes (rfc.vote) POSTed to /api/messages, each by a new user, answer checked to be the voter's card");
        Line("  Table requests: counted by a StoreProxy between the app and Azurite, from the HTTP/1.1 framing ($batch = 1)");
        Line(options.RawDirect
            ? "  raw: Azure.Data.Tables straight to Azurite (--raw-direct), no proxy"
            : "  raw: Azure.Data.Tables through a second StoreProxy to the same Azurite, so both sides pay the same extra hop");
        Line($"  sizes: {options.Votes} sequential votes/ops, {options.Burst} concurrent, a fresh RFC per phase; a warm-up round, then {options.Repeats} repeat(s); medians over the repeats");
        Line(string.Empty);

        var header = $"{string.Empty,-44}" + string.Concat(Enumerable.Range(1, rounds.Count).Select(i => $"{"r" + i.ToString(CultureInfo.InvariantCulture),10}")) + $"{"median",10}";
        Line(header);
        foreach (var (section, rows) in Metrics.Table)
        {
            Line(section);
            foreach (var (key, label, format) in rows)
            {
                Line($"  {label,-42}" + string.Concat(rounds.Select(r => $"{Metrics.Format(r[key], format),10}")) + $"{Metrics.Format(median[key], format),10}");
            }
        }

        Line(string.Empty);
        double flatRatio = double.NaN;
        if (flat is not null)
        {
            var first = Stats.Median(flat.LatenciesMs.Take(20));
            var last = Stats.Median(flat.LatenciesMs.TakeLast(20));
            flatRatio = last / first;
            Line(Invariant($"flatness: {flat.LatenciesMs.Count} sequential votes on one RFC: median of the first 20 {first:F1} ms, of the last 20 {last:F1} ms; last/first {flatRatio:F2} (target ≤ 1.5); p50 {flat.P50:F1} ms, p99 {flat.P99:F1} ms, {flat.PerSecond:F0} votes/s, {flatRequests:F2} Table requests/vote"));
            if (rawFlat is not null)
            {
                var rawFirst = Stats.Median(rawFlat.LatenciesMs.Take(20));
                var rawLast = Stats.Median(rawFlat.LatenciesMs.TakeLast(20));
                Line(Invariant($"  the store alone, the same vote-shaped transactions into one growing partition: first 20 {rawFirst:F1} ms, last 20 {rawLast:F1} ms; last/first {rawLast / rawFirst:F2}; the vote path's growth beyond the store's: {flatRatio / (rawLast / rawFirst):F2}"));
            }
        }
        else
        {
            Line("flatness: skipped (--flat 0)");
        }

        var sent = votes.Rfcs.Sum(r => r.Acknowledged) + votes.Failures.Count;
        Line(Invariant($"checks: {sent} votes sent (warm-up included), {sent - votes.Failures.Count} acknowledged with the voter's card; stored tallies of {votes.Rfcs.Count} RFCs compared; proxy framing errors {framingErrors}"));

        var requests = median[Metrics.SeqRequests];
        var seqRatio = median[Metrics.SeqRatio];
        var burstRatio = median[Metrics.BurstRatio];
        var p99Ratio = median[Metrics.BurstP99Ratio];
        Line("targets: " + string.Join(" · ",
            Target($"Table requests/vote {requests:F1} ≤ 2", requests <= 2),
            Target($"seq votes/raw {seqRatio:F2} ≥ 0.50", seqRatio >= 0.5),
            Target($"burst votes/raw {burstRatio:F2} ≥ 0.50", burstRatio >= 0.5),
            Target($"burst p99/raw p99 {p99Ratio:F1} ≤ 3", p99Ratio <= 3),
            Target($"card max {maxCardPerSecond:F0}/s, min gap {Metrics.Format(minCardGap, "F1")} s: ≤ 1 per 2 s", maxCardPerSecond <= 1 && !(minCardGap < 2)),
            flat is null ? "flat: skipped" : Target($"flat last/first {flatRatio:F2} ≤ 1.5", flatRatio <= 1.5)));

        foreach (var failure in failures)
        {
            Line("FAIL " + failure);
        }

        Line(Invariant($"elapsed {elapsed.TotalSeconds:F0} s"));
        Line(Invariant($"ratio seq-votes/raw-rmw={seqRatio:F2} burst-votes/raw-burst={burstRatio:F2} burst-p99/raw-burst-p99={p99Ratio:F1} table-requests-per-vote={requests:F1} max-card-updates-per-s={maxCardPerSecond:F0}"));
    }

    private static string Target(FormattableString text, bool met) => Invariant(text) + (met ? " ok" : " MISSED");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static void Line(string text) => Console.Out.WriteLine(text);
}
