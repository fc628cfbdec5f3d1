using TeamsDecisions.Testing;

namespace TeamsDecisions.Faults.Tests;

/// <summary>
/// The app process is killed (SIGKILL) in the middle of a burst of votes and started again on the same store. The
/// answers that came back before the kill must be true of what is stored; every vote delivered again with the same
/// activity (as a retry that cannot know which answers arrived) must count once.
/// </summary>
[TestClass]
public sealed class AppKilledTests
{
    private const int Voters = 500;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task VoteBurst_AppKilledMidBurstThenRestarted_AnsweredVotesKeptAndRetriedVotesCountedOnce()
    {
        // Arrange: the app as its own process; RFC-0001 open in the team.
        await using var azurite = await Azurite.StartAsync();
        await using var connector = await StubConnector.StartAsync();
        var prefix = "kill" + Guid.NewGuid().ToString("N")[..10];
        await using var app = await AppProcess.StartAsync(azurite.ConnectionString, prefix);
        await using var view = new StoreView(azurite.ConnectionString, prefix);
        var rfc = await view.SeedOpenRfcAsync(Sample.NewTeam(), connector.ServiceUrl);
        using var burst = new VoteBurst(app.BotEndpoint, connector.ServiceUrl, rfc, Voters);

        // Act: 500 people vote at once; after the first 100 answers the app is killed and started again on the
        // same store. Then every vote is delivered again with its original activity id, answered or not.
        var voting = burst.SendAsync(burst.Voters);
        await burst.AnsweredAsync(100).WaitAsync(TimeSpan.FromSeconds(60), TestContext.CancellationToken);
        await app.KillAsync();
        var outcomes = await voting.WaitAsync(TimeSpan.FromSeconds(100), TestContext.CancellationToken);
        await app.RestartAsync();
        var afterRestart = await view.ReadAsync(rfc);
        // Like Teams redelivering, and people pressing the button again: whoever was not shown their vote tries again,
        // a few rounds, each answer a card they can trust.
        var retried = new List<VoteOutcome>();
        var pending = burst.Voters.ToList();
        for (var round = 0; round < 6 && pending.Count > 0; round++)
        {
            var answers = await burst.SendAsync(pending).WaitAsync(TimeSpan.FromSeconds(100), TestContext.CancellationToken);
            retried.AddRange(answers);
            pending = [.. answers.Where(o => o.Answer != VoteAnswer.Saved).Select(o => o.Voter)];
        }

        var final = await view.ReadAsync(rfc);

        // Assert: before the kill, every answer was the voter's card or a "not saved" card; the rest got none.
        var saved = outcomes.Where(o => o.Answer == VoteAnswer.Saved).ToList();
        var unanswered = outcomes.Where(o => o.Answer == VoteAnswer.NoAnswer).Select(o => o.Voter).ToList();
        TestContext.WriteLine($"Before the kill: {saved.Count} saved, {outcomes.Count(o => o.Answer == VoteAnswer.NotSaved)} not saved, {unanswered.Count} unanswered ({unanswered.Count(v => afterRestart.Ballots.ContainsKey(v.Id))} of those stored anyway).");
        var unexpected = outcomes.Where(o => o.Answer == VoteAnswer.Unexpected).ToList();
        Assert.IsEmpty(unexpected, $"Answers before the kill must be cards the voter can trust, e.g. {unexpected.FirstOrDefault()?.Detail}");
        Assert.IsNotEmpty(unanswered, "The kill must land mid-burst, cutting some requests.");

        // After the restart, before any retry: every acknowledged vote is stored as shown, once, and the RFC is whole.
        var lost = saved.Where(o => !afterRestart.Ballots.TryGetValue(o.Voter.Id, out var kind) || kind != o.Voter.Kind).ToList();
        Assert.IsEmpty(lost, $"{lost.Count} voters were shown their vote, but it is not stored as shown, e.g. {lost.FirstOrDefault()?.Voter}.");
        Assert.IsEmpty(afterRestart.VoteEvents.Where(v => v.Value != 1).ToList(), "Nobody voted twice, so nobody may have two votes stored.");
        afterRestart.AssertWhole();

        // Every redelivered vote is answered with the voter's card, and each counts once: 500 voters, 500 votes.
        var untrusted = retried.Where(o => o.Answer is VoteAnswer.Unexpected or VoteAnswer.NoAnswer).ToList();
        Assert.IsEmpty(untrusted, $"Every redelivered vote must be answered with a card the voter can trust, e.g. {untrusted.FirstOrDefault()?.Answer}: {untrusted.FirstOrDefault()?.Detail}\n{Tail(app.Output)}");
        Assert.IsEmpty(pending, $"After a few tries every voter must see their vote saved by the restarted app; {pending.Count} did not.\n{Tail(app.Output)}");
        TestContext.WriteLine($"Redelivered: {retried.Count} answers over the rounds, {retried.Count(o => o.Answer == VoteAnswer.NotSaved)} 'not saved (try again)', {retried.Count(o => o.Answer == VoteAnswer.Unconfirmed)} 'not confirmed'.");
        CollectionAssert.AreEquivalent(burst.Voters.Select(v => v.Id.ToUpperInvariant()).ToList(), final.Ballots.Keys.Select(k => k.ToUpperInvariant()).ToList(), "Every voter has exactly one ballot.");
        var twice = final.VoteEvents.Where(v => v.Value != 1).ToList();
        Assert.IsEmpty(twice, $"A vote delivered twice (before the kill and after the restart) must be stored once; {twice.Count} voters have more, e.g. {twice.FirstOrDefault()}.");
        var wrongKind = burst.Voters.Where(v => final.Ballots[v.Id] != v.Kind).ToList();
        Assert.IsEmpty(wrongKind, $"Each ballot holds the vote its voter cast, e.g. {wrongKind.FirstOrDefault()}.");
        Assert.AreEqual(Voters, final.Rfc.Tally.Total);
        final.AssertWhole();
    }

    private static string Tail(string output) => output.Length <= 4000 ? output : output[^4000..];
}
