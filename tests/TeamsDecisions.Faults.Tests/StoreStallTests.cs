using TeamsDecisions.Testing;

namespace TeamsDecisions.Faults.Tests;

/// <summary>
/// The store stalls (connections open, nothing answered) while people vote: app → <see cref="StoreProxy"/> → Azurite.
/// Every voter gets an answer within the invoke budget, the answer is true of what is stored once the store answers
/// again, and the app serves new votes after the stall without a restart.
/// </summary>
[TestClass]
public sealed class StoreStallTests
{
    private const int Voters = 50;

    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    // The app answers within budget + 0.3 s; the rest is the loopback round trip and a 2-core machine under a burst.
    private static readonly TimeSpan AnswerLimit = Budget + TimeSpan.FromSeconds(0.5);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task VoteBurst_StoreStallsMidBurstThenResumes_EveryAnswerInBudgetAndTrueThenNewVotesSaved()
    {
        // Arrange: the app as its own process, its store behind a proxy, a 2 s invoke budget; RFC-0001 open.
        await using var azurite = await Azurite.StartAsync();
        await using var proxy = StoreProxy.Start(azurite.Port);
        await using var connector = await StubConnector.StartAsync();
        var prefix = "stall" + Guid.NewGuid().ToString("N")[..10];
        await using var app = await AppProcess.StartAsync(proxy.Route(azurite.ConnectionString), prefix, new Dictionary<string, string> { ["Bot__InvokeBudget"] = "00:00:02" });
        await using var view = new StoreView(azurite.ConnectionString, prefix);
        var rfc = await view.SeedOpenRfcAsync(Sample.NewTeam(), connector.ServiceUrl);
        using var warmUp = new VoteBurst(app.BotEndpoint, connector.ServiceUrl, rfc, voters: 1);
        using var burst = new VoteBurst(app.BotEndpoint, connector.ServiceUrl, rfc, Voters);
        using var after = new VoteBurst(app.BotEndpoint, connector.ServiceUrl, rfc, voters: 1);
        var warm = (await warmUp.SendAsync(warmUp.Voters)).Single();
        Assert.AreEqual(VoteAnswer.Saved, warm.Answer, $"Precondition: a vote is saved before the stall. {warm.Detail}");

        // Act: 50 people vote at once; after the first answers the store stalls until every voter has an answer,
        // then resumes. Then someone else votes, and the app settles.
        var voting = burst.SendAsync(burst.Voters);
        await burst.AnsweredAsync(3).WaitAsync(TimeSpan.FromSeconds(30), TestContext.CancellationToken);
        proxy.Stall();
        var outcomes = await voting.WaitAsync(TimeSpan.FromSeconds(60), TestContext.CancellationToken);
        proxy.Resume();
        var recovery = (await after.SendAsync(after.Voters).WaitAsync(TimeSpan.FromSeconds(30), TestContext.CancellationToken)).Single();
        var stored = await SettledAsync(view, rfc);

        // Assert: every voter was answered within budget + 0.5 s, with a card they can act on.
        var times = outcomes.Select(o => o.Elapsed).Order().ToList();
        var byAnswer = outcomes.GroupBy(o => o.Answer).ToDictionary(g => g.Key, g => g.Count());
        TestContext.WriteLine($"Answer time during the stall: max {times[^1].TotalSeconds:0.000} s, p99 {Percentile(times, 0.99).TotalSeconds:0.000} s, p50 {Percentile(times, 0.50).TotalSeconds:0.000} s (limit {AnswerLimit.TotalSeconds:0.0} s).");
        TestContext.WriteLine("Answers: " + string.Join(", ", Enum.GetValues<VoteAnswer>().Select(a => $"{a} {byAnswer.GetValueOrDefault(a)}")) + $"; unconfirmed and stored: {outcomes.Count(o => o.Answer == VoteAnswer.Unconfirmed && stored.Ballots.ContainsKey(o.Voter.Id))}; recovery vote: {recovery.Answer} in {recovery.Elapsed.TotalSeconds:0.000} s.");
        var other = outcomes.Where(o => o.Answer is VoteAnswer.NoAnswer or VoteAnswer.Unexpected).ToList();
        Assert.IsEmpty(other, $"Every voter must get an answer they can act on; {other.Count} did not, e.g. {other.FirstOrDefault()?.Answer}: {other.FirstOrDefault()?.Detail}\n{Tail(app.Output)}");
        var late = outcomes.Where(o => o.Elapsed > AnswerLimit).ToList();
        Assert.IsEmpty(late, $"{late.Count} answers took longer than {AnswerLimit.TotalSeconds} s, the slowest {times[^1].TotalSeconds:0.000} s.");
        Assert.IsTrue(outcomes.Any(o => o.Answer is VoteAnswer.NotSaved or VoteAnswer.Unconfirmed), "The stall must land mid-burst: some voters must be answered while it lasts.");

        // Each answer is true of the store once it answers again: shown ⇒ stored as shown; "not saved" ⇒ not stored.
        var ballots = stored.Ballots;
        var lost = outcomes.Where(o => o.Answer == VoteAnswer.Saved && (!ballots.TryGetValue(o.Voter.Id, out var kind) || kind != o.Voter.Kind)).ToList();
        Assert.IsEmpty(lost, $"{lost.Count} voters were shown their vote, but it is not stored as shown, e.g. {lost.FirstOrDefault()?.Voter}.");
        var storedAnyway = outcomes.Where(o => o.Answer == VoteAnswer.NotSaved && ballots.ContainsKey(o.Voter.Id)).ToList();
        Assert.IsEmpty(storedAnyway, $"{storedAnyway.Count} voters were told their vote was not saved, but it is stored, e.g. {storedAnyway.FirstOrDefault()?.Voter}.");
        var twice = stored.VoteEvents.Where(v => v.Value != 1).ToList();
        Assert.IsEmpty(twice, $"{twice.Count} voters have more than one vote in the audit trail, e.g. {twice.FirstOrDefault()}.");
        stored.AssertWhole();

        // The app recovered by itself: the next voter is saved, without a restart.
        Assert.AreEqual(VoteAnswer.Saved, recovery.Answer, $"A vote after the stall must be saved: {recovery.Detail}\n{Tail(app.Output)}");
        Assert.AreEqual(recovery.Voter.Kind, ballots.GetValueOrDefault(recovery.Voter.Id), "The vote after the stall is stored as shown.");
    }

    /// <summary>The RFC once writes held back by the stall have landed: the audit trail unchanged for 1.5 s.</summary>
    private static async Task<StoredRfc> SettledAsync(StoreView view, Core.RfcId rfc)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var stored = await view.ReadAsync(rfc);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            var again = await view.ReadAsync(rfc);
            if (again.Events.Count == stored.Events.Count)
            {
                return again;
            }

            stored = again;
        }

        throw new TimeoutException($"The store did not settle within 30 s after the stall; the last read had {stored.Events.Count} events.");
    }

    /// <summary>Nearest-rank percentile of sorted times.</summary>
    private static TimeSpan Percentile(List<TimeSpan> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Tail(string output) => output.Length <= 4000 ? output : output[^4000..];
}
