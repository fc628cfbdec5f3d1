using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Core.Tests;

[TestClass]
public sealed class ConcernTests
{
    [TestMethod]
    public void RaiseConcern_WhileOpenByAnyone_OpenBlockingConcern()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);

        // Act
        var events = rfc.RaiseConcern(Given.Erin, "  On-call load  ", "Nobody knows Kafka.", clock.Now());

        // Assert
        var concern = rfc.Concerns.Single();
        Assert.AreEqual(1, concern.Id);
        Assert.AreEqual("On-call load", concern.Title);
        Assert.AreEqual("Nobody knows Kafka.", concern.Detail);
        Assert.AreEqual(Given.Erin, concern.RaisedBy);
        Assert.AreEqual(ConcernStatus.Open, concern.Status);
        Assert.IsTrue(concern.IsOpen);
        var raised = (ConcernRaised)events.Single();
        Assert.AreEqual(1, raised.ConcernId);
        Assert.AreEqual("On-call load", raised.Title);
    }

    [TestMethod]
    public void RaiseConcern_WhileAwaitingDecision_Allowed()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);

        // Act
        rfc.RaiseConcern(Given.Carol, "Data retention", null, clock.Now());

        // Assert
        Assert.HasCount(1, rfc.OpenConcerns.ToList());
    }

    [TestMethod]
    public void RaiseConcern_Several_IdsAreConsecutive()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);

        // Act
        rfc.RaiseConcern(Given.Carol, "First", null, clock.Now());
        rfc.RaiseConcern(Given.Dave, "Second", null, clock.Now());

        // Assert
        CollectionAssert.AreEqual(new[] { 1, 2 }, rfc.Concerns.Select(c => c.Id).ToArray());
    }

    [TestMethod]
    [DataRow("ab", "Input.TooShort")]
    [DataRow(" ", "Input.Required")]
    public void RaiseConcern_TitleTooShort_RefusedAndUnchanged(string title, string rule)
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.RaiseConcern(Given.Carol, title, null, clock.Now()));

        // Assert
        Assert.AreEqual(rule, refusal.Rule);
        Assert.AreEqual("concernTitle", refusal.Field);
    }

    [TestMethod]
    public void RaiseConcern_BeyondMax_Refused()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        for (var i = 0; i < RfcLimits.ConcernsMax; i++)
        {
            rfc.RaiseConcern(Given.Carol, $"Concern {i}", null, clock.Now());
        }

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.RaiseConcern(Given.Carol, "One more", null, clock.Now()));

        // Assert
        Assert.AreEqual("Concern.TooMany", refusal.Rule);
    }

    [TestMethod]
    public void RaiseConcern_AfterResolution_Refused()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Resolved(clock, DecisionOutcome.Rejected);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.RaiseConcern(Given.Carol, "Too late", null, clock.Now()));

        // Assert
        Assert.AreEqual("Concern.OnlyBeforeResolution", refusal.Rule);
    }

    [TestMethod]
    [DataRow("raiser")]
    [DataRow("decider")]
    public void ResolveConcern_ByRaiserOrDecider_ResolvedWithNote(string who)
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        rfc.RaiseConcern(Given.Carol, "On-call load", null, clock.Now());
        var actor = who == "raiser" ? Given.Carol : Given.Bob;
        clock.Advance(TimeSpan.FromHours(2));

        // Act
        var events = rfc.ResolveConcern(actor, 1, "Platform team takes on-call.", clock.Now());

        // Assert
        var concern = rfc.Concerns.Single();
        Assert.AreEqual(ConcernStatus.Resolved, concern.Status);
        Assert.AreEqual(actor, concern.ClosedBy);
        Assert.AreEqual("Platform team takes on-call.", concern.ClosingNote);
        Assert.AreEqual(clock.Now(), concern.ClosedAt);
        var resolved = (ConcernResolved)events.Single();
        Assert.AreEqual(1, resolved.ConcernId);
        Assert.AreEqual("Platform team takes on-call.", resolved.Note);
    }

    [TestMethod]
    [DataRow("author")]
    [DataRow("other")]
    public void ResolveConcern_ByNeitherRaiserNorDecider_RefusedAndUnchanged(string who)
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        rfc.RaiseConcern(Given.Carol, "On-call load", null, clock.Now());
        var actor = who == "author" ? Given.Alice : Given.Dave;

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.ResolveConcern(actor, 1, "Fine.", clock.Now()));

        // Assert
        Assert.AreEqual("Concern.OnlyRaiserOrDeciderResolves", refusal.Rule);
    }

    [TestMethod]
    public void ResolveConcern_WithoutNote_RefusedAndUnchanged()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        rfc.RaiseConcern(Given.Carol, "On-call load", null, clock.Now());

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.ResolveConcern(Given.Carol, 1, " ", clock.Now()));

        // Assert
        Assert.AreEqual("Input.Required", refusal.Rule);
        Assert.AreEqual("note", refusal.Field);
    }

    [TestMethod]
    public void ResolveConcern_UnknownId_Refused()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.ResolveConcern(Given.Bob, 7, "Fine.", clock.Now()));

        // Assert
        Assert.AreEqual("Concern.NotFound", refusal.Rule);
    }

    [TestMethod]
    public void ResolveConcern_AlreadyClosed_Refused()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        rfc.RaiseConcern(Given.Carol, "On-call load", null, clock.Now());
        rfc.ResolveConcern(Given.Carol, 1, "Runbook written.", clock.Now());

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.ResolveConcern(Given.Bob, 1, "Fine.", clock.Now()));

        // Assert
        Assert.AreEqual("Concern.AlreadyClosed", refusal.Rule);
    }
}
