using System.Globalization;
using System.Text.RegularExpressions;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;
using static TeamsDecisions.Cards.Tests.CardInspect;

namespace TeamsDecisions.Cards.Tests;

[TestClass]
public sealed class FormBuilderTests
{
    private static readonly ChannelChoice[] Channels =
    [
        new("19:general@thread.tacv2", "General"),
        new("19:architecture@thread.tacv2", "Architecture"),
    ];

    private static readonly DecisionLogEntry[] Supersedable =
    [
        new(new DecisionNumber(12), new RfcId(Sample.Team, new RfcNumber(3)), "Use RabbitMQ for internal events", RfcState.Accepted, Sample.Proposed.AddDays(-400), Sample.Decider, null, null),
        new(new DecisionNumber(9), new RfcId(Sample.Team, new RfcNumber(2)), "HTTP callbacks between services", RfcState.Accepted, Sample.Proposed.AddDays(-700), Sample.Decider, null, null),
    ];

    [TestMethod]
    public void ResolveForm_ThreeOptions_OneWhyNotInputPerOptionInOrder()
    {
        // Arrange
        var rfc = Sample.WithActivity();

        // Act
        var card = ResolveForm.Build(rfc, new CardViewer(Sample.After, Sample.Decider), []);

        // Assert
        var whyNots = AllInputs(card).OfType<TextInput>().Where(i => i.Id!.StartsWith("whyNot-", StringComparison.Ordinal)).ToList();
        CollectionAssert.AreEqual(new[] { "whyNot-0", "whyNot-1", "whyNot-2" }, whyNots.Select(i => i.Id).ToArray());
        for (var i = 0; i < Sample.OptionNames.Length; i++)
        {
            StringAssert.Contains(whyNots[i].Label, $"\"{Sample.OptionNames[i]}\"");
        }

        var data = (ResolveData)Executes(card, CardVerbs.Resolve).Single().Data!;
        CollectionAssert.AreEqual(Sample.OptionNames, data.OptionNames.ToArray());
        var chosen = Input<ChoiceSetInput>(card, InputIds.ChosenOption).Choices;
        CollectionAssert.AreEqual(Sample.OptionNames, chosen.Select(c => c.Title).ToArray());
        CollectionAssert.AreEqual(new[] { "0", "1", "2" }, chosen.Select(c => c.Value).ToArray(), "By position in OptionNames.");
    }

    [TestMethod]
    public void ResolveForm_NoOptions_NoChosenOptionAndNoWhyNot()
    {
        // Arrange
        var rfc = Sample.Open(withOptions: false);

        // Act
        var card = ResolveForm.Build(rfc, new CardViewer(Sample.After, Sample.Decider), []);

        // Assert
        Assert.IsFalse(AllInputs(card).Any(i => i.Id == InputIds.ChosenOption || i.Id!.StartsWith("whyNot-", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void ResolveForm_OpenAndClosedConcerns_OneListOfTheOpenOnesOneReasonAndOverruleAll()
    {
        // Arrange: concerns 1 and 3 are open, 2 is resolved.
        var rfc = Sample.WithActivity();

        // Act
        var card = ResolveForm.Build(rfc, new CardViewer(Sample.After, Sample.Decider), []);

        // Assert
        var list = Input<ChoiceSetInput>(card, InputIds.OverruleConcerns);
        Assert.IsTrue(list.IsMultiSelect);
        CollectionAssert.AreEqual(new[] { "1", "3" }, list.Choices.Select(c => c.Value).ToArray());
        StringAssert.StartsWith(list.Choices[0].Title, "#1 · On-call load for brokers");
        var all = Input<ToggleInput>(card, InputIds.OverruleAll);
        Assert.AreEqual(("true", "false", "false"), (all.ValueOn, all.ValueOff, all.Value));
        Assert.AreEqual("Overrule all 2 open concerns with the reason below", all.Title);
        Assert.AreEqual(RfcLimits.ReasonMax, Input<TextInput>(card, InputIds.OverruleReason).MaxLength);
        Assert.HasCount(1, AllInputs(card).OfType<ToggleInput>());
        CollectionAssert.AreEqual(new[] { 1, 3 }, ((ResolveData)Executes(card, CardVerbs.Resolve).Single().Data!).ConcernIds.ToArray());
    }

    [TestMethod]
    public void ResolveForm_NoOpenConcerns_NoOverruleInputs()
    {
        // Arrange
        var rfc = Sample.Open();
        rfc.RaiseConcern(Sample.Reviewer1, "Schema evolution", null, Sample.During);
        rfc.ResolveConcern(Sample.Decider, 1, "Registry in CI.", Sample.During.AddHours(1));

        // Act
        var card = ResolveForm.Build(rfc, new CardViewer(Sample.After, Sample.Decider), []);

        // Assert
        Assert.IsEmpty(AllInputs(card).OfType<ToggleInput>());
        Assert.IsFalse(AllInputs(card).Any(i => i.Id is InputIds.OverruleConcerns or InputIds.OverruleReason));
    }

    [TestMethod]
    public void ResolveForm_HostileConcernTitle_OverruleChoiceShowsItEscaped()
    {
        // Arrange: checkbox labels are rendered as markdown (adaptivecards JS: useMarkdownInRadioButtonAndCheckbox), like TextBlocks.
        var rfc = Sample.Open();
        rfc.RaiseConcern(new UserRef("e0000000-0000-4000-8000-000000000009", "**Eve**"), "[click](https://evil.example/x)", null, Sample.During);

        // Act
        var card = ResolveForm.Build(rfc, new CardViewer(Sample.After, Sample.Decider), []);

        // Assert
        var title = Input<ChoiceSetInput>(card, InputIds.OverruleConcerns).Choices.Single().Title;
        Assert.AreEqual("#1 · " + Markdown.Escape("[click](https://evil.example/x)"), title);
    }

    [TestMethod]
    public void ResolveForm_LongTitlesInCjkAndLatin_ListsCutToTheSameWidthWithAnEllipsis()
    {
        // Arrange: a CJK character takes two columns and three bytes, so the lists keep half as many of them.
        var rfc = Sample.Open();
        rfc.RaiseConcern(Sample.Reviewer1, new string('x', RfcLimits.ConcernTitleMax), null, Sample.During);
        rfc.RaiseConcern(Sample.Reviewer2, new string('田', RfcLimits.ConcernTitleMax), null, Sample.During);
        DecisionLogEntry[] earlier = [Supersedable[0] with { Title = new string('決', RfcLimits.TitleMax) }];

        // Act
        var card = ResolveForm.Build(rfc, new CardViewer(Sample.After, Sample.Decider), earlier);

        // Assert
        var titles = Input<ChoiceSetInput>(card, InputIds.OverruleConcerns).Choices.Select(c => c.Title).ToArray();
        Assert.AreEqual("#1 · " + new string('x', ResolveForm.ListTitleColumns - 1) + "…", titles[0]);
        Assert.AreEqual("#2 · " + new string('田', (ResolveForm.ListTitleColumns / 2) - 1) + "…", titles[1]);
        Assert.AreEqual("DEC-0012 · " + new string('決', (ResolveForm.ListTitleColumns / 2) - 1) + "…", Input<ChoiceSetInput>(card, InputIds.Supersedes).Choices[0].Title);
    }

    [TestMethod]
    public void ResolveForm_Order_WhyDecideNowRightAfterTheOutcomeAndTheEmptyOptionHintOnce()
    {
        // Arrange
        var rfc = Sample.WithActivity();

        // Act
        var card = ResolveForm.Build(rfc, new CardViewer(Sample.During.AddHours(8), Sample.Decider), Supersedable);

        // Assert
        var ids = AllInputs(card).Select(i => i.Id).ToList();
        Assert.AreEqual(ids.IndexOf(InputIds.Outcome) + 1, ids.IndexOf(InputIds.EarlyCloseReason));
        var json = CardJson.Serialize(card);
        Assert.AreEqual(1, Regex.Count(json, "leave the chosen option empty"), "The hint is said once, not per option.");
    }

    [TestMethod]
    public void ResolveForm_NothingToSupersede_NoSupersedesChoice()
    {
        // Arrange
        var rfc = Sample.WithActivity();

        // Act
        var card = ResolveForm.Build(rfc, new CardViewer(Sample.After, Sample.Decider), []);

        // Assert
        Assert.IsFalse(AllInputs(card).Any(i => i.Id == InputIds.Supersedes));
    }

    [TestMethod]
    public void ResolveForm_EarlierDecisions_OfferedAsSupersedesChoicesByNumber()
    {
        // Arrange
        var rfc = Sample.WithActivity();

        // Act
        var card = ResolveForm.Build(rfc, new CardViewer(Sample.After, Sample.Decider), Supersedable);

        // Assert
        var supersedes = Input<ChoiceSetInput>(card, InputIds.Supersedes);
        CollectionAssert.AreEqual(new[] { "DEC-0012", "DEC-0009" }, supersedes.Choices.Select(c => c.Value).ToArray());
        Assert.AreEqual("DEC-0012 · Use RabbitMQ for internal events", supersedes.Choices[0].Title);
        Assert.AreEqual(ChoiceInputStyle.Filtered, supersedes.Style);
        Assert.IsNull(supersedes.Value, "Superseding is a choice, never a default.");
    }

    [TestMethod]
    public void ResolveForm_WindowStillOpen_AsksWhyDecideNow()
    {
        // Arrange
        var rfc = Sample.WithActivity();

        // Act
        var card = ResolveForm.Build(rfc, new CardViewer(Sample.During.AddHours(8), Sample.Decider), []);

        // Assert
        var reason = Input<TextInput>(card, InputIds.EarlyCloseReason);
        Assert.IsTrue(reason.IsRequired);
    }

    [TestMethod]
    public void ResolveForm_WindowPassed_DoesNotAskForAnEarlyCloseReason()
    {
        // Arrange
        var rfc = Sample.WithActivity();

        // Act
        var card = ResolveForm.Build(rfc, new CardViewer(Sample.After, Sample.Decider), []);

        // Assert
        Assert.IsFalse(AllInputs(card).Any(i => i.Id == InputIds.EarlyCloseReason));
    }

    [TestMethod]
    [DataRow(49, false)]
    [DataRow(50, true)]
    [DataRow(400, true)]
    public void ResolveForm_RationaleRegex_RequiresAtLeast50Characters(int length, bool accepted)
    {
        // Arrange
        var rationale = Input<TextInput>(ResolveForm.Build(Sample.WithActivity(), new CardViewer(Sample.After, Sample.Decider), []), InputIds.Rationale);
        var text = string.Concat(Enumerable.Repeat("ab\n", length)).Substring(0, length);

        // Act
        var matches = Regex.IsMatch(text, rationale.Regex!, RegexOptions.None, TimeSpan.FromSeconds(1));

        // Assert
        Assert.AreEqual(accepted, matches);
        Assert.IsTrue(rationale.IsRequired);
        Assert.IsTrue(rationale.IsMultiline);
    }

    [TestMethod]
    public void ResolveForm_Actions_RecordDecisionAndCancelWithoutInputs()
    {
        // Arrange
        var rfc = Sample.WithActivity(9);

        // Act
        var card = ResolveForm.Build(rfc, new CardViewer(Sample.After, Sample.Decider), []);

        // Assert
        var record = Executes(card, CardVerbs.Resolve).Single();
        Assert.AreEqual("Record decision", record.Title);
        Assert.AreEqual(9, ((ResolveData)record.Data!).Rfc);
        var cancel = Executes(card, CardVerbs.Refresh).Single();
        Assert.AreEqual(AssociatedInputs.None, cancel.AssociatedInputs);
        var outcome = Input<ChoiceSetInput>(card, InputIds.Outcome);
        Assert.AreEqual("Accepted", outcome.Value);
        CollectionAssert.AreEqual(new[] { "Accepted", "Rejected", "Deferred", "Withdrawn" }, outcome.Choices.Select(c => c.Value).ToArray());
    }

    [TestMethod]
    public void ResolveForm_ServerCultureGerman_CountsReadAsOnTheRfcCard()
    {
        // Arrange: the RFC card formats counts invariantly ("1,000"); the English texts around them must not switch to "1.000".
        var rfc = Sample.Open();
        for (var i = 0; i < 1_000; i++)
        {
            rfc.CastVote(new UserRef($"v{i:D7}-0000-4000-8000-000000000000", "Voter"), VoteKind.Approve, null, Sample.During.AddSeconds(i));
        }

        var previous = CultureInfo.CurrentCulture;
        AdaptiveCard card;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");

            // Act
            card = ResolveForm.Build(rfc, new CardViewer(Sample.After, Sample.Decider), []);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        // Assert
        Assert.Contains(t => t.StartsWith("1,000 votes", StringComparison.Ordinal), Texts(card));
    }

    [TestMethod]
    public void NewRfcForm_PeoplePickers_QueryGraphUsersDeciderSingleReviewersMulti()
    {
        // Act
        var json = JsonOf(NewRfcForm.Build(Sample.Team.Value, Channels, 5));

        // Assert
        var inputs = json["body"]!.AsArray().Select(n => n!.AsObject()).Where(o => o["id"] is not null).ToDictionary(o => o["id"]!.GetValue<string>(), o => o, StringComparer.Ordinal);
        foreach (var id in new[] { InputIds.Decider, InputIds.Reviewers })
        {
            var picker = inputs[id];
            Assert.AreEqual("Input.ChoiceSet", picker["type"]!.GetValue<string>(), id);
            Assert.AreEqual("Data.Query", picker["choices.data"]!["type"]!.GetValue<string>(), id);
            Assert.AreEqual("graph.microsoft.com/users", picker["choices.data"]!["dataset"]!.GetValue<string>(), id);
        }

        Assert.IsFalse(inputs[InputIds.Decider]["isMultiSelect"]?.GetValue<bool>() ?? false);
        Assert.IsTrue(inputs[InputIds.Decider]["isRequired"]!.GetValue<bool>());
        Assert.IsTrue(inputs[InputIds.Reviewers]["isMultiSelect"]!.GetValue<bool>());
    }

    [TestMethod]
    public void NewRfcForm_AllFieldsOfTheIssue_ArePresent()
    {
        // Act
        var card = NewRfcForm.Build(Sample.Team.Value, Channels, 5);

        // Assert
        var ids = AllInputs(card).Select(i => i.Id).ToHashSet();
        foreach (var id in new[] { InputIds.Title, InputIds.Context, InputIds.Proposal, InputIds.Options, InputIds.Drivers, InputIds.Decider, InputIds.Reviewers, InputIds.WindowDays, InputIds.Channel })
        {
            Assert.Contains(id, ids);
        }

        var submit = Executes(card, CardVerbs.SubmitRfc).Single();
        Assert.AreEqual(Sample.Team.Value, ((NewRfcData)submit.Data!).Team);
    }

    [TestMethod]
    [DataRow(7, null, 7.0)]
    [DataRow(7, 3, 3.0)]
    public void NewRfcForm_WindowDays_DefaultsFromTheArgumentUnlessTyped(int defaultDays, int? typed, double expected)
    {
        // Act
        var card = NewRfcForm.Build(Sample.Team.Value, Channels, defaultDays, new NewRfcFormValues(WindowDays: typed));

        // Assert
        var days = Input<NumberInput>(card, InputIds.WindowDays);
        Assert.AreEqual(expected, days.Value);
        Assert.AreEqual(RfcLimits.WindowDaysMin, days.Min);
        Assert.AreEqual(RfcLimits.WindowDaysMax, days.Max);
    }

    [TestMethod]
    [DataRow(null, "19:general@thread.tacv2")]
    [DataRow("19:architecture@thread.tacv2", "19:architecture@thread.tacv2")]
    public void NewRfcForm_Channel_DefaultsToTheFirstOrTheGivenChannel(string? given, string expected)
    {
        // Act
        var card = NewRfcForm.Build(Sample.Team.Value, Channels, 5, new NewRfcFormValues(Channel: given));

        // Assert
        var channel = Input<ChoiceSetInput>(card, InputIds.Channel);
        Assert.AreEqual(expected, channel.Value);
        CollectionAssert.AreEqual(new[] { "General", "Architecture" }, channel.Choices.Select(c => c.Title).ToArray());
    }

    [TestMethod]
    public void NewRfcForm_Refused_ShowsTheProblemAsTypedAndKeepsWhatWasTyped()
    {
        // Arrange
        var values = new NewRfcFormValues(Title: "Ka", Context: "Why", Proposal: "What", Options: "A\nB", Problem: "Title needs at least 3 characters; it has 2. *really*");

        // Act
        var card = NewRfcForm.Build(Sample.Team.Value, Channels, 5, values);

        // Assert: plain runs, so no backslashes; the asterisks stand alone, so no client reads emphasis.
        var problem = (RichTextBlock)AllElements(card).OfType<Container>().Single(c => c.Style == ContainerStyle.Attention).Items.Single();
        Assert.AreEqual("Title needs at least 3 characters; it has 2. *really*", Shown(problem));
        Assert.IsTrue(problem.Inlines.All(r => r.Weight == TextWeight.Bolder));
        Assert.AreEqual("Ka", Input<TextInput>(card, InputIds.Title).Value);
        Assert.AreEqual("A\nB", Input<TextInput>(card, InputIds.Options).Value);
    }

    [TestMethod]
    public void NewRfcForm_NoProblem_NoAttentionBox()
    {
        // Act
        var card = NewRfcForm.Build(Sample.Team.Value, Channels, 5);

        // Assert
        Assert.IsFalse(AllElements(card).OfType<Container>().Any(c => c.Style == ContainerStyle.Attention));
    }

    [TestMethod]
    public void NewRfcForm_BlankTeam_IsRefused()
    {
        // Act & Assert
        Assert.ThrowsExactly<ArgumentException>(() => NewRfcForm.Build(" ", Channels, 5));
    }

    [TestMethod]
    [DataRow(null, "designReview", DisplayName = "A new form preselects design review")]
    [DataRow("routine", "routine", DisplayName = "A refilled form keeps routine")]
    public void NewRfcForm_Kind_RoutineOrDesignReviewWithTheExpectedOneSelected(string? typed, string expected)
    {
        // Act
        var card = NewRfcForm.Build(Sample.Team.Value, Channels, 5, new NewRfcFormValues(Kind: typed));

        // Assert
        var kind = AllInputs(card).OfType<ChoiceSetInput>().Single(i => i.Id == InputIds.Kind);
        CollectionAssert.AreEqual(new[] { RfcKindChoice.DesignReview, RfcKindChoice.Routine }, kind.Choices.Select(c => c.Value).ToArray());
        Assert.AreEqual(expected, kind.Value);
        Assert.IsTrue(kind.IsRequired);
    }

    [TestMethod]
    [DataRow(null, RfcKind.DesignReview)]
    [DataRow("", RfcKind.DesignReview)]
    [DataRow("designReview", RfcKind.DesignReview)]
    [DataRow(" routine ", RfcKind.Routine)]
    [DataRow("urgent", null)]
    public void RfcKindChoiceParse_FormValue_KindOrNullWhenUnknown(string? value, RfcKind? expected)
    {
        // Act
        var kind = RfcKindChoice.Parse(value);

        // Assert
        Assert.AreEqual(expected, kind);
    }
}
