using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Core.Tests;

[TestClass]
public sealed class CommentTests
{
    [TestMethod]
    [DataRow(CommentSource.Card)]
    [DataRow(CommentSource.ThreadReply)]
    public void AddComment_WhileOpen_KeepsAuthorTextTimeAndSource(CommentSource source)
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        clock.Advance(TimeSpan.FromHours(4));

        // Act
        var events = rfc.AddComment(Given.Carol, "What about schema evolution?", source, clock.Now());

        // Assert
        var comment = rfc.Comments.Single();
        Assert.AreEqual(new Comment(1, Given.Carol, "What about schema evolution?", clock.Now(), source), comment);
        var added = (CommentAdded)events.Single();
        Assert.AreEqual(1, added.CommentId);
        Assert.AreEqual(source, added.Source);
    }

    [TestMethod]
    public void AddComment_WhileAwaitingDecision_Allowed()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Awaiting(clock);

        // Act
        rfc.AddComment(Given.Carol, "One more thing.", CommentSource.ThreadReply, clock.Now());

        // Assert
        Assert.HasCount(1, rfc.Comments);
    }

    [TestMethod]
    [DataRow(RfcLimits.CommentMin)]
    [DataRow(RfcLimits.CommentMax)]
    public void AddComment_LengthAtBounds_Accepted(int length)
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);

        // Act
        rfc.AddComment(Given.Carol, new string('x', length), CommentSource.Card, clock.Now());

        // Assert
        Assert.AreEqual(length, rfc.Comments.Single().Text.Length);
    }

    [TestMethod]
    [DataRow(RfcLimits.CommentMax + 1, "Input.TooLong")]
    [DataRow(0, "Input.Required")]
    public void AddComment_LengthOutOfBounds_RefusedAndUnchanged(int length, string rule)
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.AddComment(Given.Carol, new string('x', length), CommentSource.Card, clock.Now()));

        // Assert
        Assert.AreEqual(rule, refusal.Rule);
        Assert.AreEqual("comment", refusal.Field);
    }

    [TestMethod]
    public void AddComment_WhitespaceOnly_Refused()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.AddComment(Given.Carol, " \r\n\t ", CommentSource.Card, clock.Now()));

        // Assert
        Assert.AreEqual("Input.Required", refusal.Rule);
    }

    [TestMethod]
    [DataRow(DecisionOutcome.Accepted)]
    [DataRow(DecisionOutcome.Deferred)]
    public void AddComment_AfterResolution_RefusedAndUnchanged(DecisionOutcome outcome)
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Resolved(clock, outcome);

        // Act
        var refusal = Given.RefusedUnchanged(rfc, () => rfc.AddComment(Given.Carol, "Late.", CommentSource.ThreadReply, clock.Now()));

        // Assert
        Assert.AreEqual("Comment.OnlyBeforeResolution", refusal.Rule);
    }

    [TestMethod]
    public void Digest_ManyComments_KeepsCountsLastTwentyAndShortensLongOnes()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        for (var i = 1; i <= 24; i++)
        {
            rfc.AddComment(i % 2 == 0 ? Given.Carol : Given.Dave, $"Comment {i}", CommentSource.Card, clock.Now());
        }

        rfc.AddComment(new UserRef("CAROL-ID", "Carol"), new string('y', 900), CommentSource.ThreadReply, clock.Now());

        // Act
        var digest = rfc.Digest();

        // Assert
        Assert.AreEqual(25, digest.Total);
        Assert.AreEqual(2, digest.Contributors);
        Assert.HasCount(RfcLimits.DigestComments, digest.Recent);
        Assert.AreEqual("Comment 6", digest.Recent[0].Text);
        Assert.AreEqual(RfcLimits.DigestCommentLength, digest.Recent[^1].Text.Length);
        Assert.EndsWith("…", digest.Recent[^1].Text);
        Assert.AreEqual(900, rfc.Comments[^1].Text.Length, "The digest shortens a copy, never the comment itself.");
    }
}
