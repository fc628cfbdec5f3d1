using Microsoft.Extensions.Time.Testing;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Infrastructure.Tests;

[TestClass]
public sealed class RfcStoreRoundTripTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task ProposeAsync_TwoRfcsInOneTeam_NumberedFromOneInOrder()
    {
        // Arrange
        var harness = await StoreHarness.CreateAsync();
        var service = harness.Service(new FakeTimeProvider(Start));
        var team = Sample.NewTeam();

        // Act
        var first = await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("First"), asDraft: false, CancellationToken.None);
        var second = await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("Second"), asDraft: false, CancellationToken.None);
        var otherTeam = await service.ProposeAsync(new CommandContext(Sample.Alice), Sample.NewTeam(), Sample.Proposal("Elsewhere"), asDraft: false, CancellationToken.None);

        // Assert
        Assert.AreEqual("RFC-0001", first.Rfc.Number.ToString());
        Assert.AreEqual("RFC-0002", second.Rfc.Number.ToString());
        Assert.AreEqual("RFC-0001", otherTeam.Rfc.Number.ToString());
    }

    [TestMethod]
    public async Task FindAsync_AfterAFullLifecycle_ReturnsEverythingThatWasSaved()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync();
        var service = harness.Service(clock);
        var team = new TeamId("19:weird/team#id?with|chars%@thread.tacv2");
        var created = await service.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal(windowDays: 3), asDraft: false, CancellationToken.None);
        var id = created.Rfc.Id;
        clock.Advance(TimeSpan.FromHours(1));
        await service.CastVoteAsync(new CommandContext(Sample.Carol), id, VoteKind.Object, "Retention too short", CancellationToken.None);
        await service.CastVoteAsync(new CommandContext(Sample.Carol), id, VoteKind.ApproveWithConcerns, "Fine with 14 days", CancellationToken.None);
        await service.CastVoteAsync(new CommandContext(Sample.Dana), id, VoteKind.Approve, null, CancellationToken.None);
        var concern = await service.RaiseConcernAsync(new CommandContext(Sample.Dana), id, "On-call load", "Who pages for broker disk alerts?", CancellationToken.None);
        await service.AddCommentAsync(new CommandContext(Sample.Carol), id, "Ünïcödé 日本語 and \"quotes\" survive", CommentSource.ThreadReply, CancellationToken.None);
        await service.ResolveConcernAsync(new CommandContext(Sample.Dana), id, concern.Rfc.Concerns[0].Id, "Platform team pages", CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(3));
        var resolved = await service.ResolveAsync(new CommandContext(Sample.Bob), id, Sample.Accept(), CancellationToken.None);

        // Act
        var loaded = await harness.AnotherInstance().Store.FindAsync(id, CancellationToken.None);

        // Assert
        Assert.IsNotNull(loaded);
        Assert.AreEqual(RfcState.Accepted, loaded.State);
        Assert.AreEqual(team, loaded.Team);
        Assert.AreEqual(Sample.Proposal().Context, loaded.Context);
        Assert.AreEqual(3, loaded.Options.Count);
        Assert.AreEqual(new Uri("https://contoso.example/incidents/2291"), loaded.Links[0].Url);
        Assert.AreEqual(Start.AddDays(3), loaded.Window!.ClosesAt);
        var carol = loaded.BallotOf(Sample.Carol)!;
        Assert.AreEqual(VoteKind.ApproveWithConcerns, carol.Current.Kind);
        CollectionAssert.AreEqual(new[] { VoteKind.Object, VoteKind.ApproveWithConcerns }, carol.History.Select(v => v.Kind).ToArray());
        Assert.AreEqual(ConcernStatus.Resolved, loaded.Concerns.Single().Status);
        Assert.AreEqual("Platform team pages", loaded.Concerns.Single().ClosingNote);
        Assert.AreEqual("Ünïcödé 日本語 and \"quotes\" survive", loaded.Comments.Single().Text);
        Assert.AreEqual(CommentSource.ThreadReply, loaded.Comments.Single().Source);
        Assert.AreEqual("DEC-0001", loaded.Decision!.Number.ToString());
        Assert.AreEqual(resolved.Rfc.Decision!.Rationale, loaded.Decision.Rationale);
        Assert.AreEqual(new VoteTally(1, 1, 0, 0), loaded.Decision.Tally);
        Assert.AreEqual(resolved.Rfc.LastSequence, loaded.LastSequence);
    }

    [TestMethod]
    public async Task ReadEventsAsync_AfterSeveralCommands_ReturnsTheWholeTrailInOrder()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync();
        var service = harness.Service(clock);
        var created = await service.ProposeAsync(new CommandContext(Sample.Alice), Sample.NewTeam(), Sample.Proposal(), asDraft: false, CancellationToken.None);
        await service.CastVoteAsync(new CommandContext(Sample.Carol), created.Rfc.Id, VoteKind.Approve, null, CancellationToken.None);
        await service.CloseEarlyAsync(new CommandContext(Sample.Bob), created.Rfc.Id, "Everyone who matters has voted", CancellationToken.None);

        // Act
        var events = await harness.Store.ReadEventsAsync(created.Rfc.Id, CancellationToken.None);

        // Assert
        CollectionAssert.AreEqual(new[] { typeof(RfcProposed), typeof(RfcOpened), typeof(VoteCast), typeof(RfcClosedEarly) }, events.Select(e => e.GetType()).ToArray());
        CollectionAssert.AreEqual(new long[] { 1, 2, 3, 4 }, events.Select(e => e.Sequence).ToArray());
        Assert.AreEqual(Sample.Carol, events[2].Actor);
    }

    [TestMethod]
    public async Task ResolveAsync_WithHundredsOfLongVotes_StoresARecordLargerThanOneColumn()
    {
        // Arrange: 300 votes with reasons at the limit make a decision record of ~150 KB, beyond one 64 KiB property.
        var clock = new FakeTimeProvider(Start);
        var harness = await StoreHarness.CreateAsync();
        var service = harness.Service(clock);
        var created = await service.ProposeAsync(new CommandContext(Sample.Alice), Sample.NewTeam(), Sample.Proposal(), asDraft: false, CancellationToken.None);
        var reason = new string('r', RfcLimits.ReasonMax);
        await Parallel.ForEachAsync(Enumerable.Range(0, 300), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await service.CastVoteAsync(new CommandContext(Sample.Person(i)), created.Rfc.Id, VoteKind.ApproveWithConcerns, reason, ct));

        // Act
        await service.ResolveAsync(new CommandContext(Sample.Bob), created.Rfc.Id, Sample.Accept("All in"), CancellationToken.None);
        var loaded = await harness.AnotherInstance().Store.FindAsync(created.Rfc.Id, CancellationToken.None);

        // Assert
        Assert.AreEqual(300, loaded!.Decision!.Votes.Count);
        Assert.IsTrue(loaded.Decision.Votes.All(v => v.Reason == reason));
        Assert.AreEqual(300, loaded.Ballots.Count);
    }

    [TestMethod]
    public async Task SettingsStore_NeverSaved_ReturnsDefaultsAndSavedSettingsRoundTrip()
    {
        // Arrange
        var harness = await StoreHarness.CreateAsync();
        var team = Sample.NewTeam();

        // Act
        var defaults = await harness.Settings.GetAsync(team, CancellationToken.None);
        await harness.Settings.SaveAsync(defaults with { DefaultWindowDays = 7, SharePointSite = "https://contoso.sharepoint.com/sites/eng" }, Sample.Alice, Start, CancellationToken.None);
        var saved = await harness.Settings.GetAsync(team, CancellationToken.None);

        // Assert
        Assert.AreEqual(5, defaults.DefaultWindowDays);
        Assert.AreEqual(24, defaults.RoutineResponseHours);
        Assert.AreEqual(48, defaults.DesignReviewResponseHours);
        Assert.AreEqual(7, saved.DefaultWindowDays);
        Assert.AreEqual("https://contoso.sharepoint.com/sites/eng", saved.SharePointSite);
    }

    [TestMethod]
    public async Task ProposeAsync_TeamDefaultWindowOfSevenDays_OpensForSevenWorkingDays()
    {
        // Arrange
        var harness = await StoreHarness.CreateAsync();
        var team = Sample.NewTeam();
        await harness.Settings.SaveAsync(new Core.Teams.TeamSettings(team, DefaultWindowDays: 7), Sample.Alice, Start, CancellationToken.None);

        // Act
        var created = await harness.Service(new FakeTimeProvider(Start)).ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal(), asDraft: false, CancellationToken.None);

        // Assert
        // Monday 09:00 UTC plus 7 working days (Monday to Friday) is Wednesday of the week after next.
        Assert.AreEqual(Start.AddDays(9), created.Rfc.Window!.ClosesAt);
    }
}
