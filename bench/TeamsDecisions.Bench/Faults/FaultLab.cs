using System.Diagnostics;
using System.Globalization;
using TeamsDecisions.Core;
using TeamsDecisions.Faults.Tests;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Bench.Faults;

/// <summary>The app as its own process, and the table prefix it and everything seeded for it use.</summary>
internal sealed class LabApp(AppProcess process, string prefix) : IAsyncDisposable
{
    public AppProcess Process => process;

    public string Prefix => prefix;

    public ValueTask DisposeAsync() => process.DisposeAsync();
}

/// <summary>An RFC open in its team's channel thread, ready for a burst.</summary>
internal sealed record OpenRfc(TeamId Team, RfcId Id, string Prefix)
{
    /// <summary>The thread's conversation id, as the app sends card updates to it (StoreView seeds every RFC at one root message).</summary>
    public bool IsThreadOf(CardUpdate update) =>
        update.Conversation.StartsWith(Team.Value + ";", StringComparison.Ordinal);
}

/// <summary>A burst that met a fault: the voters (to send again), what they were told, and when the fault came.</summary>
internal sealed class FaultedBurst(VoteBurst burst, IReadOnlyList<VoteOutcome> outcomes, TimeSpan faultAt) : IDisposable
{
    public VoteBurst Burst => burst;

    public BurstAnswers Answers { get; } = new(outcomes);

    /// <summary>From the first vote sent to the fault injected.</summary>
    public TimeSpan FaultAt => faultAt;

    public void Dispose() => burst.Dispose();
}

/// <summary>
/// What every fault scenario shares: one Azurite on a persistent data folder (so it can be stopped and started again
/// on the same folder and port), one stub Connector that keeps the channel-card updates, the app as its own process,
/// and the burst of voters with a fault injected when a share of their answers is back.
/// </summary>
internal sealed class FaultLab(Azurite azurite, StubConnector connector, FaultOptions options, Action<string> progress) : IAsyncDisposable
{
    private static readonly TimeSpan BurstTimeout = TimeSpan.FromSeconds(150);

    public Azurite Azurite => azurite;

    public StubConnector Connector => connector;

    public FaultOptions Options => options;

    public void Progress(string message) => progress(message);

    public static async Task<FaultLab> StartAsync(FaultOptions options, Action<string> progress)
    {
        var azurite = await Azurite.StartPersistentAsync();
        try
        {
            return new FaultLab(azurite, await StubConnector.StartAsync(), options, progress);
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    /// <summary>The app as its own process on its own tables, in local mode, with the default invoke budget.</summary>
    public async Task<LabApp> StartAppAsync(string name)
    {
        var prefix = name + Guid.NewGuid().ToString("N")[..8];
        return new LabApp(await AppProcess.StartAsync(azurite.ConnectionString, prefix), prefix);
    }

    public StoreView View(string prefix) => new(azurite.ConnectionString, prefix);

    /// <summary>A new team with RFC-0001 open in its channel thread.</summary>
    public async Task<OpenRfc> SeedAsync(LabApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var team = Sample.NewTeam();
        await using var view = View(app.Prefix);
        return new OpenRfc(team, await view.SeedOpenRfcAsync(team, connector.ServiceUrl), app.Prefix);
    }

    /// <summary>Every voter votes at once; when <see cref="FaultOptions.FaultAfter"/> answers are back, <paramref name="fault"/> runs.</summary>
    public async Task<FaultedBurst> BurstAsync(LabApp app, OpenRfc rfc, Func<Task> fault)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(rfc);
        ArgumentNullException.ThrowIfNull(fault);
        var burst = new VoteBurst(app.Process.BotEndpoint, connector.ServiceUrl, rfc.Id, options.Voters);
        try
        {
            var start = Stopwatch.GetTimestamp();
            var voting = burst.SendAsync(burst.Voters);
            await burst.AnsweredAsync(options.FaultAfter).WaitAsync(BurstTimeout);
            var faultAt = Stopwatch.GetElapsedTime(start);
            progress(string.Create(CultureInfo.InvariantCulture, $"  {options.FaultAfter} answers back after {faultAt.TotalSeconds:F1} s ({burst.Saved} saved): fault"));
            await fault();
            var outcomes = await voting.WaitAsync(BurstTimeout);
            progress(string.Create(CultureInfo.InvariantCulture, $"  every voter answered or cut off after {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s"));
            return new FaultedBurst(burst, outcomes, faultAt);
        }
        catch
        {
            burst.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Everyone who was not shown their vote sends it again with the same activity (as a redelivery, or a person
    /// pressing the button again), once; then what is stored.
    /// </summary>
    public async Task<string> RetryAsync(FaultedBurst run, OpenRfc rfc)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(rfc);
        var pending = run.Answers.Outcomes.Where(o => o.Answer != VoteAnswer.Saved).Select(o => o.Voter).ToList();
        if (pending.Count == 0)
        {
            return "nobody to retry";
        }

        var again = new BurstAnswers(await run.Burst.SendAsync(pending).WaitAsync(BurstTimeout));
        await using var view = View(rfc.Prefix);
        var stored = await SettledAsync(view, rfc.Id);
        var burstVoters = run.Burst.Voters.Select(v => v.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return string.Create(CultureInfo.InvariantCulture, $"after retry {stored.Ballots.Keys.Count(burstVoters.Contains)}/{run.Burst.Voters.Count}, doubles {stored.VoteEvents.Count(v => v.Value > 1)}");
    }

    /// <summary>The RFC once the writes still in flight have landed: its audit trail unchanged for 1.5 s (read errors while the store comes back are retried).</summary>
    public static async Task<StoredRfc> SettledAsync(StoreView view, RfcId rfc)
    {
        ArgumentNullException.ThrowIfNull(view);
        var deadline = Stopwatch.GetTimestamp() + (long)(30 * Stopwatch.Frequency);
        StoredRfc? last = null;
        while (true)
        {
            try
            {
                var now = await view.ReadAsync(rfc);
                if (last is not null && now.Events.Count == last.Events.Count)
                {
                    return now;
                }

                last = now;
            }
            catch (Exception ex) when (ex is StoreUnavailableException or StoreBusyException or Azure.RequestFailedException or HttpRequestException or InvalidOperationException)
            {
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    throw;
                }
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                return last ?? throw new TimeoutException($"{rfc} could not be read within 30 s.");
            }

            await Task.Delay(TimeSpan.FromSeconds(1.5));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await connector.DisposeAsync();
        await azurite.DisposeAsync();
    }
}
