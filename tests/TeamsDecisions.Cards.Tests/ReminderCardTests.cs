using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;
using static TeamsDecisions.Cards.Tests.CardInspect;

namespace TeamsDecisions.Cards.Tests;

[TestClass]
public sealed class ReminderCardTests
{
    private static readonly DateTimeOffset DueAt = new(2026, 11, 9, 16, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public void Reviewer_Default_SaysWhatIsDueWhenAndUnderWhichNorm()
    {
        // Arrange
        var rfc = Sample.Open();

        // Act
        var card = ReminderCards.Reviewer(rfc, DueAt, TimeSpan.FromHours(48));

        // Assert
        var text = Texts(card)[1];
        StringAssert.StartsWith(text, $"Your response to **RFC-0007** '");
        StringAssert.Contains(text, "is due {{DATE(2026-11-09T16:00:00Z, SHORT)}} {{TIME(2026-11-09T16:00:00Z)}} (design review: 48 h).");
    }

    [TestMethod]
    public void Reviewer_Buttons_RespondIsTheRefreshOfTheRfcSnoozeAndNotMeCarryTheRfc()
    {
        // Arrange
        var rfc = Sample.Open();

        // Act
        var card = ReminderCards.Reviewer(rfc, DueAt, TimeSpan.FromHours(48));

        // Assert
        CollectionAssert.AreEqual(new[] { "Respond", "Snooze 24 h", "I'm not the right reviewer" }, TopActionTitles(card).ToArray());
        var respond = (RefreshData)Executes(card, CardVerbs.Refresh).Single().Data!;
        Assert.AreEqual((rfc.Team.Value, 7), (respond.Team, respond.Rfc));
        var snooze = (SnoozeReminderData)Executes(card, CardVerbs.ReminderSnooze).Single().Data!;
        Assert.AreEqual((rfc.Team.Value, 7), (snooze.Team, snooze.Rfc));
        var notMe = ShowCard(card, "I'm not the right reviewer");
        var note = AllInputs(notMe).OfType<TextInput>().Single();
        Assert.AreEqual(InputIds.NotMeNote, note.Id);
        Assert.AreNotEqual(true, note.IsRequired, "The note is optional.");
        Assert.AreEqual(ReminderCards.NoteMaxLength, note.MaxLength);
        Assert.AreEqual(7, ((NotMeData)Executes(notMe, CardVerbs.ReminderNotMe).Single().Data!).Rfc);
    }

    [TestMethod]
    public void Reviewer_TitleWithMarkdown_Escaped()
    {
        // Arrange
        var rfc = Sample.Open();
        var title = rfc.Title;

        // Act
        var card = ReminderCards.Reviewer(rfc, DueAt, TimeSpan.FromHours(24));

        // Assert
        StringAssert.Contains(Texts(card)[1], Markdown.EscapeShort(title, 200));
        StringAssert.Contains(Texts(card)[1], "(design review: 24 h)");
    }

    [TestMethod]
    public void Decider_Default_SaysTheWindowClosedAndItIsTheirsToResolve()
    {
        // Arrange
        var rfc = Sample.WithActivity();

        // Act
        var card = ReminderCards.Decider(rfc);

        // Assert
        StringAssert.StartsWith(Texts(card)[1], "Comments on **RFC-0007** '");
        StringAssert.EndsWith(Texts(card)[1], "; it is yours to resolve.");
        StringAssert.Contains(Texts(card)[1], " closed {{DATE(");
        CollectionAssert.AreEqual(new[] { "Respond" }, TopActionTitles(card).ToArray());
    }

    [TestMethod]
    public void SnoozedAndToldAuthor_Answers_SayWhatHappens()
    {
        // Act
        var snoozed = ReminderCards.Snoozed(new Core.RfcNumber(7), DueAt);
        var told = ReminderCards.ToldAuthor(new Core.RfcNumber(7), Sample.Author);

        // Assert
        Assert.AreEqual("I'll remind you about **RFC-0007** on {{DATE(2026-11-09T16:00:00Z, SHORT)}} {{TIME(2026-11-09T16:00:00Z)}}.", Texts(snoozed).Single());
        Assert.AreEqual("Told Ada Author that you are not the right reviewer for **RFC-0007**.", Texts(told).Single());
    }
}
