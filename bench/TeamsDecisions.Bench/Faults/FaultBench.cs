using System.Diagnostics;
using System.Globalization;

namespace TeamsDecisions.Bench.Faults;

/// <summary>
/// The fault measurement (<c>--faults</c>): black-box against the built app run as its own process, on one Azurite
/// with a persistent data folder, many people voting at once on one RFC and a fault injected when a share of the
/// answers is back. Progress goes to stderr; the markdown table to stdout.
/// </summary>
internal static class FaultBench
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        FaultOptions options;
        try
        {
            options = FaultOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        var elapsed = Stopwatch.StartNew();
        void Progress(string message) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{elapsed.Elapsed.TotalSeconds,5:F0} s] {message}"));
        var rows = new List<FaultRow>();
        await using var lab = await FaultLab.StartAsync(options, Progress);

        // One app lives through the store outages and the tables deleted under it; the fresh emulator goes last,
        // as it takes every table with it.
        await using (var app = await lab.StartAppAsync("fb"))
        {
            foreach (var down in new[] { options.ShortOutage, options.LongOutage })
            {
                Progress(string.Create(CultureInfo.InvariantCulture, $"store stopped for {down.TotalSeconds:0} s"));
                rows.Add(await StoreOutage.RunAsync(lab, app, down));
            }

            Progress("tables deleted while the app runs");
            rows.Add(await TablesGone.RunAsync(lab, app, TablesLoss.Deleted));
            Progress("tables gone: a fresh emulator");
            rows.Add(await TablesGone.RunAsync(lab, app, TablesLoss.FreshEmulator));
        }

        await using (var app = await lab.StartAppAsync("fk"))
        {
            Progress("app killed mid-burst");
            rows.Add(await AppKilled.RunAsync(lab, app));
            Progress("card data naming another team's RFC, or another tenant");
            rows.Add(await ForeignCards.RunAsync(lab, app));
        }

        Print(options, rows, elapsed.Elapsed);
        return 0;
    }

    private static void Print(FaultOptions options, IReadOnlyList<FaultRow> rows, TimeSpan elapsed)
    {
        var percent = (options.At * 100).ToString("0", CultureInfo.InvariantCulture);
        Line(string.Create(CultureInfo.InvariantCulture, $"Black-box, {Commit()}: app as its own process (invoke budget {new TeamsDecisions.Teams.BotOptions().InvokeBudget.TotalSeconds:0.#} s), Azurite on a persistent folder, {options.Voters} voters at once on one RFC, fault at {percent} % ({options.FaultAfter}) of the answers. Store stopped = graceful Azurite stop, restart on the same folder and port N s after the cut. Retry = everyone not shown their vote sends it once more, same activity id."));
        Line(string.Empty);
        Line("| fault | what users saw | what was kept |");
        Line("|---|---|---|");
        foreach (var row in rows)
        {
            Line($"| {Cell(row.Fault)} | {Cell(row.Saw)} | {Cell(row.Kept)} |");
        }

        // The answers behind the odd counts, for whoever investigates; the table stays quotable.
        foreach (var row in rows.Where(r => r.Notes.Count > 0))
        {
            Console.Error.WriteLine($"- {row.Fault}: " + string.Join("; ", row.Notes.Take(4)));
        }

        Line(string.Empty);
        Line(string.Create(CultureInfo.InvariantCulture, $"elapsed {elapsed.TotalSeconds:F0} s"));
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    /// <summary>The commit the run measured, when the run is in a git work tree.</summary>
    private static string Commit()
    {
        try
        {
            var start = new ProcessStartInfo("git", "rev-parse --short HEAD") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = TeamsDecisions.Testing.RepoPaths.Root };
            using var git = Process.Start(start);
            var hash = git?.StandardOutput.ReadToEnd().Trim();
            git?.WaitForExit();
            return git?.ExitCode == 0 && !string.IsNullOrEmpty(hash) ? $"commit {hash}" : "the landed app";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "the landed app";
        }
    }

    private static void Line(string text) => Console.Out.WriteLine(text);
}
