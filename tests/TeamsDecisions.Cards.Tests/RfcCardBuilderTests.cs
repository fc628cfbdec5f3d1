using System.Globalization;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;
using static TeamsDecisions.Cards.Tests.CardInspect;

namespace TeamsDecisions.Cards.Tests;

[TestClass]
public sealed class RfcCardBuilderTests
{
    private static readonly string[] DeciderVerbs = [CardVerbs.ResolveForm, CardVerbs.ExtendWindow, CardVerbs.CloseEarly];

    [TestMethod]
    public void Build_SharedCard_MarksNoVoteAndOffersApproveInOneTap()
    {
        // Arrange
        var rfc = Sample.WithActivity();

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(8)));

        // Assert
        Assert.IsFalse(Texts(card).Any(t => t.Contains("(you)", StringComparison.Ordinal)));
        Assert.IsFalse(Texts(card).Any(t => t.Contains("Your vote", StringComparison.Ordinal)));
        var approve = (ExecuteAction)card.Actions![0];
        Assert.AreEqual("Approve", approve.Title);
        Assert.AreEqual(ActionStyle.Positive, approve.Style);
        Assert.AreEqual(nameof(VoteKind.Approve), ((VoteData)approve.Data!).Vote);
        Assert.AreEqual(AssociatedInputs.None, approve.AssociatedInputs, "One tap: no form to fill in.");
    }

    [TestMethod]
    public void Build_ReviewerWhoHasNotVoted_ObjectAsksForItsReasonInline()
    {
        // Arrange
        var rfc = Sample.WithActivity();

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(8), Sample.Reviewer3));

        // Assert
        var objection = ShowCard(card, "Object");
        var reason = Input<TextInput>(objection, InputIds.ObjectReason);
        Assert.IsTrue(reason.IsRequired);
        var submit = Executes(objection, CardVerbs.Vote).Single();
        Assert.AreEqual(nameof(VoteKind.Object), ((VoteData)submit.Data!).Vote);
        var other = ShowCard(card, "Other vote");
        CollectionAssert.AreEqual(new[] { nameof(VoteKind.ApproveWithConcerns), nameof(VoteKind.Abstain) }, Input<ChoiceSetInput>(other, InputIds.Vote).Choices.Select(c => c.Value).ToArray());
        Assert.AreEqual(ActionMode.Secondary, card.Actions!.Single(a => a.Title == "Other vote").Mode);
    }

    [TestMethod]
    [DynamicData(nameof(Gallery.Names), typeof(Gallery))]
    public void GalleryCard_ActionBar_AtMostFourButtonsCountingTheOverflowAndSixInAll(string name)
    {
        // Arrange
        var card = Gallery.Card(name);
        var bar = card.Actions ?? [];

        // Act
        var buttons = bar.Count(a => a.Mode != ActionMode.Secondary) + (bar.Any(a => a.Mode == ActionMode.Secondary) ? 1 : 0);

        // Assert
        Assert.IsLessThanOrEqualTo(RfcCard.MaxVisibleActions, buttons, name);
        Assert.IsLessThanOrEqualTo(RfcCard.MaxActions, bar.Count, name);
    }

    [TestMethod]
    [DataRow("rfc-draft-author", "Open for comment")]
    [DataRow("rfc-open-reviewer-not-voted", "Approve")]
    [DataRow("rfc-open-concern-raiser", "Approve")]
    [DataRow("rfc-awaiting-decider", "Resolve")]
    [DataRow("rfc-closed-early-decider", "Resolve")]
    public void GalleryCard_PersonalView_MainActionComesFirstStyledPositive(string name, string main)
    {
        // Act
        var first = Gallery.Card(name).Actions![0];

        // Assert
        Assert.AreEqual(main, first.Title);
        Assert.AreEqual(ActionStyle.Positive, first.Style);
    }

    [TestMethod]
    [DataRow("rfc-open-author")]
    [DataRow("rfc-open-decider")]
    [DataRow("rfc-open-reviewer-voted")]
    [DataRow("rfc-awaiting-decider")]
    [DataRow("rfc-draft-author")]
    public void GalleryCard_PersonalView_HasNoRoleSuffixesAndOpensWithTheViewersJob(string name)
    {
        // Arrange
        var card = Gallery.Card(name);

        // Assert
        Assert.IsFalse(AllActions(card).Any(a => a.Title is { } t && (t.Contains("(author)", StringComparison.Ordinal) || t.Contains("(decider)", StringComparison.Ordinal))), name);
        var first = (Container)card.Body[0];
        Assert.AreEqual(ContainerStyle.Emphasis, first.Style);
        Assert.IsTrue(first.Items.OfType<RichTextBlock>().Single().Inlines.All(r => r.Weight == TextWeight.Bolder));
    }

    [TestMethod]
    public void Build_RequiredReviewerWithADueTime_OpensWithTheDueTimeAndItsNorm()
    {
        // Arrange: Reviewer3 has neither voted nor commented.
        var rfc = Sample.WithActivity();
        var due = new ResponseDue(Sample.Opened.AddDays(2), RfcKind.DesignReview, TimeSpan.FromHours(48));

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During, Sample.Reviewer3, due));

        // Assert: in the client's own time zone (DATE/TIME functions), with the norm it comes from.
        Assert.AreEqual("You haven't responded. Your response is due {{DATE(2026-03-04T10:00:00Z, SHORT)}} {{TIME(2026-03-04T10:00:00Z)}} (in 24 hours; design review: 48 h).", Texts(card)[0]);
    }

    [TestMethod]
    public void Build_SharedCard_ShowsTurnoutOfRequiredReviewers()
    {
        // Arrange: Reviewer1 voted, Reviewer2 commented, Reviewer3 did neither.
        var rfc = Sample.WithActivity();

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(8)));

        // Assert
        Assert.Contains(t => t.Contains("2 of 3 required reviewers responded.", StringComparison.Ordinal), Texts(card));
    }

    [TestMethod]
    public void Build_OpenRfc_DetailsAreHiddenBehindShowDetails()
    {
        // Arrange
        var rfc = Sample.WithActivity();

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(8), Sample.Reviewer1));

        // Assert: the proposal cut to about three lines, the context and facts hidden until the toggle swaps them.
        var summary = AllElements(card).OfType<RichTextBlock>().Single(t => t.Id == RfcCard.SummaryId);
        Assert.IsLessThanOrEqualTo(RfcCard.SummaryShown, Shown(summary).Length);
        var details = AllElements(card).OfType<Container>().Single(c => c.Id == RfcCard.DetailsId);
        Assert.IsFalse(details.IsVisible);
        Assert.Contains(t => t.StartsWith(rfc.Context[..30], StringComparison.Ordinal), details.Items.OfType<RichTextBlock>().Select(Shown));
        var toggles = AllActions(card).OfType<ToggleVisibilityAction>().ToList();
        CollectionAssert.AreEquivalent(new[] { "Show details", "Hide details" }, toggles.Select(t => t.Title).ToArray());
        Assert.IsTrue(toggles.All(t => t.TargetElements.Order().SequenceEqual(new[] { RfcCard.DetailsId, RfcCard.ShowDetailsId, RfcCard.SummaryId })), "Each swaps summary and details, and hides or shows the Show button.");
        Assert.IsTrue(details.Items.OfType<ActionSet>().Any(a => a.Actions.Any(t => t.Title == "Hide details")), "Hide details sits at the end of the details.");
    }

    [TestMethod]
    public void Build_ReviewerWhoVoted_MarksTheirVoteInTextAndTally()
    {
        // Arrange
        var rfc = Sample.WithActivity();

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(8), Sample.Reviewer1));

        // Assert
        var texts = Texts(card);
        Assert.Contains(t => t.Contains("Your vote: Approve with concerns", StringComparison.Ordinal), texts);
        Assert.Contains(t => t.Contains("(changed 1 time)", StringComparison.Ordinal), texts);
        var marked = texts.Where(t => t.EndsWith("(you)", StringComparison.Ordinal)).ToList();
        Assert.HasCount(1, marked);
        Assert.AreEqual("Approve with concerns (you)", marked[0]);
    }

    [TestMethod]
    public void Build_ReviewerWhoVoted_HighlightsTheirTallyCellWithEmphasisNotAColour()
    {
        // Arrange: Teams dark paints accent, good, warning and attention containers pale, a glaring cell among dark ones.
        var rfc = Sample.WithActivity();

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(8), Sample.Reviewer1));

        // Assert
        var styled = AllElements(card).OfType<ColumnSet>().SelectMany(s => s.Columns).Where(c => c.Style is not null).ToList();
        Assert.HasCount(1, styled);
        Assert.AreEqual(ContainerStyle.Emphasis, styled[0].Style);
        Assert.Contains("Approve with concerns (you)", styled[0].Items.OfType<TextBlock>().Select(t => t.Text));
    }

    [TestMethod]
    public void Build_ReviewerWhoVoted_OffersChangeVoteWithTheCurrentVotePreselected()
    {
        // Arrange
        var rfc = Sample.WithActivity();

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(8), Sample.Reviewer1));

        // Assert
        Assert.DoesNotContain("Vote", TopActionTitles(card));
        var vote = ShowCard(card, "Change vote");
        Assert.AreEqual(nameof(VoteKind.ApproveWithConcerns), Input<ChoiceSetInput>(vote, InputIds.Vote).Value);
        Assert.AreEqual("Fine with 14 days of retention.", Input<TextInput>(vote, InputIds.VoteReason).Value);
        Assert.AreEqual("Change vote", Executes(vote, CardVerbs.Vote).Single().Title);
    }

    [TestMethod]
    public void Build_PreselectedVote_IsOneOfTheChoiceValues()
    {
        // Arrange
        var rfc = Sample.Open();
        rfc.CastVote(Sample.Reviewer3, VoteKind.Abstain, null, Sample.During);

        // Act
        var vote = ShowCard(RfcCard.Build(rfc, new CardViewer(Sample.During, Sample.Reviewer3)), "Change vote");

        // Assert
        var input = Input<ChoiceSetInput>(vote, InputIds.Vote);
        Assert.Contains(input.Value, input.Choices.Select(c => c.Value));
        Assert.AreEqual("Abstain", input.Choices.Single(c => c.Value == input.Value).Title);
    }

    [TestMethod]
    public void Build_RequiredReviewerWhoHasNotResponded_OpensWithTheirJobAndOffersApproveFirst()
    {
        // Arrange
        var rfc = Sample.WithActivity();

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(8), Sample.Reviewer3));

        // Assert: the first thing they read is their job and its deadline; their main action comes first.
        StringAssert.StartsWith(Texts(card)[0], "You haven't responded. Comments close {{DATE(");
        Assert.IsFalse(Texts(card).Any(t => t.Contains("(you)", StringComparison.Ordinal)));
        Assert.AreEqual("Approve", card.Actions![0].Title);
    }

    [TestMethod]
    public void Build_ViewerIdInOtherLetterCase_IsStillRecognisedAsTheVoter()
    {
        // Arrange: Entra object ids compare case-insensitively.
        var rfc = Sample.WithActivity();
        var sameReviewer = new UserRef(Sample.Reviewer1.Id.ToUpperInvariant(), "Rita Reviewer");

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(8), sameReviewer));

        // Assert
        Assert.Contains("Approve with concerns (you)", Texts(card));
    }

    [TestMethod]
    public void Build_Decider_GetsResolveExtendAndCloseEarly()
    {
        // Arrange
        var rfc = Sample.WithActivity();

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(8), Sample.Decider));

        // Assert
        var titles = TopActionTitles(card);
        Assert.Contains("Resolve early", titles);
        Assert.Contains("Extend window", titles);
        Assert.Contains("Close early", titles);
        StringAssert.StartsWith(Texts(card)[0], "Your call once comments close {{DATE(");
        foreach (var verb in DeciderVerbs)
        {
            Assert.HasCount(1, Executes(card, verb), verb);
        }
    }

    [TestMethod]
    [DataRow("author")]
    [DataRow("reviewer-voted")]
    [DataRow("reviewer-silent")]
    [DataRow("bystander")]
    public void Build_ViewerWhoIsNotTheDecider_GetsNoDeciderAction(string who)
    {
        // Arrange
        var rfc = Sample.WithActivity();
        var viewer = who switch
        {
            "author" => Sample.Author,
            "reviewer-voted" => Sample.Reviewer1,
            "reviewer-silent" => Sample.Reviewer3,
            _ => Sample.Bystander,
        };

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(8), viewer));

        // Assert
        foreach (var verb in DeciderVerbs)
        {
            Assert.IsEmpty(Executes(card, verb), $"{who} is offered {verb}");
        }

        Assert.IsFalse(TopActionTitles(card).Any(t => t is not null && t.StartsWith("Resolve", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Build_SharedCard_OffersResolveMarkedForTheDecider()
    {
        // Arrange: clients that do not refresh only ever see the shared card, so its buttons must work for the decider too.
        var rfc = Sample.WithActivity();

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(8)));

        // Assert
        var resolve = Executes(card, CardVerbs.ResolveForm).Single();
        Assert.AreEqual("Resolve (decider)", resolve.Title);
        Assert.AreEqual(ActionMode.Secondary, resolve.Mode, "Not the most prominent button for everyone.");
        Assert.AreNotEqual(ActionStyle.Positive, resolve.Style);
    }

    [TestMethod]
    [DataRow("author", true)]
    [DataRow("decider", false)]
    [DataRow("reviewer", false)]
    [DataRow("bystander", false)]
    public void Build_OpenRfc_OnlyTheAuthorGetsWithdraw(string who, bool expected)
    {
        // Arrange
        var rfc = Sample.WithActivity();
        var viewer = who switch { "author" => Sample.Author, "decider" => Sample.Decider, "reviewer" => Sample.Reviewer1, _ => Sample.Bystander };

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(8), viewer));

        // Assert
        Assert.AreEqual(expected, Executes(card, CardVerbs.Withdraw).Any(), who);
    }

    [TestMethod]
    [DataRow("decider", new[] { 1, 3 })]
    [DataRow("raiser-of-1", new[] { 1 })]
    [DataRow("raiser-of-3", new[] { 3 })]
    [DataRow("raiser-of-resolved-2", new int[0])]
    [DataRow("author", new int[0])]
    [DataRow("shared", new int[0])]
    public void Build_OpenConcerns_ResolveActionOnlyForTheRaiserOrTheDecider(string who, int[] expected)
    {
        // Arrange: concern 1 raised by Reviewer2 (open), 2 by Reviewer1 (resolved), 3 by Bystander (open).
        var rfc = Sample.WithActivity();
        var viewer = who switch
        {
            "decider" => Sample.Decider,
            "raiser-of-1" => Sample.Reviewer2,
            "raiser-of-3" => Sample.Bystander,
            "raiser-of-resolved-2" => Sample.Reviewer1,
            "author" => Sample.Author,
            _ => null,
        };

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(8), viewer));

        // Assert: one form whose list holds exactly the concerns this person may close.
        var offered = ExecutesWithInputs(card).Where(e => e.Action.Verb == CardVerbs.ResolveConcern)
            .SelectMany(e => e.Inputs.OfType<ChoiceSetInput>().Single(i => i.Id == InputIds.ConcernId).Choices.Select(c => int.Parse(c.Value, CultureInfo.InvariantCulture)))
            .Order().ToArray();
        CollectionAssert.AreEqual(expected, offered, who);
    }

    [TestMethod]
    public void Build_ResolveConcernAction_PreselectsTheOnlyConcernAndCollectsANote()
    {
        // Arrange
        var rfc = Sample.WithActivity();

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(8), Sample.Reviewer2));

        // Assert
        var (action, inputs) = ExecutesWithInputs(card).Single(e => e.Action.Verb == CardVerbs.ResolveConcern);
        Assert.IsNull(((ResolveConcernData)action.Data!).ConcernId, "The concern comes from the list, not the button.");
        Assert.AreEqual("1", inputs.OfType<ChoiceSetInput>().Single(i => i.Id == InputIds.ConcernId).Value);
        var note = inputs.OfType<TextInput>().Single();
        Assert.AreEqual(InputIds.ConcernNoteInput, note.Id);
        Assert.IsTrue(note.IsRequired);
    }

    [TestMethod]
    public void Build_DeciderOfFiftyConcerns_CanReachEveryOneFromOneList()
    {
        // Arrange: only a few concerns are listed on the card; the rest must still be reachable.
        var rfc = Sample.Open();
        for (var i = 0; i < 50; i++)
        {
            rfc.RaiseConcern(Sample.Bystander, $"Concern number {i}", null, Sample.During.AddMinutes(i));
        }

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(2), Sample.Decider));

        // Assert
        var list = ExecutesWithInputs(card).Single(e => e.Action.Verb == CardVerbs.ResolveConcern).Inputs.OfType<ChoiceSetInput>().Single();
        Assert.HasCount(50, list.Choices);
        Assert.AreEqual(ChoiceInputStyle.Filtered, list.Style, "Type to search in a long list.");
        Assert.HasCount(RfcCard.ConcernsShown, Texts(card).Where(t => t.StartsWith("Concern number", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Build_ConcernSummary_CountsOpenAndClosed()
    {
        // Arrange
        var rfc = Sample.WithActivity();

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(8)));

        // Assert
        Assert.Contains("Open concerns (2) · 1 closed", Texts(card));
        Assert.IsFalse(Texts(card).Any(t => t.Contains("Schema evolution", StringComparison.Ordinal)), "A resolved concern is not listed as open.");
    }

    [TestMethod]
    [DataRow("shared", "Open for comment (author)")]
    [DataRow("author", "Open for comment")]
    public void Build_Draft_AuthorAndSharedCardOfferOpenForComment(string who, string title)
    {
        // Arrange
        var rfc = Sample.Draft();
        var viewer = who == "author" ? Sample.Author : null;

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.Proposed.AddMinutes(5), viewer));

        // Assert
        var open = Executes(card, CardVerbs.OpenRfc).Single();
        Assert.AreEqual(title, open.Title);
        Assert.AreEqual(7, ((OpenRfcData)open.Data!).Rfc);
    }

    [TestMethod]
    [DataRow("decider")]
    [DataRow("reviewer")]
    [DataRow("bystander")]
    public void Build_DraftForSomeoneElse_OffersNoActionAtAll(string who)
    {
        // Arrange
        var rfc = Sample.Draft();
        var viewer = who switch { "decider" => Sample.Decider, "reviewer" => Sample.Reviewer1, _ => Sample.Bystander };

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.Proposed.AddMinutes(5), viewer));

        // Assert: only "Show details", which changes nothing.
        Assert.IsEmpty(AllActions(card).Where(a => a is not ToggleVisibilityAction));
    }

    [TestMethod]
    public void Build_Draft_ShowsNoTallyAndNoVote()
    {
        // Arrange
        var rfc = Sample.Draft();

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.Proposed.AddMinutes(5), Sample.Author));

        // Assert
        Assert.IsEmpty(AllElements(card).OfType<ColumnSet>());
        Assert.IsEmpty(Executes(card, CardVerbs.Vote));
        Assert.AreEqual("Your draft: open it for comment when it is ready. The window then runs 5 working days.", Texts(card)[0]);
    }

    [TestMethod]
    public void Build_WindowPassed_NoVoteButCommentAndRaiseConcernRemain()
    {
        // Arrange: the stored state is still Open; the clock is past the window.
        var rfc = Sample.WithActivity();

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.After, Sample.Reviewer3));

        // Assert
        Assert.AreEqual(RfcState.Open, rfc.State);
        Assert.IsEmpty(Executes(card, CardVerbs.Vote));
        Assert.HasCount(1, Executes(card, CardVerbs.Comment));
        Assert.HasCount(1, Executes(card, CardVerbs.RaiseConcern));
        CollectionAssert.AreEqual(new[] { "Comment", "Raise concern" }, TopActionTitles(card).ToArray());
        Assert.AreEqual("Comments are closed. Waiting for Dana Decider's decision.", Texts(card)[0]);
        StringAssert.StartsWith(Texts(card)[1], "RFC-0007 · AWAITING DECISION");
    }

    [TestMethod]
    public void Build_WindowPassedForTheDecider_OffersResolveAndExtendButNotCloseEarly()
    {
        // Arrange
        var rfc = Sample.WithActivity();

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.After, Sample.Decider));

        // Assert
        Assert.HasCount(1, Executes(card, CardVerbs.ResolveForm));
        Assert.HasCount(1, Executes(card, CardVerbs.ExtendWindow));
        Assert.IsEmpty(Executes(card, CardVerbs.CloseEarly));
    }

    [TestMethod]
    public void Build_WindowPassedForAVoter_StillShowsTheirVoteButNoChangeVote()
    {
        // Arrange
        var rfc = Sample.WithActivity();

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.After, Sample.Reviewer1));

        // Assert
        Assert.Contains("Approve with concerns (you)", Texts(card));
        Assert.IsFalse(AllActions(card).Any(a => a.Title == "Change vote"));
    }

    [TestMethod]
    public void Build_OpenRfc_DeadlineIsTheUtcInstantInDateAndTimeFunctions()
    {
        // Arrange: opened at 11:00 in UTC+2, so the 5-day window closes at 09:00Z.
        var rfc = Sample.Draft(at: new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(2)));
        rfc.Open(Sample.Author, new DateTimeOffset(2026, 3, 2, 11, 0, 0, TimeSpan.FromHours(2)));

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(new DateTimeOffset(2026, 3, 4, 9, 0, 0, TimeSpan.Zero)));

        // Assert
        var deadline = Texts(card).Single(t => t.Contains("Comments close", StringComparison.Ordinal));
        StringAssert.Contains(deadline, "{{DATE(2026-03-07T09:00:00Z, SHORT)}} {{TIME(2026-03-07T09:00:00Z)}}");
        StringAssert.Contains(deadline, "(in 3 days)");
    }

    [TestMethod]
    public void Build_OpenRfc_WaitingOnListsOnlyReviewersWhoNeitherVotedNorCommented()
    {
        // Arrange: Reviewer1 voted, Reviewer2 commented, Reviewer3 did neither.
        var rfc = Sample.WithActivity();

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(8)));

        // Assert
        var waiting = Texts(card).Single(t => t.StartsWith("Waiting on:", StringComparison.Ordinal));
        Assert.AreEqual("Waiting on: Rosa Reviewer", waiting);
    }

    [TestMethod]
    public void Build_TenSilentReviewers_WaitingOnNamesEightAndCountsTheRest()
    {
        // Arrange
        var reviewers = Enumerable.Range(1, 10).Select(i => new UserRef($"s{i:D7}-0000-4000-8000-000000000000", $"Silent {i}")).ToList();
        var rfc = Sample.Draft(reviewers: reviewers);
        rfc.Open(Sample.Author, Sample.Opened);

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During));

        // Assert
        var waiting = Texts(card).Single(t => t.StartsWith("Waiting on:", StringComparison.Ordinal));
        Assert.AreEqual("Waiting on: " + string.Join(", ", reviewers.Take(RfcCard.WaitingShown).Select(r => r.DisplayName)) + " (+2)", waiting);
    }

    [TestMethod]
    public void Build_EveryReviewerResponded_NoWaitingOnLine()
    {
        // Arrange
        var rfc = Sample.WithActivity();
        rfc.AddComment(Sample.Reviewer3, "Looks good.", CommentSource.ThreadReply, Sample.During.AddHours(9));

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(10)));

        // Assert
        Assert.IsFalse(Texts(card).Any(t => t.Contains("Waiting on", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Build_Refresh_AsksForRfcRefreshWithTeamAndNumber()
    {
        // Arrange
        var rfc = Sample.WithActivity(12);

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(8)));

        // Assert
        var refresh = (ExecuteAction)card.Refresh!.Action;
        Assert.AreEqual(CardVerbs.Refresh, refresh.Verb);
        var data = (RefreshData)refresh.Data!;
        Assert.AreEqual(Sample.Team.Value, data.Team);
        Assert.AreEqual(12, data.Rfc);
        var json = JsonOf(card)["refresh"]!["action"]!;
        Assert.AreEqual("Action.Execute", json["type"]!.GetValue<string>());
        Assert.AreEqual(12, json["data"]!["rfc"]!.GetValue<int>());
    }

    [TestMethod]
    public void Build_Refresh_UserIdsFollowTheDocumentedOrderWithoutRepeats()
    {
        // Arrange: the author also voted, Reviewer1 voted and commented; a bystander commented last.
        var rfc = Sample.Open();
        var voterA = new UserRef("v0000000-0000-4000-8000-00000000000a", "Vera Voter");
        var voterB = new UserRef("v0000000-0000-4000-8000-00000000000b", "Vik Voter");
        rfc.CastVote(voterA, VoteKind.Approve, null, Sample.During);
        rfc.CastVote(Sample.Author, VoteKind.Approve, null, Sample.During.AddMinutes(1));
        rfc.CastVote(voterB, VoteKind.Abstain, null, Sample.During.AddMinutes(2));
        rfc.CastVote(Sample.Reviewer1, VoteKind.Approve, null, Sample.During.AddMinutes(3));
        rfc.AddComment(Sample.Bystander, "First.", CommentSource.Card, Sample.During.AddMinutes(4));
        rfc.AddComment(voterA, "Second.", CommentSource.Card, Sample.During.AddMinutes(5));

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.During.AddMinutes(6)));

        // Assert: decider, author, reviewers, newest voters first, then newest commenters first.
        string[] expected =
        [
            Sample.Decider.Id, Sample.Author.Id, Sample.Reviewer1.Id, Sample.Reviewer2.Id, Sample.Reviewer3.Id, voterB.Id, voterA.Id, Sample.Bystander.Id,
        ];
        CollectionAssert.AreEqual(expected.Select(id => "8:orgid:" + id).ToArray(), card.Refresh!.UserIds.ToArray());
    }

    [TestMethod]
    public void Build_HundredVoters_RefreshesExactlyTheDeciderAuthorReviewersAndThe55NewestVoters()
    {
        // Arrange: voter i votes at minute i, so voter 99 is the most recent.
        var rfc = Sample.Open();
        var voters = Enumerable.Range(0, 100)
            .Select(i => new UserRef(string.Create(CultureInfo.InvariantCulture, $"{i:D8}-0000-4000-8000-000000000000"), $"Voter {i}"))
            .ToList();
        for (var i = 0; i < voters.Count; i++)
        {
            rfc.CastVote(voters[i], VoteKind.Approve, null, Sample.During.AddMinutes(i));
        }

        rfc.AddComment(Sample.Bystander, "Late comment.", CommentSource.Card, Sample.During.AddHours(3));

        // Act
        var ids = RfcCard.Build(rfc, new CardViewer(Sample.During.AddHours(4))).Refresh!.UserIds;

        // Assert
        Assert.HasCount(CardRefresh.MaxUserIds, ids);
        Assert.HasCount(ids.Count, ids.Distinct(StringComparer.OrdinalIgnoreCase));
        var expected = new[] { Sample.Decider, Sample.Author, Sample.Reviewer1, Sample.Reviewer2, Sample.Reviewer3 }
            .Concat(Enumerable.Range(45, 55).Reverse().Select(i => voters[i]))
            .Select(RefreshAudience.Mri)
            .ToArray();
        CollectionAssert.AreEqual(expected, ids.ToArray());
        Assert.IsTrue(ids.All(id => id.StartsWith("8:orgid:", StringComparison.Ordinal)));
        Assert.DoesNotContain(RefreshAudience.Mri(Sample.Bystander), ids);
    }

    [TestMethod]
    public void Mri_IdThatIsAlreadyAnMri_IsKeptAsIs()
    {
        // Act & Assert
        Assert.AreEqual("8:orgid:abc", RefreshAudience.Mri(new UserRef("abc", "A")));
        Assert.AreEqual("29:1abcdef", RefreshAudience.Mri(new UserRef("29:1abcdef", "B")));
    }

    [TestMethod]
    public void Build_ResolvedRfc_IsTheFinalCard()
    {
        // Arrange
        var rfc = Sample.Accepted();

        // Act
        var card = RfcCard.Build(rfc, new CardViewer(Sample.After, Sample.Decider), new CardLinks(new Uri("https://contoso.example/dec-42"), null));

        // Assert
        Assert.IsEmpty(Executes(card, CardVerbs.Vote));
        Assert.IsEmpty(Executes(card, CardVerbs.ResolveForm));
        StringAssert.StartsWith(Texts(card)[0], "DEC-0042 · ACCEPTED");
        Assert.AreEqual("Read DEC-0042", card.Actions!.OfType<OpenUrlAction>().Single().Title);
    }
}
