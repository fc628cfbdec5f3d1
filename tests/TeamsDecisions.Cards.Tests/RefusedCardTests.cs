using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;
using static TeamsDecisions.Cards.Tests.CardInspect;

namespace TeamsDecisions.Cards.Tests;

[TestClass]
public sealed class RefusedCardTests
{
    [TestMethod]
    public void Build_RefusedObjection_PutsTheObjectFormUnderABannerWithTheReasonRefilled()
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

        // Assert: the banner comes first, says it once, and the Object form sits right under it, no longer behind its button.
        var banner = (Container)card.Body[0];
        Assert.AreEqual(ContainerStyle.Attention, banner.Style);
        CollectionAssert.AreEqual(new[] { "Your vote was not saved", "An objection needs a reason.", "Say what would have to change for you to approve." }, banner.Items.OfType<TextBlock>().Select(t => t.Text).ToArray());
        Assert.AreEqual(1, AllText(card).Split("not saved").Length - 1, "Said once.");
        var form = (Container)card.Body[1];
        Assert.AreEqual("  ", form.Items.OfType<TextInput>().Single(i => i.Id == InputIds.ObjectReason).Value);
        Assert.AreEqual(nameof(Core.Rfcs.VoteKind.Object), ((VoteData)form.Items.OfType<ActionSet>().Single().Actions.OfType<ExecuteAction>().Single().Data!).Vote);
        Assert.IsFalse(card.Actions!.Any(a => a.Title == "Object"), "The form moved; its input ids stay unique.");
        Assert.AreEqual(1, AllInputs(card).Count(i => i.Id == InputIds.ObjectReason));
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
        var form = (Container)card.Body[1];
        Assert.AreEqual("Abstain", form.Items.OfType<ChoiceSetInput>().Single().Value);
        Assert.AreEqual("On leave", form.Items.OfType<TextInput>().Single().Value);
        Assert.IsTrue(card.Actions!.Any(a => a.Title == "Object"), "The Object form was not the one refused.");
    }

    [TestMethod]
    public void Build_RefusedConcernResolution_TakesTheFormFromUnderTheConcerns()
    {
        // Arrange: the resolve-a-concern form lives in the body, not in the action bar.
        var rfc = Sample.WithActivity();
        var refusal = new CardRefusal(CardVerbs.ResolveConcern, "The concern was not marked resolved", "Say how it was addressed.", null, new Dictionary<string, string> { [InputIds.ConcernId] = "1", [InputIds.ConcernNoteInput] = "x" });

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(8), Sample.Decider), refusal: refusal);

        // Assert
        var form = (Container)card.Body[1];
        Assert.AreEqual("1", form.Items.OfType<ChoiceSetInput>().Single().Value);
        Assert.AreEqual("x", form.Items.OfType<TextInput>().Single().Value);
        Assert.AreEqual(1, AllInputs(card).Count(i => i.Id == InputIds.ConcernNoteInput));
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
