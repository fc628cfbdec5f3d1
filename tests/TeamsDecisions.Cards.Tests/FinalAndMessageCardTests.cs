using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;
using static TeamsDecisions.Cards.Tests.CardInspect;

namespace TeamsDecisions.Cards.Tests;

[TestClass]
public sealed class FinalAndMessageCardTests
{
    private static readonly Uri Page = new("https://contoso.sharepoint.com/sites/eng/SitePages/dec-0042.aspx");
    private static readonly Uri Log = new("https://contoso.sharepoint.com/sites/eng/SitePages/decision-log.aspx");

    [TestMethod]
    public void FinalCard_Accepted_ShowsOutcomeWithTheChosenOption()
    {
        // Arrange
        var rfc = Sample.Accepted();

        // Act
        var card = FinalCard.Build(rfc, new CardLinks(Page, Log));

        // Assert
        Assert.AreEqual("DEC-0042 · ACCEPTED", Texts(card)[0]);
        Assert.Contains("Outcome: Accepted — Kafka", Texts(card));
        Assert.Contains("Not chosen: Service Bus · Outbox", Texts(card));
        Assert.Contains("Concerns: 1 resolved · 2 overruled", Texts(card));
        Assert.AreEqual(TextWeight.Bolder, Rich(card, "Outcome: Accepted — Kafka").Inlines[0].Weight, "The label is bold.");
        Assert.IsEmpty(Facts(card), "Option names are user text: no FactSet (markdown) holds them.");
        Assert.AreEqual(Sample.Rationale, Texts(card)[Texts(card).ToList().IndexOf("Why") + 1]);
    }

    [TestMethod]
    public void FinalCard_Rejected_OutcomeHasNoChosenOption()
    {
        // Arrange
        var rfc = Sample.WithActivity();
        rfc.Resolve(Sample.Decider, new ResolutionRequest(DecisionOutcome.Rejected, Sample.Rationale, null, [.. Sample.OptionNames.Select(o => new AlternativeNotChosen(o, "Not now."))], null, []), new DecisionNumber(43), Sample.After);

        // Act
        var card = FinalCard.Build(rfc, new CardLinks(Page, Log));

        // Assert
        Assert.Contains("Outcome: Rejected", Texts(card));
        Assert.AreEqual("DEC-0043 · REJECTED", Texts(card)[0]);
    }

    [TestMethod]
    public void FinalCard_LongRationale_IsCutToTheSummaryLength()
    {
        // Arrange
        var rationale = string.Concat(Enumerable.Repeat("Replay and durability decided it. ", 100))[..RfcLimits.RationaleMax];
        var rfc = Sample.Accepted(rationale);

        // Act
        var card = FinalCard.Build(rfc, new CardLinks(Page, Log));

        // Assert
        var why = Texts(card)[Texts(card).ToList().IndexOf("Why") + 1];
        Assert.IsLessThanOrEqualTo(FinalCard.RationaleLength, why.Length);
        Assert.IsGreaterThan(FinalCard.RationaleLength - 40, why.Length);
        StringAssert.EndsWith(why, "…");
        StringAssert.StartsWith(why, "Replay and durability decided it. Replay");
    }

    [TestMethod]
    public void FinalCard_PageAndLog_AreLinkButtons()
    {
        // Arrange
        var rfc = Sample.Accepted();

        // Act
        var card = FinalCard.Build(rfc, new CardLinks(Page, Log));

        // Assert
        var links = card.Actions!.OfType<OpenUrlAction>().ToList();
        Assert.HasCount(2, links);
        Assert.AreEqual(Page, links[0].Url);
        Assert.AreEqual("Read DEC-0042", links[0].Title);
        Assert.AreEqual(Log, links[1].Url);
        Assert.AreEqual("Decision log", links[1].Title);
        Assert.IsFalse(Texts(card).Any(t => t.Contains("being published", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void FinalCard_PageNotPublishedYet_SaysSoAndKeepsTheLogButton()
    {
        // Arrange
        var rfc = Sample.Accepted();

        // Act
        var card = FinalCard.Build(rfc, new CardLinks(null, Log));

        // Assert
        Assert.Contains("The decision page is being published; its link appears here when it is ready.", Texts(card));
        var link = card.Actions!.OfType<OpenUrlAction>().Single();
        Assert.AreEqual(Log, link.Url);
    }

    [TestMethod]
    public void FinalCard_PublishingStatusGiven_IsShownInsteadOfTheDefaultNote()
    {
        // Arrange
        var rfc = Sample.Accepted();

        // Act
        var card = FinalCard.Build(rfc, new CardLinks(null, null, "Publishing is failing; it is retried automatically."));

        // Assert
        Assert.Contains("Publishing is failing; it is retried automatically.", Texts(card));
        Assert.IsNull(card.Actions);
    }

    [TestMethod]
    public void FinalCard_Superseded_SaysByWhichDecision()
    {
        // Arrange
        var rfc = Sample.Accepted();
        rfc.MarkSuperseded(Sample.Decider, new DecisionNumber(57), Sample.After.AddDays(100));

        // Act
        var card = FinalCard.Build(rfc, new CardLinks(Page, Log));

        // Assert
        Assert.AreEqual("DEC-0042 · SUPERSEDED", Texts(card)[0]);
        Assert.Contains("Superseded by **DEC-0057**. Read that decision for the current answer.", Texts(card));
    }

    [TestMethod]
    public void FinalCard_SupersedesAnEarlierDecision_SaysWhich()
    {
        // Arrange
        var rfc = Sample.Accepted(supersedes: new DecisionNumber(12));

        // Act
        var card = FinalCard.Build(rfc, new CardLinks(Page, Log));

        // Assert
        Assert.Contains("Supersedes: DEC-0012", Texts(card));
        Assert.IsFalse(Texts(card).Any(t => t.StartsWith("Superseded by", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void FinalCard_WithdrawnByAuthor_SaysWhoWithdrewAndWhy()
    {
        // Arrange
        var rfc = Sample.WithActivity();
        rfc.Withdraw(Sample.Author, "Folded into the broader messaging RFC.", Sample.During.AddHours(9));

        // Act
        var card = FinalCard.Build(rfc, CardLinks.None);

        // Assert
        Assert.AreEqual("RFC-0007 · WITHDRAWN", Texts(card)[0]);
        Assert.Contains("Ada Author withdrew this RFC: Folded into the broader messaging RFC.", Texts(card));
        Assert.IsEmpty(Facts(card));
        Assert.IsEmpty(AllExecutes(card).Where(a => a.Verb != CardVerbs.Refresh));
    }

    [TestMethod]
    public void FinalCard_WithdrawnByAuthorWithADecisionLog_OffersTheDecisionLogButton()
    {
        // Arrange: the gallery's final-withdrawn-by-author passes the log link; the card should carry it.
        var rfc = Sample.WithActivity();
        rfc.Withdraw(Sample.Author, "Folded into the broader messaging RFC.", Sample.During.AddHours(9));

        // Act
        var card = FinalCard.Build(rfc, new CardLinks(null, Log));

        // Assert
        Assert.IsNotNull(card.Actions);
        Assert.AreEqual(Log, card.Actions.OfType<OpenUrlAction>().Single().Url);
    }

    [TestMethod]
    public void FinalCard_RfcStillOpen_DoesNotClaimItWasWithdrawn()
    {
        // Arrange: an unresolved RFC has neither a decision nor a withdrawal.
        var rfc = Sample.WithActivity();

        // Act
        AdaptiveCard? card = null;
        try
        {
            card = FinalCard.Build(rfc, CardLinks.None);
        }
        catch (ArgumentException)
        {
            // Refusing is an acceptable answer.
        }

        // Assert
        Assert.IsFalse(card is not null && Texts(card).Any(t => t.Contains("withdrew", StringComparison.Ordinal)), "An open RFC was shown as withdrawn.");
    }

    [TestMethod]
    public void FinalCard_Refresh_StillPointsAtTheRfc()
    {
        // Arrange
        var rfc = Sample.Accepted();

        // Act
        var card = FinalCard.Build(rfc, new CardLinks(Page, Log));

        // Assert
        var refresh = (ExecuteAction)card.Refresh!.Action;
        Assert.AreEqual(CardVerbs.Refresh, refresh.Verb);
        Assert.AreEqual(7, ((RefreshData)refresh.Data!).Rfc);
    }

    [TestMethod]
    public void Error_WithFix_SaysWhatWhyHowToFixAndThatNothingChanged()
    {
        // Act
        var card = MessageCards.Error("Your vote was not saved", "An objection needs a reason.", "Choose Object and fill in the reason.");

        // Assert
        var texts = Texts(card);
        Assert.AreEqual("⚠ Your vote was not saved", texts[0]);
        Assert.AreEqual("An objection needs a reason.", texts[1]);
        Assert.Contains("How to fix it: Choose Object and fill in the reason.", texts);
        Assert.AreEqual("Nothing was changed.", texts[^1]);
        Assert.IsNull(card.Actions);
    }

    [TestMethod]
    public void Error_WithoutFix_StillSaysNothingChanged()
    {
        // Act
        var card = MessageCards.Error("Couldn't save your comment", "This RFC is busy.");

        // Assert
        Assert.IsFalse(Texts(card).Any(t => t.Contains("How to fix it", StringComparison.Ordinal)));
        Assert.Contains("Nothing was changed.", Texts(card));
    }

    [TestMethod]
    [DataRow(SaveState.Unknown)]
    [DataRow(SaveState.AlreadySaid)]
    [DataRow(SaveState.NothingToSave)]
    public void Error_WhenNothingChangedIsNotKnownOrAlreadySaid_NeverClaimsIt(SaveState state)
    {
        // Act
        var card = MessageCards.Error("Not confirmed: the store is slow", "It may or may not have been saved.", "Refresh the card in a minute to see.", null, state);

        // Assert: a card that says "refresh to see whether it was saved" must not also say nothing changed.
        Assert.IsFalse(Texts(card).Any(t => t.Contains("Nothing was changed", StringComparison.Ordinal)), string.Join(" | ", Texts(card)));
    }

    [TestMethod]
    public void Error_WithWhatWasTyped_RepeatsItAsTypedSoNothingIsLost()
    {
        // Act
        const string typed = "Retention **14** days <at>All</at>";
        var card = MessageCards.Error("Your comment was not saved", "Not saved: the store is slow.", "Try again in a minute.", null, SaveState.NothingChanged, [new Fact("Comment", typed)]);

        // Assert: in runs, character for character; no TextBlock (markdown) holds it.
        var texts = Texts(card);
        Assert.Contains("What you typed", texts);
        Assert.IsTrue(Rich(card, "Comment").Inlines.All(r => r.Weight == TextWeight.Bolder));
        Assert.Contains(typed, texts);
        Assert.IsFalse(AllElements(card).OfType<TextBlock>().Any(t => t.Text.Contains("14", StringComparison.Ordinal)));
        Assert.AreEqual("Nothing was changed.", texts[^1]);
    }

    [TestMethod]
    public void Error_HostileText_IsShownAsTypedInPlainRuns()
    {
        // Act
        var card = MessageCards.Error("[Re-authorise](https://evil.example)", "<at>Everyone</at>", "**now**");

        // Assert: no backslashes; the brackets and asterisks stand alone in their runs, so no client reads a link or bold.
        Assert.AreEqual("⚠ [Re-authorise](https://evil.example)", Texts(card)[0]);
        Assert.AreEqual("<at>Everyone</at>", Texts(card)[1]);
        Assert.Contains("How to fix it: **now**", Texts(card));
        CollectionAssert.AreEqual(new[] { "How to fix it: ", "*", "*", "now", "*", "*" }, Rich(card, "How to fix it: **now**").Inlines.Select(r => r.Text).ToArray());
        Assert.IsFalse(Texts(card).Any(t => t.Contains('\\', StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Error_BackToAnRfc_OffersRefreshOfThatRfcWithoutInputs()
    {
        // Act
        var card = MessageCards.Error("Not saved", "Because.", backTo: (Sample.Team, new RfcNumber(7)));

        // Assert
        var back = (ExecuteAction)card.Actions!.Single();
        Assert.AreEqual(CardVerbs.Refresh, back.Verb);
        Assert.AreEqual("Back to RFC-0007", back.Title);
        Assert.AreEqual(AssociatedInputs.None, back.AssociatedInputs);
        var data = (RefreshData)back.Data!;
        Assert.AreEqual(Sample.Team.Value, data.Team);
        Assert.AreEqual(7, data.Rfc);
    }

    [TestMethod]
    [DataRow("", "why")]
    [DataRow("what", " ")]
    public void Error_BlankWhatOrWhy_IsRefused(string what, string why)
    {
        // Act & Assert
        Assert.ThrowsExactly<ArgumentException>(() => MessageCards.Error(what, why));
    }

    [TestMethod]
    public void Help_CommandsSection_ListsOnlyCommandsOfTheBot()
    {
        // Act
        var card = MessageCards.Help("TeamsDecisions");

        // Assert
        var commands = Facts(card).Select(f => f.Title.Replace('\u00A0', ' ')).ToArray();
        Assert.IsTrue(Facts(card).All(f => !f.Title.Contains(' ', StringComparison.Ordinal)), "Commands do not wrap inside.");
        CollectionAssert.AreEqual(new[] { "@TeamsDecisions rfc new", "@TeamsDecisions rfc list", "@TeamsDecisions explore kafka", "@TeamsDecisions meeting test", "@TeamsDecisions why kafka", "@TeamsDecisions my queue", "@TeamsDecisions digest on", "@TeamsDecisions settings", "@TeamsDecisions help" }, commands);
        var action = (ExecuteAction)card.Actions!.Single();
        Assert.AreEqual(CardVerbs.NewRfcForm, action.Verb);
        Assert.IsEmpty(AllInputs(card));
    }

    [TestMethod]
    public void Welcome_OffersProposeAnRfcAndShowsTheTeamNameAsTyped()
    {
        // Act
        var card = MessageCards.Welcome("R&D **core**", "TeamsDecisions");

        // Assert
        var action = (ExecuteAction)card.Actions!.Single();
        Assert.AreEqual("Propose an RFC", action.Title);
        Assert.AreEqual(CardVerbs.NewRfcForm, action.Verb);
        Assert.Contains("TeamsDecisions is ready in R&D **core**", Texts(card));
        Assert.AreEqual(TextSize.Large, Rich(card, "TeamsDecisions is ready in R&D **core**").Inlines[^1].Size);
        Assert.AreEqual("@TeamsDecisions rfc new", Fact(card, "Start"));
    }
}
