using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TeamsDecisions.App.Notifications;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Testing;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// The decider's resolve form through /api/messages, submitted the way Teams does: the Record decision button's data
/// with every input's value merged in under its id. RFC-0001 is Alice's, Bob decides, Carol and Dana review; the
/// comment window is still open, so Bob says why he decides now. Concerns 1–3 are raised by Carol, Dana and Alice.
/// </summary>
[TestClass]
public sealed class ResolveFormTests
{
    private const string Rationale = "Kafka gives us replay and durability across restarts, and two teams already run it in production.";
    private const string OverruleReason = "The platform team owns the brokers and the runbook; paging is in their rotation from day one.";

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
    public async Task Resolve_TwoConcernsChosenWithOneReasonAndASupersededDecision_AcceptedWithThatReasonOnEach()
    {
        // Arrange: concern 2 was resolved by Dana; Bob overrules 1 and 3 with one reason and supersedes DEC-0001.
        var team = await app.InstallTeamAsync();
        var earlier = await AcceptedDecisionAsync(team);
        var rfc = await ProposeWithConcernsAsync(team);
        await Rfcs.ResolveConcernAsync(new CommandContext(Sample.Dana), rfc, 2, "Seven days of retention is enough for the backfill.", CancellationToken.None);
        var data = Filled(await FormAsync(rfc, team));
        data[InputIds.OverruleConcerns] = "1,3";
        data[InputIds.OverruleReason] = OverruleReason;
        data[InputIds.Supersedes] = earlier.ToString();

        // Act
        var card = await app.ActAsync(Sample.Bob, CardVerbs.Resolve, data, ActionOrigin.Thread(team));

        // Assert
        StringAssert.Contains(string.Join('\n', CardView.Texts(card)), "DEC-0002 · ACCEPTED");
        var stored = await app.FindAsync(rfc);
        Assert.AreEqual(RfcState.Accepted, stored.State);
        Assert.AreEqual("Kafka", stored.Decision!.ChosenOption);
        CollectionAssert.AreEqual(new[] { "Service Bus", "Status quo" }, stored.Decision.AlternativesNotChosen.Select(a => a.Option).ToArray());
        Assert.AreEqual(earlier, stored.Decision.Supersedes);
        CollectionAssert.AreEqual(
            new[] { (1, ConcernStatus.Overruled, OverruleReason), (2, ConcernStatus.Resolved, "Seven days of retention is enough for the backfill."), (3, ConcernStatus.Overruled, OverruleReason) },
            stored.Concerns.Select(c => (c.Id, c.Status, c.ClosingNote)).ToArray());
        Assert.AreEqual("The incident review needs an answer this week.", stored.EarlyCloseReason);
    }

    [TestMethod]
    public async Task Resolve_OverruleAll_EveryConcernTheFormListedIsOverruled()
    {
        // Arrange: "overrule all" is on and nothing is picked in the list.
        var team = await app.InstallTeamAsync();
        var rfc = await ProposeWithConcernsAsync(team);
        var data = Filled(await FormAsync(rfc, team));
        data[InputIds.OverruleAll] = "true";
        data[InputIds.OverruleConcerns] = string.Empty;
        data[InputIds.OverruleReason] = OverruleReason;

        // Act
        await app.ActAsync(Sample.Bob, CardVerbs.Resolve, data, ActionOrigin.Thread(team));

        // Assert
        var stored = await app.FindAsync(rfc);
        Assert.AreEqual(RfcState.Accepted, stored.State);
        Assert.HasCount(3, stored.Concerns);
        Assert.IsTrue(stored.Concerns.All(c => c.Status == ConcernStatus.Overruled && c.ClosingNote == OverruleReason && c.ClosedBy == Sample.Bob));
        Assert.HasCount(3, (await app.EventsAsync(rfc)).OfType<ConcernOverruled>().ToList());
    }

    [TestMethod]
    public async Task Resolve_AConcernLeftOpen_RefusedAndTheFormComesBackWithEverythingTypedAndNothingStored()
    {
        // Arrange: Bob overrules concern 1 only; 2 and 3 are still open, so accepting is refused.
        var team = await app.InstallTeamAsync();
        var rfc = await ProposeWithConcernsAsync(team);
        var data = Filled(await FormAsync(rfc, team));
        data[InputIds.OverruleConcerns] = "1";
        data[InputIds.OverruleReason] = OverruleReason;
        var before = await app.SnapshotAsync(rfc);

        // Act
        var card = await app.ActAsync(Sample.Bob, CardVerbs.Resolve, data, ActionOrigin.Thread(team));

        // Assert: the problem on top, and every input holds what Bob typed.
        var texts = CardView.Texts(card);
        CollectionAssert.Contains(texts, "The concern \"Schema evolution\" is still open. Resolve it or overrule it with a reason before accepting.", string.Join('\n', texts));
        var values = CardView.Walk(card).Where(e => ((string?)e["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true).ToDictionary(e => (string)e["id"]!, e => (string?)e["value"]);
        Assert.AreEqual("Accepted", values[InputIds.Outcome]);
        Assert.AreEqual("0", values[InputIds.ChosenOption]);
        Assert.AreEqual(Rationale, values[InputIds.Rationale]);
        Assert.AreEqual("No replay beyond the dead-letter queue.", values[InputIds.WhyNot(1)]);
        Assert.AreEqual("It is what loses events today.", values[InputIds.WhyNot(2)]);
        Assert.AreEqual("Three brokers; on-call learns Kafka basics.", values[InputIds.Consequences]);
        Assert.AreEqual("The incident review needs an answer this week.", values[InputIds.EarlyCloseReason]);
        Assert.AreEqual("1", values[InputIds.OverruleConcerns]);
        Assert.AreEqual("false", values[InputIds.OverruleAll]);
        Assert.AreEqual(OverruleReason, values[InputIds.OverruleReason]);
        Assert.AreEqual(before, await app.SnapshotAsync(rfc));
    }

    [TestMethod]
    public async Task Resolve_ConcernsChosenWithoutAReason_RefusedNamingTheConcernAndNothingStored()
    {
        // Arrange
        var team = await app.InstallTeamAsync();
        var rfc = await ProposeWithConcernsAsync(team);
        var data = Filled(await FormAsync(rfc, team));
        data[InputIds.OverruleAll] = "true";
        data[InputIds.OverruleReason] = "  ";
        var before = await app.SnapshotAsync(rfc);

        // Act
        var card = await app.ActAsync(Sample.Bob, CardVerbs.Resolve, data, ActionOrigin.Thread(team));

        // Assert
        CollectionAssert.Contains(CardView.Texts(card), "A reason to overrule \"On-call load\" is required.");
        Assert.AreEqual(before, await app.SnapshotAsync(rfc));
    }

    [TestMethod]
    public async Task Resolve_Accepted_ThreadReplyMentionsTheAuthorWithTheOutcomeAndTheRationale()
    {
        // Arrange: Alice's RFC, decided by Bob.
        var team = await app.InstallTeamAsync();
        var rfc = await app.ProposeAsync(team);
        var data = Filled(await FormAsync(rfc, team));
        var thread = ConversationIds.Thread(team.Value, RfcActionsApp.ThreadRoot);

        // Act
        await app.ActAsync(Sample.Bob, CardVerbs.Resolve, data, ActionOrigin.Thread(team));

        // Assert: one message in the RFC's thread mentions Alice, as text and as an entity that match; it came through
        // the notification outbox (the command nudged delivery), and a later delivery round sends nothing more.
        var sent = await app.SentAsync(thread, a => a.Text?.StartsWith("<at>Alice Martin</at>, ", StringComparison.Ordinal) == true);
        await app.Services.GetRequiredService<NotificationDeliveryService>().RunOnceAsync(CancellationToken.None);
        sent = await app.SentAsync(thread, a => a.Text?.StartsWith("<at>Alice Martin</at>, ", StringComparison.Ordinal) == true);
        var message = sent.Single();
        Assert.AreEqual("xml", message.TextFormat);
        StringAssert.StartsWith(message.Text, "<at>Alice Martin</at>, RFC-0001 was accepted by Bob Nowak (DEC-0001): " + Rationale);
        var mention = message.Entities!.Single();
        Assert.AreEqual("mention", mention.GetProperty("type").GetString());
        Assert.AreEqual("<at>Alice Martin</at>", mention.GetProperty("text").GetString());
        Assert.AreEqual(Sample.Alice.Id, mention.GetProperty("mentioned").GetProperty("id").GetString());
        Assert.AreEqual("Alice Martin", mention.GetProperty("mentioned").GetProperty("name").GetString());
    }

    [TestMethod]
    public async Task Resolve_SupersedingADecision_OldRfcThreadToldOnceWithTheOldDeciderMentioned()
    {
        // Arrange: Carol decided an earlier RFC, posted in its own thread; Bob supersedes its decision.
        var team = await app.InstallTeamAsync();
        var oldThread = ConversationIds.Thread(team.Value, "1730538400077");
        var old = (await Rfcs.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("Keep HTTP callbacks") with { Decider = Sample.Carol, RequiredReviewers = [Sample.Dana] }, asDraft: false, CancellationToken.None)).Rfc.Id;
        await Rfcs.AttachThreadAsync(new CommandContext(Sample.Alice), old, new ThreadReference(oldThread, "1730538400077", null), CancellationToken.None);
        var earlier = (await Rfcs.ResolveAsync(new CommandContext(Sample.Carol), old, Sample.Accept("Decided in the architecture review."), CancellationToken.None)).Rfc.Decision!.Number;
        var rfc = await app.ProposeAsync(team);
        var data = Filled(await FormAsync(rfc, team));
        data[InputIds.Supersedes] = earlier.ToString();

        // Act
        await app.ActAsync(Sample.Bob, CardVerbs.Resolve, data, ActionOrigin.Thread(team));

        // Assert: the notice arrives in the OLD RFC's thread without waiting for a delivery interval, mentioning Carol, once.
        static bool IsNotice(Activity a) => a.Text?.Contains(" is superseded by ", StringComparison.Ordinal) == true;
        var first = await app.SentAsync(oldThread, IsNotice);
        await app.Services.GetRequiredService<NotificationDeliveryService>().RunOnceAsync(CancellationToken.None);
        var notice = (await app.SentAsync(oldThread, IsNotice)).Single();
        Assert.HasCount(1, first);
        StringAssert.StartsWith(notice.Text, $"<at>Carol Tan</at>, <b>{earlier} Keep HTTP callbacks</b> is superseded by <b>");
        StringAssert.Contains(notice.Text, "(RFC-0002), decided by Bob Nowak.");
        Assert.AreEqual(Sample.Carol.Id, notice.Mentions().Single().Mentioned!.Id);
        Assert.IsEmpty(await app.SentAsync(ConversationIds.Thread(team.Value, RfcActionsApp.ThreadRoot), IsNotice), "Nothing about it in the new RFC's thread.");
    }

    private static RfcService Rfcs => app.Services.GetRequiredService<RfcService>();

    /// <summary>RFC-0001 open for comment with three concerns: 1 "On-call load" (Carol), 2 "Schema evolution" (Dana), 3 "Cost" (Alice).</summary>
    private static async Task<RfcId> ProposeWithConcernsAsync(TeamId team)
    {
        var rfc = await app.ProposeAsync(team, withConcernByCarol: true);
        await Rfcs.RaiseConcernAsync(new CommandContext(Sample.Dana), rfc, "Schema evolution", "How do consumers survive a schema change?", CancellationToken.None);
        await Rfcs.RaiseConcernAsync(new CommandContext(Sample.Alice), rfc, "Cost", null, CancellationToken.None);
        return rfc;
    }

    /// <summary>An earlier RFC of the team, accepted as DEC-0001: something to supersede.</summary>
    private static async Task<DecisionNumber> AcceptedDecisionAsync(TeamId team)
    {
        var id = await app.ProposeAsync(team);
        var result = await Rfcs.ResolveAsync(new CommandContext(Sample.Bob), id, Sample.Accept("Agreed in the architecture review."), CancellationToken.None);
        return result.Rfc.Decision!.Number;
    }

    /// <summary>The resolve form Bob gets from the Resolve button on his own card.</summary>
    private static async Task<JsonObject> FormAsync(RfcId rfc, TeamId team)
    {
        var open = await app.ButtonDataAsync(Sample.Bob, rfc, CardVerbs.ResolveForm) ?? throw new AssertFailedException("The decider's card offers no Resolve button.");
        return await app.ActAsync(Sample.Bob, CardVerbs.ResolveForm, open, ActionOrigin.Thread(team));
    }

    /// <summary>The Record decision button's data with Bob's answers merged in, as Teams sends it; no concern overruled yet.</summary>
    private static JsonObject Filled(JsonObject form)
    {
        var button = CardView.Walk(form).Single(e => (string?)e["type"] == "Action.Execute" && (string?)e["verb"] == CardVerbs.Resolve);
        var data = button["data"]!.DeepClone().AsObject();
        data[InputIds.Outcome] = "Accepted";
        data[InputIds.ChosenOption] = "0";
        data[InputIds.Rationale] = Rationale;
        data[InputIds.WhyNot(0)] = string.Empty;
        data[InputIds.WhyNot(1)] = "No replay beyond the dead-letter queue.";
        data[InputIds.WhyNot(2)] = "It is what loses events today.";
        data[InputIds.Consequences] = "Three brokers; on-call learns Kafka basics.";
        data[InputIds.EarlyCloseReason] = "The incident review needs an answer this week.";
        data[InputIds.OverruleAll] = "false";
        data[InputIds.OverruleConcerns] = string.Empty;
        data[InputIds.OverruleReason] = string.Empty;
        data[InputIds.Supersedes] = string.Empty;
        return data;
    }
}
