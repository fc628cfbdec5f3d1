using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Norms;
using TeamsDecisions.Core.Teams;

namespace TeamsDecisions.Cards.Tests;

[TestClass]
public sealed class SettingsCardTests
{
    private static readonly TeamId Team = new("19:team@thread.tacv2");
    private static readonly TeamSettings Settings = TeamSettings.DefaultsFor(Team) with { TimeZone = "America/Argentina/Buenos_Aires" };

    [TestMethod]
    public void Build_ViewerMayChange_HasEveryInputAndSave()
    {
        // Act
        var card = SettingsCard.Build(Settings, new SettingsViewer(true, "You own this team."), []);

        // Assert
        var inputs = Inputs(card.Body).ToDictionary(i => i.Id!);
        CollectionAssert.AreEquivalent(
            new[] { InputIds.SettingsWindowDays, InputIds.SettingsRoutineHours, InputIds.SettingsDesignReviewHours, InputIds.SettingsTimeZone, InputIds.SettingsWorkingDays, InputIds.SettingsWorkdayStart, InputIds.SettingsWorkdayEnd, InputIds.SettingsReminderPercent },
            inputs.Keys.ToArray());
        var zone = (ChoiceSetInput)inputs[InputIds.SettingsTimeZone];
        Assert.AreEqual("America/Argentina/Buenos_Aires", zone.Value);
        Assert.IsTrue(zone.Choices.Any(c => c.Value == "America/Argentina/Buenos_Aires"), "The team's own zone is offered.");
        Assert.AreEqual("Monday,Tuesday,Wednesday,Thursday,Friday", ((ChoiceSetInput)inputs[InputIds.SettingsWorkingDays]).Value);
        Assert.AreEqual("08:00", ((TimeInput)inputs[InputIds.SettingsWorkdayStart]).Value);
        var save = (ExecuteAction)card.Actions!.Single();
        Assert.AreEqual(CardVerbs.SaveSettings, save.Verb);
        Assert.AreEqual(Team.Value, ((SettingsData)save.Data!).Team);
    }

    [TestMethod]
    public void Build_ViewerMayNotChange_IsReadOnlyWithTheExplanation()
    {
        // Act
        var card = SettingsCard.Build(Settings, new SettingsViewer(false, "Only the team's owners can change these."), []);

        // Assert
        Assert.IsEmpty(Inputs(card.Body).ToList());
        Assert.IsNull(card.Actions);
        var json = System.Text.Json.JsonSerializer.Serialize(card, CardJson.Options);
        StringAssert.Contains(json, "Only the team");
        StringAssert.Contains(json, "America/Argentina/Buenos");
    }

    [TestMethod]
    public void Build_Refused_ShowsTheProblemAndRefillsWhatWasTyped()
    {
        // Arrange
        var typed = SettingsCard.ToData(Settings) with { SettingsTimeZone = "Mars/Olympus", SettingsRoutineHours = 12 };

        // Act
        var card = SettingsCard.Build(Settings, new SettingsViewer(true, "You own this team."), [], typed, "The time zone is an IANA id.");

        // Assert
        var inputs = Inputs(card.Body).ToDictionary(i => i.Id!);
        Assert.AreEqual("Mars/Olympus", ((ChoiceSetInput)inputs[InputIds.SettingsTimeZone]).Value);
        Assert.AreEqual(12d, ((NumberInput)inputs[InputIds.SettingsRoutineHours]).Value);
        StringAssert.Contains(System.Text.Json.JsonSerializer.Serialize(card, CardJson.Options), "The time zone is an IANA id.");
    }

    [TestMethod]
    public void Build_Changes_ShowsTheLastThreeWithWhoAndWhichFields()
    {
        // Arrange
        var at = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
        var changes = Enumerable.Range(0, 5).Select(i => new TeamSettingsChange(Team, new UserRef($"u{i}", $"Person {i}"), at.AddDays(-i), [nameof(TeamSettings.TimeZone)], Settings)).ToList();

        // Act
        var json = System.Text.Json.JsonSerializer.Serialize(SettingsCard.Build(Settings, new SettingsViewer(false, "Read-only."), changes), CardJson.Options);

        // Assert
        StringAssert.Contains(json, "Person 2");
        Assert.DoesNotContain("Person 3", json);
        StringAssert.Contains(json, "time zone");
    }

    [TestMethod]
    public void Apply_CardValues_BecomeTheSettings()
    {
        // Arrange
        var data = SettingsCard.ToData(Settings) with { SettingsTimeZone = "Europe/Paris", SettingsWorkingDays = "Monday,Saturday", SettingsWorkdayStart = "09:30" };

        // Act
        var applied = SettingsCard.Apply(Settings, data).Validated();

        // Assert
        Assert.AreEqual("Europe/Paris", applied.TimeZone);
        Assert.AreEqual(WeekDays.Monday | WeekDays.Saturday, applied.WorkingDays);
        Assert.AreEqual(new TimeOnly(9, 30), applied.WorkdayStart);
    }

    [TestMethod]
    public void Apply_NotATime_IsRefusedNamingTheField()
    {
        // Act
        var refused = Assert.ThrowsExactly<DomainRuleException>(() => SettingsCard.Apply(Settings, SettingsCard.ToData(Settings) with { SettingsWorkdayEnd = "late" }));

        // Assert
        Assert.AreEqual(nameof(TeamSettings.WorkdayEnd), refused.Field);
    }

    private static IEnumerable<CardInput> Inputs(IEnumerable<CardElement> elements)
    {
        foreach (var element in elements)
        {
            var children = element switch
            {
                CardInput input => [input],
                Container c => Inputs(c.Items),
                ColumnSet s => s.Columns.SelectMany(c => Inputs(c.Items)),
                _ => [],
            };
            foreach (var child in children)
            {
                yield return child;
            }
        }
    }
}
