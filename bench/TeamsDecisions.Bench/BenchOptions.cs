using System.Globalization;

namespace TeamsDecisions.Bench;

/// <summary>The run's sizes, from the command line.</summary>
internal sealed record BenchOptions(int Votes, int Burst, int Flat, int Repeats, bool RawDirect)
{
    public const string Usage = "usage: dotnet run -c Release --project bench/TeamsDecisions.Bench -- [--votes 300] [--burst 200] [--flat 1000] [--repeats 3] [--raw-direct]\n   or: ... -- --faults [--voters 500] [--at 0.3] [--short 2] [--long 10]\n   or: ... -- --search [--decisions 100000] [--queries 1000]";

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions(Votes: 300, Burst: 200, Flat: 1000, Repeats: 3, RawDirect: false);
        for (var i = 0; i < args.Count; i++)
        {
            options = args[i] switch
            {
                "--votes" => options with { Votes = Number(args, ++i, min: 20) },
                "--burst" => options with { Burst = Number(args, ++i, min: 2) },
                "--flat" => options with { Flat = Number(args, ++i, min: 0) },
                "--repeats" => options with { Repeats = Number(args, ++i, min: 1) },
                "--raw-direct" => options with { RawDirect = true },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'. {Usage}"),
            };
        }

        return options.Flat is > 0 and < 40 ? throw new ArgumentException($"--flat needs at least 40 votes (first 20 vs last 20), or 0 to skip. {Usage}") : options;
    }

    private static int Number(IReadOnlyList<string> args, int i, int min) =>
        i < args.Count && int.TryParse(args[i], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value
            : throw new ArgumentException($"{args[i - 1]} needs a whole number ≥ {min}. {Usage}");
}
