using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Core.Norms;
using static TeamsDecisions.Cards.Tests.CardInspect;

namespace TeamsDecisions.Cards.Tests;

[TestClass]
public sealed class ExplorationCardTests
{
    private const string Team = "19:a3f1c0de7b5e4c2f9d8e6b4a2c0e1f3d@thread.tacv2";
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);
    private static readonly UserRef Amelie = new("3c1f0a2e-5b7d-4e9f-8a1c-2d3e4f5a6b01", "Amélie **Laurent**");
    private static readonly UserRef Dana = new("3c1f0a2e-5b7d-4e9f-8a1c-2d3e4f5a6b02", "Dana Scott");
    private static readonly UserRef Wei = new("3c1f0a2e-5b7d-4e9f-8a1c-2d3e4f5a6b03", "Tan Wei");

    private static WorkingTime NineToFive(string zone) => new(TimeZoneInfo.FindSystemTimeZoneById(zone), WeekDaysExtensions.MondayToFriday, new TimeOnly(9, 0), new TimeOnly(17, 0));

    [TestMethod]
    public void Slots_NoCommonHour_SaysSoNamesWhoPaysAndOffersOneBookPerSlot()
    {
        // Arrange
        var proposal = ExplorationSlots.Propose(
            NineToFive("Europe/Paris"),
            [new(Amelie, NineToFive("Europe/Paris"), []), new(Dana, NineToFive("America/New_York"), []), new(Wei, NineToFive("Asia/Singapore"), [])],
            Monday);
        var request = new ExplorationRequest(Team, "session-1", "Event streaming", "Order events get lost.", Amelie, "Europe/Paris", [Dana, Wei]);

        // Act
        var card = ExplorationCards.Slots(request, proposal);

        // Assert
        var texts = Texts(card);
        Assert.Contains("No hour is inside everyone's working hours in the next 10 working days.", texts);
        Assert.Contains("Least bad: Dana Scott at 06:00 local, 3 h out of hours; Tan Wei at 19:00 local, 2 h 45 min out of hours", texts);
        Assert.Contains("Amélie **Laurent**: Mon 12:00–12:45 Europe/Paris, in hours", texts, "Names are shown as typed, never as markdown.");
        var books = Executes(card, CardVerbs.ExplorePick).ToList();
        CollectionAssert.AreEqual(new[] { "Book slot 1", "Book slot 2", "Book slot 3" }, books.Select(b => b.Title).ToArray());
        Assert.IsTrue(books.All(b => b.AssociatedInputs == AssociatedInputs.None));
        var first = (ExplorePickData)books[0].Data!;
        Assert.AreEqual("2026-12-07T11:00:00Z", first.Start);
        Assert.AreEqual(Amelie.Id, first.Organizer);
        Assert.AreEqual($"{Dana.Id},{Wei.Id}", first.Invitees);
        Assert.AreEqual("Europe/Paris", first.Zone);
    }

    [TestMethod]
    public void NewRfcForm_ExploreFirst_SendsTheFormsDataWithItsInputsAndTheProposalIsNotRequiredByTheClient()
    {
        // Act
        var card = NewRfcForm.Build(Team, [new ChannelChoice(Team, "General")], 5, new NewRfcFormValues(FormId: "form-1"));

        // Assert
        var explore = Executes(card, CardVerbs.Explore).Single();
        Assert.AreEqual("Explore first", explore.Title);
        Assert.AreEqual(new NewRfcData { Team = Team, FormId = "form-1" }, explore.Data);
        Assert.AreNotEqual(AssociatedInputs.None, explore.AssociatedInputs, "It carries what was typed.");
        Assert.AreNotEqual(true, Input<TextInput>(card, InputIds.Proposal).IsRequired);
    }

    [TestMethod]
    [DataRow(0, "0 min")]
    [DataRow(45, "45 min")]
    [DataRow(60, "1 h")]
    [DataRow(165, "2 h 45 min")]
    public void Minutes_Shown_InHoursAndMinutes(int minutes, string shown) => Assert.AreEqual(shown, ExplorationCards.Minutes(minutes));
}
