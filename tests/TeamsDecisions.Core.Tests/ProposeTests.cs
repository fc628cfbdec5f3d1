using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Core.Tests;

[TestClass]
public sealed class ProposeTests
{
    private static DomainRuleException Refused(RfcProposal proposal, int teamDefaultWindowDays = RfcLimits.DefaultWindowDays) =>
        Assert.ThrowsExactly<DomainRuleException>(() => Rfc.Propose(Given.Id(), Given.Alice, proposal, teamDefaultWindowDays, Given.Start));

    private static Rfc Proposed(RfcProposal proposal, int teamDefaultWindowDays = RfcLimits.DefaultWindowDays) =>
        Rfc.Propose(Given.Id(), Given.Alice, proposal, teamDefaultWindowDays, Given.Start).Rfc;

    [TestMethod]
    public void Propose_ValidProposal_CreatesDraftAndRfcProposedEvent()
    {
        // Arrange
        var proposal = Given.Proposal() with { Title = "  Adopt Kafka  " };

        // Act
        var (rfc, events) = Rfc.Propose(Given.Id(7), Given.Alice, proposal, RfcLimits.DefaultWindowDays, Given.Start);

        // Assert
        Assert.AreEqual(RfcState.Draft, rfc.State);
        Assert.AreEqual("RFC-0007", rfc.Number.ToString());
        Assert.AreEqual("Adopt Kafka", rfc.Title);
        Assert.AreEqual(Given.Alice, rfc.Author);
        Assert.AreEqual(Given.Bob, rfc.Decider);
        Assert.IsNull(rfc.Window);
        Assert.AreEqual(Given.Start, rfc.ProposedAt);
        Assert.HasCount(3, rfc.Options);
        Assert.HasCount(2, rfc.DecisionDrivers);
        Assert.HasCount(1, rfc.Links);
        Assert.HasCount(2, rfc.RequiredReviewers);
        Assert.AreEqual(1L, rfc.LastSequence);
        var proposed = (RfcProposed)events.Single();
        Assert.AreEqual(1L, proposed.Sequence);
        Assert.AreEqual("Adopt Kafka", proposed.Title);
        Assert.AreEqual(Given.Bob, proposed.Decider);
        Assert.AreEqual(Given.Alice, proposed.Actor);
        Assert.AreEqual(Given.Id(7), proposed.Rfc);
    }

    [TestMethod]
    [DataRow("ab", "Input.TooShort")]
    [DataRow("   ", "Input.Required")]
    public void Propose_TitleTooShort_RefusedNamingTitle(string title, string rule)
    {
        // Act
        var refusal = Refused(Given.Proposal() with { Title = title });

        // Assert
        Assert.AreEqual(rule, refusal.Rule);
        Assert.AreEqual("title", refusal.Field);
    }

    [TestMethod]
    public void Propose_TitleTooLong_RefusedNamingTitle()
    {
        // Act
        var refusal = Refused(Given.Proposal() with { Title = new string('t', RfcLimits.TitleMax + 1) });

        // Assert
        Assert.AreEqual("Input.TooLong", refusal.Rule);
        Assert.AreEqual("title", refusal.Field);
    }

    [TestMethod]
    [DataRow(RfcLimits.TitleMin)]
    [DataRow(RfcLimits.TitleMax)]
    public void Propose_TitleAtLimit_Accepted(int length)
    {
        // Act
        var rfc = Proposed(Given.Proposal() with { Title = new string('t', length) });

        // Assert
        Assert.AreEqual(length, rfc.Title.Length);
    }

    [TestMethod]
    public void Propose_NoDecider_RefusedNamingDecider()
    {
        // Act
        var refusal = Refused(Given.Proposal() with { Decider = null! });

        // Assert
        Assert.AreEqual("Rfc.DeciderRequired", refusal.Rule);
        Assert.AreEqual("decider", refusal.Field);
    }

    [TestMethod]
    [DataRow("context")]
    [DataRow("proposal")]
    public void Propose_MissingContextOrProposal_RefusedNamingField(string field)
    {
        // Arrange
        var proposal = field == "context" ? Given.Proposal() with { Context = " " } : Given.Proposal() with { Proposal = "" };

        // Act
        var refusal = Refused(proposal);

        // Assert
        Assert.AreEqual("Input.Required", refusal.Rule);
        Assert.AreEqual(field, refusal.Field);
    }

    [TestMethod]
    public void Propose_ContextOverLongTextMax_Refused()
    {
        // Act
        var refusal = Refused(Given.Proposal() with { Context = new string('c', RfcLimits.LongTextMax + 1) });

        // Assert
        Assert.AreEqual("Input.TooLong", refusal.Rule);
        Assert.AreEqual("context", refusal.Field);
    }

    [TestMethod]
    public void Propose_NoWindowDays_UsesTeamDefault()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Proposed(Given.Proposal(windowDays: null), teamDefaultWindowDays: 9);

        // Act
        rfc.Open(Given.Alice, clock.Now());

        // Assert
        Assert.AreEqual(9, rfc.WindowDays);
        Assert.AreEqual(clock.Now().AddDays(9), rfc.Window!.ClosesAt);
    }

    [TestMethod]
    public void Propose_WindowDaysGiven_OverridesTeamDefault()
    {
        // Act
        var rfc = Proposed(Given.Proposal(windowDays: 12), teamDefaultWindowDays: 9);

        // Assert
        Assert.AreEqual(12, rfc.WindowDays);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(-1)]
    [DataRow(31)]
    public void Propose_WindowDaysOutOfRange_Refused(int days)
    {
        // Act
        var refusal = Refused(Given.Proposal(windowDays: days));

        // Assert
        Assert.AreEqual("Window.DaysOutOfRange", refusal.Rule);
        Assert.AreEqual("windowDays", refusal.Field);
    }

    [TestMethod]
    [DataRow(RfcLimits.WindowDaysMin)]
    [DataRow(RfcLimits.WindowDaysMax)]
    public void Propose_WindowDaysAtBounds_Accepted(int days)
    {
        // Act
        var rfc = Proposed(Given.Proposal(windowDays: days));

        // Assert
        Assert.AreEqual(days, rfc.WindowDays);
    }

    [TestMethod]
    public void Propose_TeamDefaultOutOfRangeAndNoOverride_Refused()
    {
        // Act
        var refusal = Refused(Given.Proposal(windowDays: null), teamDefaultWindowDays: 0);

        // Assert
        Assert.AreEqual("Window.DaysOutOfRange", refusal.Rule);
    }

    [TestMethod]
    public void Propose_DuplicateOptionNamesIgnoringCaseAndSpaces_Refused()
    {
        // Act
        var refusal = Refused(Given.Proposal() with { Options = [new RfcOption("Kafka"), new RfcOption(" kafka ")] });

        // Assert
        Assert.AreEqual("Rfc.DuplicateOption", refusal.Rule);
        Assert.AreEqual("options", refusal.Field);
    }

    [TestMethod]
    public void Propose_OptionWithoutShortName_Refused()
    {
        // Act
        var refusal = Refused(Given.Proposal() with { Options = [new RfcOption(" ", "no name")] });

        // Assert
        Assert.AreEqual("Input.Required", refusal.Rule);
        Assert.AreEqual("options", refusal.Field);
    }

    [TestMethod]
    public void Propose_TooManyOptions_Refused()
    {
        // Arrange
        var options = Enumerable.Range(1, RfcLimits.OptionsMax + 1).Select(i => new RfcOption($"Option {i}")).ToList();

        // Act
        var refusal = Refused(Given.Proposal() with { Options = options });

        // Assert
        Assert.AreEqual("Rfc.TooManyOptions", refusal.Rule);
    }

    [TestMethod]
    public void Propose_OptionsAtMax_Accepted()
    {
        // Arrange
        var options = Enumerable.Range(1, RfcLimits.OptionsMax).Select(i => new RfcOption($"Option {i}")).ToList();

        // Act
        var rfc = Proposed(Given.Proposal() with { Options = options });

        // Assert
        Assert.HasCount(RfcLimits.OptionsMax, rfc.Options);
    }

    [TestMethod]
    [DataRow("ftp://files.example.com/spec.pdf")]
    [DataRow("mailto:team@example.com")]
    [DataRow("file:///etc/passwd")]
    [DataRow("javascript:alert(1)")]
    public void Propose_LinkNotHttp_Refused(string url)
    {
        // Act
        var refusal = Refused(Given.Proposal() with { Links = [new RfcLink("Spec", new Uri(url))] });

        // Assert
        Assert.AreEqual("Rfc.LinkMustBeWeb", refusal.Rule);
        Assert.AreEqual("links", refusal.Field);
    }

    [TestMethod]
    public void Propose_RelativeLink_Refused()
    {
        // Act
        var refusal = Refused(Given.Proposal() with { Links = [new RfcLink("Spec", new Uri("docs/spec.md", UriKind.Relative))] });

        // Assert
        Assert.AreEqual("Rfc.LinkMustBeWeb", refusal.Rule);
    }

    [TestMethod]
    public void Propose_HttpAndHttpsLinks_Accepted()
    {
        // Act
        var rfc = Proposed(Given.Proposal() with
        {
            Links = [new RfcLink("Old wiki", new Uri("http://wiki.example.com/a")), new RfcLink("Doc", new Uri("https://docs.example.com/b"))],
        });

        // Assert
        Assert.HasCount(2, rfc.Links);
    }

    [TestMethod]
    public void Propose_TooManyLinks_Refused()
    {
        // Arrange
        var links = Enumerable.Range(1, RfcLimits.LinksMax + 1).Select(i => new RfcLink($"Link {i}", new Uri($"https://example.com/{i}"))).ToList();

        // Act
        var refusal = Refused(Given.Proposal() with { Links = links });

        // Assert
        Assert.AreEqual("Rfc.TooManyLinks", refusal.Rule);
    }

    [TestMethod]
    public void Propose_TooManyDrivers_Refused()
    {
        // Arrange
        var drivers = Enumerable.Range(1, RfcLimits.DriversMax + 1).Select(i => $"Driver {i}").ToList();

        // Act
        var refusal = Refused(Given.Proposal() with { DecisionDrivers = drivers });

        // Assert
        Assert.AreEqual("Rfc.TooManyDrivers", refusal.Rule);
    }

    [TestMethod]
    public void Propose_TooManyReviewers_Refused()
    {
        // Arrange
        var reviewers = Enumerable.Range(1, RfcLimits.ReviewersMax + 1).Select(i => new UserRef($"user-{i}", $"User {i}")).ToList();

        // Act
        var refusal = Refused(Given.Proposal() with { RequiredReviewers = reviewers });

        // Assert
        Assert.AreEqual("Rfc.TooManyReviewers", refusal.Rule);
        Assert.AreEqual("reviewers", refusal.Field);
    }

    [TestMethod]
    public void Propose_DuplicateReviewersIgnoringCase_KeptOnce()
    {
        // Act
        var rfc = Proposed(Given.Proposal() with { RequiredReviewers = [Given.Carol, new UserRef("CAROL-ID", "Carol C."), Given.Dave] });

        // Assert
        Assert.HasCount(2, rfc.RequiredReviewers);
    }
}
