using System.Text.Json.Nodes;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Testing;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// The window and lifecycle actions on the RFC card, through /api/messages: extend the window and close it early
/// (the decider), withdraw (the author), resolve a concern (its raiser or the decider). The right person presses the
/// button on their own card and gets the card in its new state; anyone else, pressing the same button's data, gets an
/// error card that names who may do it, and nothing is stored. RFC-0001 is Alice's, Bob decides, Carol and Dana
/// review; it opened at 09:00 UTC on 2 November 2026 for 5 days.
/// </summary>
[TestClass]
public sealed class RfcCardActionTests
{
    // Monday 2 November plus the default 5 working days (the test team keeps Monday to Friday, UTC).
    private const string OpenUntil = "2026-11-09T09:00:00Z";

    private static RfcActionsApp app = null!;

    [ClassInitialize]
    public static void Start(TestContext context)
    {
        _ = context;
        app = new RfcActionsApp();
    }

    [ClassCleanup]
    public static async Task StopAsync() => await app.DisposeAsync();

    [TestMethod]
    public async Task ExtendWindow_ByTheDecider_CardShowsTheNewClosingTimeAndTheWindowIsExtended()
    {
        // Arrange: Bob opens "Extend window" on his card, asks for 3 more days and says why.
        var team = await app.InstallTeamAsync();
        var rfc = await app.ProposeAsync(team);
        var data = await app.ButtonDataAsync(Sample.Bob, rfc, CardVerbs.ExtendWindow) ?? throw new AssertFailedException("The decider's card offers no Extend button.");
        data[InputIds.ExtendDays] = "3";
        data[InputIds.ExtendReason] = "Finance asked for time to review.";

        // Act
        var card = await app.ActAsync(Sample.Bob, CardVerbs.ExtendWindow, data, ActionOrigin.Thread(team));

        // Assert: his card says comments now close three working days later (Thursday), and so does the store.
        var texts = CardView.Texts(card);
        CollectionAssert.Contains(texts, "RFC-0001 · OPEN FOR COMMENT", string.Join('\n', texts));
        StringAssert.StartsWith(texts[0], "Your call once comments close {{DATE(2026-11-12T09:00:00Z, SHORT)}} {{TIME(2026-11-12T09:00:00Z)}} (in 10 days).");
        var stored = await app.FindAsync(rfc);
        Assert.AreEqual(RfcState.Open, stored.State);
        Assert.AreEqual(DateTimeOffset.Parse("2026-11-12T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture), stored.Window!.ClosesAt);
        var extended = (await app.EventsAsync(rfc))[^1] as CommentWindowExtended ?? throw new AssertFailedException("The last event is not the extension.");
        Assert.AreEqual(DateTimeOffset.Parse(OpenUntil, System.Globalization.CultureInfo.InvariantCulture), extended.PreviousClosesAt);
        Assert.AreEqual("Finance asked for time to review.", extended.Reason);
        Assert.AreEqual(Sample.Bob, extended.Actor);
    }

    [TestMethod]
    public async Task ExtendWindow_ByAReviewer_RefusedNamingTheDeciderAndNothingChanged()
    {
        // Arrange: Carol's card has no Extend button; she sends the decider's button data anyway (a forwarded card).
        var team = await app.InstallTeamAsync();
        var rfc = await app.ProposeAsync(team);
        Assert.IsNull(await app.ButtonDataAsync(Sample.Carol, rfc, CardVerbs.ExtendWindow), "Only the decider's card offers Extend.");
        var data = (await app.ButtonDataAsync(Sample.Bob, rfc, CardVerbs.ExtendWindow))!;
        data[InputIds.ExtendDays] = "3";
        var before = await app.SnapshotAsync(rfc);

        // Act
        var card = await app.ActAsync(Sample.Carol, CardVerbs.ExtendWindow, data, ActionOrigin.Thread(team));

        // Assert
        CardView.AssertRefusedOnCard(card, "The comment window was not extended", "Only the decider (Bob Nowak) can extend the comment window.");
        Assert.AreEqual(before, await app.SnapshotAsync(rfc));
    }

    [TestMethod]
    public async Task Vote_ObjectionWithABlankReason_AnswersTheSameCardWithABannerAndTheObjectFormRefilledAndStoresNothing()
    {
        // Arrange: Carol presses Object on her own card and sends only spaces as the reason.
        var team = await app.InstallTeamAsync();
        var rfc = await app.ProposeAsync(team);
        var card = await app.ActAsync(Sample.Carol, CardVerbs.Refresh, new JsonObject { ["team"] = rfc.Team.Value, ["rfc"] = rfc.Number.Value }, ActionOrigin.Thread(team));
        var objectButton = CardView.Walk(card).Single(e => (string?)e["type"] == "Action.Execute" && (string?)e["verb"] == CardVerbs.Vote && (string?)e["data"]?["vote"] == "Object");
        var data = objectButton["data"]!.DeepClone().AsObject();
        data[InputIds.ObjectReason] = "   ";
        var before = await app.SnapshotAsync(rfc);

        // Act
        var refused = await app.ActAsync(Sample.Carol, CardVerbs.Vote, data, ActionOrigin.Thread(team));

        // Assert: the banner says what to fix; the Object form behind its button holds what she typed.
        var texts = CardView.Texts(refused);
        Assert.AreEqual("Your vote was not saved", texts[0], string.Join('\n', texts));
        Assert.AreEqual("attention", (string?)refused["body"]![0]!["style"]);
        var objectForm = CardView.Walk(refused).Single(e => (string?)e["type"] == "Action.ShowCard" && (string?)e["title"] == "Object");
        var reason = CardView.Walk(objectForm.AsObject()).Single(e => (string?)e["id"] == InputIds.ObjectReason);
        Assert.AreEqual("   ", (string?)reason["value"]);
        Assert.AreEqual(before, await app.SnapshotAsync(rfc));
    }

    [TestMethod]
    public async Task Refresh_RequiredReviewerWhoHasNotResponded_SeesWhenTheirResponseIsDueUnderTheTeamsNorm()
    {
        // Arrange: opened Monday 2026-11-02 09:00 UTC as a design review; the team keeps the default 48 h norm.
        var team = await app.InstallTeamAsync();
        var rfc = await app.ProposeAsync(team);

        // Act
        var card = await app.ActAsync(Sample.Carol, CardVerbs.Refresh, new JsonObject { ["team"] = rfc.Team.Value, ["rfc"] = rfc.Number.Value }, ActionOrigin.Thread(team));

        // Assert: due two days later (Wednesday), in her own time zone through the client's DATE/TIME functions.
        var first = CardView.Texts(card)[0];
        StringAssert.StartsWith(first, "You haven't responded. Your response is due {{DATE(2026-11-04T09:00:00Z, SHORT)}} {{TIME(2026-11-04T09:00:00Z)}} (in 2 days; design review: 48 h).");
    }

    [TestMethod]
    public async Task Withdraw_ByTheAuthor_FinalCardShowsWithdrawnAndTheRfcIsWithdrawn()
    {
        // Arrange
        var team = await app.InstallTeamAsync();
        var rfc = await app.ProposeAsync(team);
        var data = await app.ButtonDataAsync(Sample.Alice, rfc, CardVerbs.Withdraw) ?? throw new AssertFailedException("The author's card offers no Withdraw button.");
        data[InputIds.WithdrawReason] = "Superseded by the platform-wide eventing RFC.";

        // Act
        var card = await app.ActAsync(Sample.Alice, CardVerbs.Withdraw, data, ActionOrigin.Thread(team));

        // Assert: the final card, with no way left to vote or comment; the RFC is withdrawn with her reason.
        var texts = CardView.Texts(card);
        CollectionAssert.Contains(texts, "RFC-0001 · WITHDRAWN", string.Join('\n', texts));
        CollectionAssert.Contains(texts, "Alice Martin withdrew this RFC: Superseded by the platform-wide eventing RFC.", string.Join('\n', texts));
        Assert.IsEmpty(CardView.ActionTitles(card).Intersect(["Vote", "Comment", "Raise concern"]).ToList());
        var stored = await app.FindAsync(rfc);
        Assert.AreEqual(RfcState.Withdrawn, stored.State);
        Assert.AreEqual("Superseded by the platform-wide eventing RFC.", stored.WithdrawalReason);
        Assert.IsInstanceOfType<RfcWithdrawn>((await app.EventsAsync(rfc))[^1]);
    }

    [TestMethod]
    public async Task Withdraw_ByTheDecider_RefusedNamingTheAuthorAndNothingChanged()
    {
        // Arrange: Bob decides but did not write the RFC; his card has no Withdraw, so he uses the shared card's data.
        var team = await app.InstallTeamAsync();
        var rfc = await app.ProposeAsync(team);
        Assert.IsNull(await app.ButtonDataAsync(Sample.Bob, rfc, CardVerbs.Withdraw), "Only the author's card offers Withdraw.");
        var data = (await app.ButtonDataAsync(Sample.Alice, rfc, CardVerbs.Withdraw))!;
        data[InputIds.WithdrawReason] = "Nobody has time for this quarter.";
        var before = await app.SnapshotAsync(rfc);

        // Act
        var card = await app.ActAsync(Sample.Bob, CardVerbs.Withdraw, data, ActionOrigin.Thread(team));

        // Assert
        CardView.AssertRefusedOnCard(card, "The RFC was not withdrawn", "Only the author (Alice Martin) can withdraw this RFC. The decider can resolve it as Withdrawn instead.");
        Assert.AreEqual(before, await app.SnapshotAsync(rfc));
    }

    [TestMethod]
    public async Task CloseEarly_ByTheDecider_CardShowsAwaitingDecisionAndTheWindowIsClosed()
    {
        // Arrange
        var team = await app.InstallTeamAsync();
        var rfc = await app.ProposeAsync(team);
        var data = await app.ButtonDataAsync(Sample.Bob, rfc, CardVerbs.CloseEarly) ?? throw new AssertFailedException("The decider's card offers no Close early button.");
        data[InputIds.CloseReason] = "Every required reviewer has voted";

        // Act
        var card = await app.ActAsync(Sample.Bob, CardVerbs.CloseEarly, data, ActionOrigin.Thread(team));

        // Assert: his card awaits his decision and no longer takes votes; the window closed now, with his reason.
        var texts = CardView.Texts(card);
        CollectionAssert.Contains(texts, "RFC-0001 · AWAITING DECISION", string.Join('\n', texts));
        CollectionAssert.Contains(texts, "The decider closed comments early on {{DATE(2026-11-02T09:00:00Z, SHORT)}}: Every required reviewer has voted", string.Join('\n', texts));
        Assert.AreEqual("Your call: comments are closed. Resolve RFC-0001.", texts[0]);
        Assert.DoesNotContain("Vote", CardView.ActionTitles(card));
        var stored = await app.FindAsync(rfc);
        Assert.AreEqual(RfcState.AwaitingDecision, stored.State);
        Assert.AreEqual(RfcActionsApp.Now, stored.Window!.ClosesAt);
        Assert.AreEqual("Every required reviewer has voted", stored.EarlyCloseReason);
        Assert.IsInstanceOfType<RfcClosedEarly>((await app.EventsAsync(rfc))[^1]);
    }

    [TestMethod]
    public async Task CloseEarly_ByTheAuthor_RefusedNamingTheDeciderAndNothingChanged()
    {
        // Arrange
        var team = await app.InstallTeamAsync();
        var rfc = await app.ProposeAsync(team);
        Assert.IsNull(await app.ButtonDataAsync(Sample.Alice, rfc, CardVerbs.CloseEarly), "Only the decider's card offers Close early.");
        var data = (await app.ButtonDataAsync(Sample.Bob, rfc, CardVerbs.CloseEarly))!;
        data[InputIds.CloseReason] = "I think we have heard enough.";
        var before = await app.SnapshotAsync(rfc);

        // Act
        var card = await app.ActAsync(Sample.Alice, CardVerbs.CloseEarly, data, ActionOrigin.Thread(team));

        // Assert
        CardView.AssertRefusedOnCard(card, "The comment window was not closed", "Only the decider (Bob Nowak) can close the comment window early.");
        Assert.AreEqual(before, await app.SnapshotAsync(rfc));
    }

    [TestMethod]
    [DataRow("Carol", DisplayName = "by Carol, who raised it")]
    [DataRow("Bob", DisplayName = "by Bob, the decider")]
    public async Task ResolveConcern_ByTheRaiserOrTheDecider_CardShowsItClosedAndTheConcernIsResolved(string who)
    {
        // Arrange: Carol raised "On-call load"; the one resolving it opens "Resolve this concern" on their own card.
        var team = await app.InstallTeamAsync();
        var rfc = await app.ProposeAsync(team, withConcernByCarol: true);
        var resolver = who == "Bob" ? Sample.Bob : Sample.Carol;
        var concern = (await app.FindAsync(rfc)).Concerns.Single();
        var data = await app.ButtonDataAsync(resolver, rfc, CardVerbs.ResolveConcern) ?? throw new AssertFailedException($"{resolver.DisplayName}'s card offers no way to resolve the concern.");
        data[InputIds.ConcernId] = concern.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        data[InputIds.ConcernNoteInput] = "Platform on-call takes the brokers; runbook linked in the thread.";

        // Act
        var card = await app.ActAsync(resolver, CardVerbs.ResolveConcern, data, ActionOrigin.Thread(team));

        // Assert: no open concern is left on the card, and the store records who resolved it and how.
        var texts = CardView.Texts(card);
        CollectionAssert.Contains(texts, "Open concerns (0) · 1 closed", string.Join('\n', texts));
        Assert.IsFalse(texts.Any(t => t.Contains("On-call load", StringComparison.Ordinal)), "A resolved concern is no longer listed as open.");
        var stored = (await app.FindAsync(rfc)).Concerns.Single();
        Assert.AreEqual(ConcernStatus.Resolved, stored.Status);
        Assert.AreEqual(resolver, stored.ClosedBy);
        Assert.AreEqual("Platform on-call takes the brokers; runbook linked in the thread.", stored.ClosingNote);
        Assert.IsInstanceOfType<ConcernResolved>((await app.EventsAsync(rfc))[^1]);
    }

    [TestMethod]
    public async Task ResolveConcern_ByAnotherReviewer_RefusedNamingTheRaiserAndTheDeciderAndNothingChanged()
    {
        // Arrange: Dana did not raise Carol's concern and does not decide; she sends Carol's button data anyway.
        var team = await app.InstallTeamAsync();
        var rfc = await app.ProposeAsync(team, withConcernByCarol: true);
        var concern = (await app.FindAsync(rfc)).Concerns.Single();
        Assert.IsNull(await app.ButtonDataAsync(Sample.Dana, rfc, CardVerbs.ResolveConcern), "Only the raiser's and the decider's cards offer to resolve a concern.");
        var data = (await app.ButtonDataAsync(Sample.Carol, rfc, CardVerbs.ResolveConcern))!;
        data[InputIds.ConcernId] = concern.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        data[InputIds.ConcernNoteInput] = "Looks fine to me.";
        var before = await app.SnapshotAsync(rfc);

        // Act
        var card = await app.ActAsync(Sample.Dana, CardVerbs.ResolveConcern, data, ActionOrigin.Thread(team));

        // Assert
        CardView.AssertRefusedOnCard(card, "The concern was not marked resolved", "Only Carol Tan, who raised it, or the decider (Bob Nowak) can resolve this concern.");
        Assert.AreEqual(before, await app.SnapshotAsync(rfc));
    }
}
