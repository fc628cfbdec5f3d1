using System.Diagnostics;
using System.Globalization;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Faults.Tests;

namespace TeamsDecisions.Bench.Faults;

/// <summary>
/// The app process is killed (SIGKILL) mid-burst and started again on the same store and port. Nobody votes after
/// the restart until the channel card shows the stored tally: only the app's start-up healer can put it there.
/// </summary>
internal static class AppKilled
{
    /// <summary>How long the healed card is waited for after the restart.</summary>
    private static readonly TimeSpan HealLimit = TimeSpan.FromSeconds(60);

    public static async Task<FaultRow> RunAsync(FaultLab lab, LabApp app)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(app);
        var rfc = await lab.SeedAsync(app);
        long killedAt = 0;
        using var run = await lab.BurstAsync(app, rfc, async () =>
        {
            killedAt = Stopwatch.GetTimestamp();
            await app.Process.KillAsync();
        });

        // Nothing is in flight once every request has failed; what is stored now is what the restarted app must show.
        await using var view = lab.View(app.Prefix);
        var stored = await FaultLab.SettledAsync(view, rfc.Id);
        var kept = KeptVotes.Of(stored, run.Answers.Outcomes);
        var before = lab.Connector.Updates.Where(u => rfc.IsThreadOf(u) && u.At < killedAt).Select(ChannelCard.Tally).LastOrDefault(t => t is not null);

        var launched = Stopwatch.GetTimestamp();
        await app.Process.RestartAsync();
        var ready = Stopwatch.GetTimestamp();
        lab.Progress(Invariant($"  app ready again {Stopwatch.GetElapsedTime(launched, ready).TotalSeconds:F1} s after launch; waiting for the channel card to show {Show(stored.Rfc.Tally)}"));
        var healed = await HealedAsync(lab, rfc, stored.Rfc.Tally, launched);
        var card = healed is { } at
            ? Invariant($"card shows the stored tally {SinceReady(Stopwatch.GetElapsedTime(ready, at))} ({Stopwatch.GetElapsedTime(launched, at).TotalSeconds:F1} s after launch; {Show(before)} → {Show(stored.Rfc.Tally)})")
            : Invariant($"card did **not** show the stored tally within {HealLimit.TotalSeconds:0} s ({Show(before)}, stored {Show(stored.Rfc.Tally)}, last after restart {Last(lab, rfc, launched)})");

        var retried = await lab.RetryAsync(run, rfc);
        return new FaultRow(
            "app killed mid-burst (SIGKILL), restarted",
            $"{run.Answers.Count(VoteAnswer.NoAnswer)} connection resets; answered {run.Answers.Times()}: {run.Answers.Classes(withNoAnswer: false)}; after restart the {card}",
            $"{kept}; {retried}",
            run.Answers.Odd(width: 100));
    }

    /// <summary>When the first card update after <paramref name="since"/> showing <paramref name="tally"/> arrived, or null.</summary>
    private static async Task<long?> HealedAsync(FaultLab lab, OpenRfc rfc, VoteTally tally, long since)
    {
        var deadline = since + (long)(HealLimit.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var match = lab.Connector.Updates.FirstOrDefault(u => u.At >= since && rfc.IsThreadOf(u) && ChannelCard.Tally(u) == tally);
            if (match is not null)
            {
                return match.At;
            }

            await Task.Delay(50);
        }

        return null;
    }

    private static string Last(FaultLab lab, OpenRfc rfc, long since) =>
        lab.Connector.Updates.Where(u => u.At >= since && rfc.IsThreadOf(u)).Select(ChannelCard.Tally).LastOrDefault(t => t is not null) is { } last ? Show(last) : "none";

    /// <summary>"312 votes", or "no tally" for a card that shows none.</summary>
    private static string Show(VoteTally? tally) => tally is null ? "no tally" : Invariant($"{tally.Total} votes");

    /// <summary>The healer may update the card before /healthz first answers 200 (the span is then negative).</summary>
    private static string SinceReady(TimeSpan span) =>
        span < TimeSpan.Zero ? Invariant($"{-span.TotalSeconds:F1} s before ready") : Invariant($"{span.TotalSeconds:F1} s after ready");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
