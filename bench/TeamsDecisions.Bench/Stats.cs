namespace TeamsDecisions.Bench;

/// <summary>One timed phase: each operation's latency (in the order they were sent) and the phase's wall time.</summary>
internal sealed record Timed(IReadOnlyList<double> LatenciesMs, TimeSpan Wall)
{
    public double PerSecond => LatenciesMs.Count / Wall.TotalSeconds;

    public double P50 => Stats.Percentile(LatenciesMs, 0.50);

    public double P99 => Stats.Percentile(LatenciesMs, 0.99);
}

internal static class Stats
{
    /// <summary>Nearest-rank percentile: the smallest value with at least <paramref name="q"/> of the values at or below it.</summary>
    public static double Percentile(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    /// <summary>The middle value; the mean of the two middle values for an even count.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>The most events inside any window of one second.</summary>
    public static int MaxInAnySecond(IReadOnlyList<TimeSpan> sortedTimes)
    {
        var max = 0;
        for (int first = 0, last = 0; last < sortedTimes.Count; last++)
        {
            while (sortedTimes[last] - sortedTimes[first] >= TimeSpan.FromSeconds(1))
            {
                first++;
            }

            max = Math.Max(max, last - first + 1);
        }

        return max;
    }
}
