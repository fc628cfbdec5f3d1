using System.Globalization;

namespace TeamsDecisions.Bench.Faults;

/// <summary>The fault run's sizes, from the command line after <c>--faults</c>.</summary>
internal sealed record FaultOptions(int Voters, double At, TimeSpan ShortOutage, TimeSpan LongOutage)
{
    public const string Usage = "usage: dotnet run -c Release --project bench/TeamsDecisions.Bench -- --faults [--voters 500] [--at 0.3] [--short 2] [--long 10]";

    /// <summary>How many answers must be back before the fault is injected.</summary>
    public int FaultAfter => Math.Max(1, (int)Math.Round(Voters * At));

    public static FaultOptions Parse(IReadOnlyList<string> args)
    {
        var options = new FaultOptions(Voters: 500, At: 0.3, ShortOutage: TimeSpan.FromSeconds(2), LongOutage: TimeSpan.FromSeconds(10));
        for (var i = 0; i < args.Count; i++)
        {
            options = args[i] switch
            {
                "--voters" => options with { Voters = (int)Number(args, ++i, min: 10, max: 2000) },
                "--at" => options with { At = Number(args, ++i, min: 0.01, max: 0.99) },
                "--short" => options with { ShortOutage = TimeSpan.FromSeconds(Number(args, ++i, min: 0, max: 60)) },
                "--long" => options with { LongOutage = TimeSpan.FromSeconds(Number(args, ++i, min: 0, max: 120)) },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'. {Usage}"),
            };
        }

        return options;
    }

    private static double Number(IReadOnlyList<string> args, int i, double min, double max) =>
        i < args.Count && double.TryParse(args[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{args[i - 1]} needs a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}. {Usage}");
}
