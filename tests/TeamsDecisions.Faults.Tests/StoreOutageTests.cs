using TeamsDecisions.Testing;

namespace TeamsDecisions.Faults.Tests;

/// <summary>
/// The store goes away in the middle of a burst of votes and comes back: the app process keeps running against the
/// same connection string, Azurite is stopped (its tables saved to its data folder) and started again on the same
/// folder and port. Whatever each voter was told must be true of what is stored afterwards.
/// </summary>
[TestClass]
public sealed class StoreOutageTests
{
    private const int Voters = 500;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task VoteBurst_StoreStopsMidBurstThenRestarts_EveryAnswerTrueAndTheRfcWhole()
    {
        // Arrange: the app as its own process on a persistent Azurite; RFC-0001 open in the team.
        await using var azurite = await Azurite.StartPersistentAsync();
        await using var connector = await StubConnector.StartAsync();
        var prefix = "out" + Guid.NewGuid().ToString("N")[..10];
        await using var app = await AppProcess.StartAsync(azurite.ConnectionString, prefix);
        var team = Sample.NewTeam();
        await using var seeding = new StoreView(azurite.ConnectionString, prefix);
        var rfc = await seeding.SeedOpenRfcAsync(team, connector.ServiceUrl);
        using var burst = new VoteBurst(app.BotEndpoint, connector.ServiceUrl, rfc, Voters);

        // Act: 500 people vote at once; after the first 100 answers the store stops, stays down until a voter has
        // been told their vote was not saved, and starts again on the same data folder and port.
        var voting = burst.SendAsync(burst.Voters);
        await burst.AnsweredAsync(100).WaitAsync(TimeSpan.FromSeconds(60), TestContext.CancellationToken);
        await azurite.StopAsync(graceful: true);
        var refused = await burst.FirstNotSaved.WaitAsync(TimeSpan.FromSeconds(60), TestContext.CancellationToken);
        await azurite.RestartAsync();
        var outcomes = await voting.WaitAsync(TimeSpan.FromSeconds(100), TestContext.CancellationToken);
        await using var view = new StoreView(azurite.ConnectionString, prefix);
        var stored = await view.ReadAsync(rfc);

        // Those told "not saved, try again" do so once the store is back: the app reconnects without a restart.
        var tryAgain = outcomes.Where(o => o.Answer == VoteAnswer.NotSaved).Select(o => o.Voter).ToList();
        var retried = await burst.SendAsync(tryAgain).WaitAsync(TimeSpan.FromSeconds(100), TestContext.CancellationToken);

        // Assert: every voter got their card, a "not saved, try again" card, or (their vote was on the wire when the
        // answer was due) a "not confirmed, refresh to see" card; never anything else.
        var saved = outcomes.Where(o => o.Answer == VoteAnswer.Saved).ToList();
        var notSaved = outcomes.Where(o => o.Answer == VoteAnswer.NotSaved).ToList();
        var unconfirmed = outcomes.Where(o => o.Answer == VoteAnswer.Unconfirmed).ToList();
        var other = outcomes.Where(o => o.Answer is VoteAnswer.NoAnswer or VoteAnswer.Unexpected).ToList();
        var ballots = stored.Ballots;
        TestContext.WriteLine($"{saved.Count} saved, {notSaved.Count} not saved, {unconfirmed.Count} not confirmed ({unconfirmed.Count(o => ballots.ContainsKey(o.Voter.Id))} of them stored), {other.Count} other; {stored.Events.Count} events.");
        TestContext.WriteLine($"First 'not saved' answer: {refused.Detail}");
        Assert.IsEmpty(other, $"Every voter must get an answer they can act on; {other.Count} did not, e.g. {other.FirstOrDefault()?.Answer}: {other.FirstOrDefault()?.Detail}\n{Tail(app.Output)}");
        var retriedSaved = retried.Count(o => o.Answer == VoteAnswer.Saved);
        TestContext.WriteLine($"{tryAgain.Count} tried again after the restart: {retriedSaved} saved.");
        Assert.IsGreaterThan(0, retriedSaved, "Votes must be saved again once the store is back; the app reconnects without a restart.");
        Assert.IsEmpty(retried.Where(o => o.Answer is VoteAnswer.Unexpected or VoteAnswer.NoAnswer).ToList(), "Votes tried again get answers the voter can trust.");

        // Every acknowledged vote survived the outage and the restart, as the voter saw it.
        var lost = saved.Where(o => !ballots.TryGetValue(o.Voter.Id, out var kind) || kind != o.Voter.Kind).ToList();
        Assert.IsEmpty(lost, $"{lost.Count} voters were shown their vote, but it is not stored as shown, e.g. {lost.FirstOrDefault()?.Voter}.");

        // A voter told "not saved" is not in the tally: otherwise they would vote again believing nothing counted.
        var savedAfterAll = notSaved.Where(o => ballots.ContainsKey(o.Voter.Id)).ToList();
        Assert.IsEmpty(savedAfterAll, $"{savedAfterAll.Count} voters were told their vote was not saved, but it is stored, e.g. {savedAfterAll.FirstOrDefault()?.Voter}.");

        // Nothing counted twice, nothing from elsewhere, and the RFC is whole.
        var twice = stored.VoteEvents.Where(v => v.Value != 1).ToList();
        Assert.IsEmpty(twice, $"{twice.Count} voters have more than one vote in the audit trail, e.g. {twice.FirstOrDefault()}.");
        var strangers = ballots.Keys.Except(burst.Voters.Select(v => v.Id), StringComparer.OrdinalIgnoreCase).ToList();
        Assert.IsEmpty(strangers, "Only the burst's voters voted.");
        stored.AssertWhole();
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task Vote_StoreCommitsThenGoesAwayBeforeAnswering_AnswerDoesNotSayItWasNotSaved()
    {
        // Arrange: the app as its own process on a persistent Azurite; RFC-0001 open; the store will commit the next
        // transaction and go away before its answer reaches the app.
        await using var azurite = await Azurite.StartPersistentAsync();
        await using var connector = await StubConnector.StartAsync();
        var prefix = "lost" + Guid.NewGuid().ToString("N")[..10];
        await using var app = await AppProcess.StartAsync(azurite.ConnectionString, prefix);
        await using var seeding = new StoreView(azurite.ConnectionString, prefix);
        var rfc = await seeding.SeedOpenRfcAsync(Sample.NewTeam(), connector.ServiceUrl);
        using var burst = new VoteBurst(app.BotEndpoint, connector.ServiceUrl, rfc, voters: 1);
        var voter = burst.Voters[0];
        var lost = azurite.LoseNextTransactionAnswerAsync();

        // Act: one vote; its transaction commits, the answer is lost, and the store stays down past the app's
        // retries before it comes back.
        var voting = burst.SendAsync([voter]);
        await lost.WaitAsync(TimeSpan.FromSeconds(30), TestContext.CancellationToken);
        await azurite.StopAsync(graceful: true);
        var outcome = (await voting.WaitAsync(TimeSpan.FromSeconds(60), TestContext.CancellationToken)).Single();
        await azurite.RestartAsync();
        await using var view = new StoreView(azurite.ConnectionString, prefix);
        var stored = await view.ReadAsync(rfc);

        // Assert: the vote is stored, so the answer may show it, or say it could not be confirmed; it must not say
        // that the vote was not saved and nothing changed (the voter would vote again, or, for a comment, post twice).
        Assert.AreEqual(voter.Kind, stored.Ballots.GetValueOrDefault(voter.Id), "Precondition: the store committed the vote before going away.");
        stored.AssertWhole();
        Assert.AreNotEqual(VoteAnswer.Unexpected, outcome.Answer, outcome.Detail);
        Assert.IsFalse(
            outcome.Detail.Contains("was not saved", StringComparison.Ordinal) || outcome.Detail.Contains("Nothing was changed.", StringComparison.Ordinal),
            $"The vote is stored, but the voter was told: {outcome.Detail}");
    }

    private static string Tail(string output) => output.Length <= 4000 ? output : output[^4000..];
}
