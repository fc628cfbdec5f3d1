using System.Text.Json.Nodes;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Testing;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// A button pressed twice on the same card arrives as two activities (two ids): it must store one entry, and the
/// same vote cast again is not a change. Driven through /api/messages with the data the card itself carries.
/// </summary>
[TestClass]
public sealed class DoublePressTests
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
    [DataRow(CardVerbs.Comment)]
    [DataRow(CardVerbs.RaiseConcern)]
    public async Task Submit_SameCardPressedTwice_OneEntryStoredAndBothAnswersAreTheCard(string verb)
    {
        // Arrange: Dana types into her card and presses the button twice before the first answer arrives.
        var team = await app.InstallTeamAsync();
        var rfc = await app.ProposeAsync(team);
        var data = await app.ButtonDataAsync(Sample.Dana, rfc, verb) ?? throw new AssertFailedException($"Her card offers no {verb} button.");
        data[InputIds.Comment] = "Measure consumer lag under the backfill before deciding.";
        data[InputIds.ConcernTitle] = "Consumer lag unknown";

        // Act
        var presses = await Task.WhenAll(
            app.ActAsync(Sample.Dana, verb, (JsonObject)data.DeepClone(), ActionOrigin.Thread(team)),
            app.ActAsync(Sample.Dana, verb, (JsonObject)data.DeepClone(), ActionOrigin.Thread(team)));

        // Assert
        var stored = await app.FindAsync(rfc);
        if (verb == CardVerbs.Comment)
        {
            Assert.HasCount(1, stored.Comments);
        }
        else
        {
            Assert.HasCount(1, stored.Concerns);
        }

        foreach (var card in presses)
        {
            Assert.IsFalse(CardView.Texts(card).Any(t => t.StartsWith('⚠')), string.Join('\n', CardView.Texts(card)));
        }
    }

    [TestMethod]
    public async Task Vote_SameVoteTwice_CountedOnceAndNotAChange()
    {
        // Arrange
        var team = await app.InstallTeamAsync();
        var rfc = await app.ProposeAsync(team);
        var data = await app.ButtonDataAsync(Sample.Carol, rfc, CardVerbs.Vote) ?? throw new AssertFailedException("Her card offers no Vote button.");
        data[InputIds.Vote] = nameof(VoteKind.Approve);

        // Act
        await app.ActAsync(Sample.Carol, CardVerbs.Vote, (JsonObject)data.DeepClone(), ActionOrigin.Thread(team));
        var again = await app.ActAsync(Sample.Carol, CardVerbs.Vote, (JsonObject)data.DeepClone(), ActionOrigin.Thread(team));

        // Assert: one vote, one event, no "changed from Approve to Approve".
        var votes = (await app.EventsAsync(rfc)).OfType<VoteCast>().Where(v => v.Actor!.Is(Sample.Carol)).ToList();
        Assert.HasCount(1, votes);
        Assert.HasCount(1, (await app.FindAsync(rfc)).BallotOf(Sample.Carol)!.History);
        Assert.IsFalse(CardView.Texts(again).Any(t => t.StartsWith('⚠')));
    }
}
