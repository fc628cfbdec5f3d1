using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;
using static TeamsDecisions.Cards.Tests.CardInspect;

namespace TeamsDecisions.Cards.Tests;

[TestClass]
public sealed class RefusedCardTests
{
    [TestMethod]
    public void Build_RefusedObjection_BannerOnTopAndTheObjectFormRefilledInPlace()
    {
        // Arrange: an objection whose reason was too long to keep, say; what was typed must come back.
        var rfc = Sample.WithActivity();
        var refusal = new CardRefusal(
            CardVerbs.Vote,
            "Your vote was not saved",
            "An objection needs a reason.",
            "Say what would have to change for you to approve.",
            new Dictionary<string, string> { ["vote"] = "Object", [InputIds.ObjectReason] = "  ", ["team"] = Sample.Team.Value, ["rfc"] = "7" });

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(8), Sample.Reviewer3), refusal: refusal);

        // Assert: the banner comes first and says it once; the Object form holds what was typed, behind its own button
        // (in the body, its required reason would block every other button of the card).
        var banner = (Container)card.Body[0];
        Assert.AreEqual(ContainerStyle.Attention, banner.Style);
        CollectionAssert.AreEqual(new[] { "Your vote was not saved", "An objection needs a reason.", "Say what would have to change for you to approve.", "What you typed is kept: open **Object** again." }, banner.Items.OfType<TextBlock>().Select(t => t.Text).ToArray());
        Assert.AreEqual(1, AllText(card).Split("not saved").Length - 1, "Said once.");
        Assert.AreEqual("  ", Input<TextInput>(ShowCard(card, "Object"), InputIds.ObjectReason).Value);
        Assert.IsEmpty(OwnElements(card.Body).OfType<CardInput>(), "No input in the card's own body.");
    }

    [TestMethod]
    public void Build_RefusedOtherVote_RefillsTheChoiceAndReasonOfThatForm()
    {
        // Arrange
        var rfc = Sample.WithActivity();
        var refusal = new CardRefusal(CardVerbs.Vote, "Your vote was not saved", "Too long.", null, new Dictionary<string, string> { ["vote"] = "Abstain", [InputIds.VoteReason] = "On leave" });

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(8), Sample.Reviewer3), refusal: refusal);

        // Assert
        var form = ShowCard(card, "Other vote");
        Assert.AreEqual("Abstain", Input<ChoiceSetInput>(form, InputIds.Vote).Value);
        Assert.AreEqual("On leave", Input<TextInput>(form, InputIds.VoteReason).Value);
        Assert.IsNull(Input<TextInput>(ShowCard(card, "Object"), InputIds.ObjectReason).Value, "The Object form was not the one refused.");
    }

    [TestMethod]
    public void Build_RefusedConcernResolution_RefillsTheFormUnderTheConcerns()
    {
        // Arrange: the resolve-a-concern form lives in the body, not in the action bar.
        var rfc = Sample.WithActivity();
        var refusal = new CardRefusal(CardVerbs.ResolveConcern, "The concern was not marked resolved", "Say how it was addressed.", null, new Dictionary<string, string> { [InputIds.ConcernId] = "1", [InputIds.ConcernNoteInput] = "x" });

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(8), Sample.Decider), refusal: refusal);

        // Assert
        var form = ShowCard(card, "Resolve a concern");
        Assert.AreEqual("1", Input<ChoiceSetInput>(form, InputIds.ConcernId).Value);
        Assert.AreEqual("x", Input<TextInput>(form, InputIds.ConcernNoteInput).Value);
    }

    [TestMethod]
    public void Build_RefusedFormNoLongerOnTheCard_ShowsWhatWasTypedInTheBanner()
    {
        // Arrange: the window closed meanwhile, so there is no Object button to put the reason back into.
        var rfc = Sample.WithActivity();
        var refusal = new CardRefusal(CardVerbs.Vote, "Your vote was not saved", "The comment window has closed.", null, new Dictionary<string, string> { ["vote"] = "Object", [InputIds.ObjectReason] = "Retention *too* short" });

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.After, Sample.Reviewer3), refusal: refusal);

        // Assert
        var banner = (Container)card.Body[0];
        var typed = banner.Items.OfType<FactSet>().Single().Facts.Single();
        Assert.AreEqual("Object reason", typed.Title);
        Assert.AreEqual(Markdown.Escape("Retention *too* short"), typed.Value);
    }
}
