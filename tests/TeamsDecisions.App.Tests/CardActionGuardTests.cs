using System.Text.Json.Nodes;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Testing;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// A card action acts only on an RFC of the team it comes from, in the caller's tenant. Each action is sent by the
/// one person allowed to take it (Carol votes and resolves her concern, Dana comments and raises one, Bob extends and
/// closes early, Alice withdraws), so that only where it comes from can refuse it: from another team's channel, from
/// another tenant, or from a personal chat by someone the team's roster does not list. A refusal is an error card, and
/// nothing is stored.
/// </summary>
[TestClass]
public sealed class CardActionGuardTests
{
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
    [DataRow(CardVerbs.Vote, "Carol")]
    [DataRow(CardVerbs.Comment, "Dana")]
    [DataRow(CardVerbs.RaiseConcern, "Dana")]
    [DataRow(CardVerbs.ResolveConcern, "Carol")]
    [DataRow(CardVerbs.ExtendWindow, "Bob")]
    [DataRow(CardVerbs.CloseEarly, "Bob")]
    [DataRow(CardVerbs.Withdraw, "Alice")]
    public async Task CardAction_FromTheRfcsOwnThread_IsApplied(string verb, string actor)
    {
        // Arrange: the control case, proving each action below would be applied if it came from the right place.
        var team = await app.InstallTeamAsync();
        var rfc = await app.ProposeAsync(team, withConcernByCarol: true);
        var before = await app.FindAsync(rfc);

        // Act
        var card = await app.ActAsync(Person(actor), verb, await DataAsync(verb, rfc), ActionOrigin.Thread(team));

        // Assert
        var texts = CardView.Texts(card);
        Assert.IsFalse(texts.FirstOrDefault()?.StartsWith('⚠') ?? true, string.Join('\n', texts));
        Assert.Contains(t => t.StartsWith("RFC-0001 · ", StringComparison.Ordinal), texts, "The answer is the RFC's card.");
        Assert.IsGreaterThan(before.LastSequence, (await app.FindAsync(rfc)).LastSequence, "The action is stored.");
    }

    [TestMethod]
    [DataRow(CardVerbs.Vote, "Carol", "Your vote was not saved")]
    [DataRow(CardVerbs.Comment, "Dana", "Your comment was not saved")]
    [DataRow(CardVerbs.RaiseConcern, "Dana", "Your concern was not raised")]
    [DataRow(CardVerbs.ResolveConcern, "Carol", "The concern was not marked resolved")]
    [DataRow(CardVerbs.ExtendWindow, "Bob", "The comment window was not extended")]
    [DataRow(CardVerbs.CloseEarly, "Bob", "The comment window was not closed")]
    [DataRow(CardVerbs.Withdraw, "Alice", "The RFC was not withdrawn")]
    public async Task CardAction_DataNamesAnotherTeamsRfc_RefusedAndNeitherRfcChanged(string verb, string actor, string refused)
    {
        // Arrange: two teams of the same tenant, each with its RFC-0001; the card data names the other team's.
        var here = await app.InstallTeamAsync();
        var elsewhere = await app.InstallTeamAsync();
        var ours = await app.ProposeAsync(here, withConcernByCarol: true);
        var theirs = await app.ProposeAsync(elsewhere, withConcernByCarol: true);
        var oursBefore = await app.SnapshotAsync(ours);
        var theirsBefore = await app.SnapshotAsync(theirs);

        // Act
        var card = await app.ActAsync(Person(actor), verb, await DataAsync(verb, theirs), ActionOrigin.Thread(here));

        // Assert
        CardView.AssertRefused(card, refused, "RFC-0001 does not belong to this conversation. Open it from its own thread.");
        Assert.AreEqual(theirsBefore, await app.SnapshotAsync(theirs), "The other team's RFC must not change.");
        Assert.AreEqual(oursBefore, await app.SnapshotAsync(ours), "Nor may this team's RFC with the same number.");
    }

    [TestMethod]
    [DataRow(CardVerbs.Vote, "Carol", "Your vote was not saved")]
    [DataRow(CardVerbs.Comment, "Dana", "Your comment was not saved")]
    [DataRow(CardVerbs.RaiseConcern, "Dana", "Your concern was not raised")]
    [DataRow(CardVerbs.ResolveConcern, "Carol", "The concern was not marked resolved")]
    [DataRow(CardVerbs.ExtendWindow, "Bob", "The comment window was not extended")]
    [DataRow(CardVerbs.CloseEarly, "Bob", "The comment window was not closed")]
    [DataRow(CardVerbs.Withdraw, "Alice", "The RFC was not withdrawn")]
    public async Task CardAction_ActivityFromAnotherTenant_RefusedWithoutShowingTheRfcAndNothingChanged(string verb, string actor, string refused)
    {
        // Arrange: the team is stored with its tenant; the activity names the same team but comes from another tenant.
        var team = await app.InstallTeamAsync(RfcActionsApp.Tenant);
        var rfc = await app.ProposeAsync(team, withConcernByCarol: true);
        var before = await app.SnapshotAsync(rfc);

        // Act
        var card = await app.ActAsync(Person(actor), verb, await DataAsync(verb, rfc), ActionOrigin.Thread(team, RfcActionsApp.OtherTenant));

        // Assert
        CardView.AssertRefused(card, refused, "RFC-0001 does not exist in your organisation.");
        Assert.IsFalse(card.ToJsonString().Contains("Kafka", StringComparison.Ordinal), "Nothing of another tenant's RFC may be shown.");
        Assert.AreEqual(before, await app.SnapshotAsync(rfc));
    }

    [TestMethod]
    [DataRow(CardVerbs.Vote, "Carol", "Your vote was not saved")]
    [DataRow(CardVerbs.Comment, "Dana", "Your comment was not saved")]
    [DataRow(CardVerbs.RaiseConcern, "Dana", "Your concern was not raised")]
    [DataRow(CardVerbs.ResolveConcern, "Carol", "The concern was not marked resolved")]
    [DataRow(CardVerbs.ExtendWindow, "Bob", "The comment window was not extended")]
    [DataRow(CardVerbs.CloseEarly, "Bob", "The comment window was not closed")]
    [DataRow(CardVerbs.Withdraw, "Alice", "The RFC was not withdrawn")]
    public async Task CardAction_FromPersonalChatByANonMemberOfTheTeam_RefusedAndNothingChanged(string verb, string actor, string refused)
    {
        // Arrange: a card forwarded to the caller's personal chat with the bot still names the team's RFC; the
        // team's roster does not list the caller.
        var team = await app.InstallTeamAsync();
        var rfc = await app.ProposeAsync(team, withConcernByCarol: true);
        app.Roster(team, Sample.Person(9));
        var before = await app.SnapshotAsync(rfc);

        // Act
        var card = await app.ActAsync(Person(actor), verb, await DataAsync(verb, rfc), ActionOrigin.PersonalChat());

        // Assert
        CardView.AssertRefused(card, refused, "RFC-0001 does not belong to this conversation. Open it from its own thread.");
        Assert.AreEqual(before, await app.SnapshotAsync(rfc));
    }

    [TestMethod]
    public async Task Vote_FromPersonalChatByAMemberOfTheTeam_AppliedAndAnsweredWithTheirView()
    {
        // Arrange: a 1:1 reminder's card in Carol's personal chat; the team's roster lists her.
        var team = await app.InstallTeamAsync();
        var rfc = await app.ProposeAsync(team);
        app.Roster(team, Sample.Alice, Sample.Bob, Sample.Carol, Sample.Dana);
        var before = await app.FindAsync(rfc);

        // Act
        var card = await app.ActAsync(Sample.Carol, CardVerbs.Vote, await DataAsync(CardVerbs.Vote, rfc), ActionOrigin.PersonalChat());

        // Assert
        var texts = CardView.Texts(card);
        Assert.IsFalse(texts.FirstOrDefault()?.StartsWith('⚠') ?? true, string.Join('\n', texts));
        Assert.Contains(t => t.StartsWith("RFC-0001 · ", StringComparison.Ordinal), texts, "The answer is the RFC's card.");
        Assert.IsGreaterThan(before.LastSequence, (await app.FindAsync(rfc)).LastSequence, "The vote is stored.");
        Assert.IsTrue((await app.FindAsync(rfc)).Ballots.Any(b => b.Voter.Is(Sample.Carol)));
    }

    [TestMethod]
    public async Task Vote_FromPersonalChatInAnotherTenant_RefusedEvenForAMember()
    {
        // Arrange: the member's personal chat is in another tenant than the team's.
        var team = await app.InstallTeamAsync(RfcActionsApp.Tenant);
        var rfc = await app.ProposeAsync(team);
        app.Roster(team, Sample.Carol);
        var before = await app.SnapshotAsync(rfc);

        // Act
        var card = await app.ActAsync(Sample.Carol, CardVerbs.Vote, await DataAsync(CardVerbs.Vote, rfc), ActionOrigin.PersonalChat(RfcActionsApp.OtherTenant));

        // Assert
        CardView.AssertRefused(card, "Your vote was not saved", "RFC-0001 does not belong to this conversation. Open it from its own thread.");
        Assert.IsFalse(card.ToJsonString().Contains("Kafka", StringComparison.Ordinal), "Nothing of another tenant's RFC may be shown.");
        Assert.AreEqual(before, await app.SnapshotAsync(rfc));
    }

    private static UserRef Person(string name) => name switch
    {
        "Alice" => Sample.Alice,
        "Bob" => Sample.Bob,
        "Carol" => Sample.Carol,
        "Dana" => Sample.Dana,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    /// <summary>What the verb's button sends, with its inputs filled in as Teams merges them.</summary>
    private static async Task<JsonObject> DataAsync(string verb, RfcId rfc)
    {
        var data = new JsonObject { ["team"] = rfc.Team.Value, ["rfc"] = rfc.Number.Value };
        switch (verb)
        {
            case CardVerbs.Vote:
                data[InputIds.Vote] = nameof(VoteKind.Approve);
                break;
            case CardVerbs.Comment:
                data[InputIds.Comment] = "Billing already consumes Kafka in the EU region; we can reuse their runbooks.";
                break;
            case CardVerbs.RaiseConcern:
                data[InputIds.ConcernTitle] = "Schema evolution";
                data[InputIds.ConcernDetail] = "Who owns the order event schema and its compatibility rules?";
                break;
            case CardVerbs.ResolveConcern:
                // The shape cards posted before the one resolve-a-concern form sent: they still work.
                var concern = (await app.FindAsync(rfc)).Concerns.Single();
                data["concernId"] = concern.Id;
                data[InputIds.ConcernNote(concern.Id)] = "Platform on-call takes the brokers; runbook linked in the thread.";
                break;
            case CardVerbs.ExtendWindow:
                data[InputIds.ExtendDays] = "3";
                data[InputIds.ExtendReason] = "Finance asked for time to review.";
                break;
            case CardVerbs.CloseEarly:
                data[InputIds.CloseReason] = "Every required reviewer has voted.";
                break;
            case CardVerbs.Withdraw:
                data[InputIds.WithdrawReason] = "Superseded by the platform-wide eventing RFC.";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(verb), verb, null);
        }

        return data;
    }
}
