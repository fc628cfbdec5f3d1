using System.Diagnostics;
using System.Globalization;

namespace TeamsDecisions.Bench.Faults;

/// <summary>
/// The store stops mid-burst and comes back: Azurite is stopped gracefully (every connection cut, then SIGINT, so it
/// saves its tables) and started again on the same data folder and port <c>down</c> after the cut. The app keeps running.
/// </summary>
internal static class StoreOutage
{
    public static async Task<FaultRow> RunAsync(FaultLab lab, LabApp app, TimeSpan down)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(app);
        var rfc = await lab.SeedAsync(app);
        var unreachable = TimeSpan.Zero;
        using var run = await lab.BurstAsync(app, rfc, async () =>
        {
            var cut = Stopwatch.GetTimestamp();
            await lab.Azurite.StopAsync(graceful: true);
            var left = down - Stopwatch.GetElapsedTime(cut);
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left);
            }

            await lab.Azurite.RestartAsync();
            unreachable = Stopwatch.GetElapsedTime(cut);
            lab.Progress(Invariant($"  store back after {unreachable.TotalSeconds:F1} s"));
        });
        await using var view = lab.View(rfc.Prefix);
        var kept = KeptVotes.Of(await FaultLab.SettledAsync(view, rfc.Id), run.Answers.Outcomes);
        var retried = await lab.RetryAsync(run, rfc);
        return new FaultRow(
            Invariant($"store stopped for {down.TotalSeconds:0} s (unreachable {unreachable.TotalSeconds:F1} s)"),
            $"{run.Answers.Times()}; {run.Answers.Classes()}",
            $"{kept}; {retried}",
            run.Answers.Odd());
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
