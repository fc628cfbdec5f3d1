using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Core.Tests;

[TestClass]
public sealed class UserTextTests
{
    [TestMethod]
    public void UserRef_NameWithBidiOverrides_IsShownWithoutThem()
    {
        // Act: "‮Alice" would reverse "on 2025-03-03" after it on a card.
        var person = new UserRef("alice-id", "\u202EAl\u2066ice\u2069\u202C");

        // Assert
        Assert.AreEqual("Alice", person.DisplayName);
    }

    [TestMethod]
    public void UserRef_NameOfOnlyBidiControls_FallsBackToTheId()
    {
        // Act
        var person = new UserRef("alice-id", " \u202E\u202D ");

        // Assert
        Assert.AreEqual("alice-id", person.DisplayName);
    }

    [TestMethod]
    public void Propose_TitleWithBidiOverride_IsStoredWithoutIt()
    {
        // Arrange
        var proposal = Given.Proposal() with { Title = "Adopt \u202Eakfak\u202C now" };

        // Act
        var (rfc, _) = Rfc.Propose(Given.Id(), Given.Alice, proposal, RfcLimits.DefaultWindowDays, Given.Start);

        // Assert
        Assert.AreEqual("Adopt akfak now", rfc.Title);
    }

    [TestMethod]
    public void RaiseConcern_TitleWithBidiIsolate_IsStoredWithoutIt()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);

        // Act
        rfc.RaiseConcern(Given.Carol, "\u2067Capacity\u2069 planning", null, clock.GetUtcNow());

        // Assert
        Assert.AreEqual("Capacity planning", rfc.Concerns[^1].Title);
    }

    [TestMethod]
    [DataRow("Team 👩‍💻👩‍💻👩‍💻", 11, "Team 👩‍💻…")]
    [DataRow("Team 👩‍💻👩‍💻👩‍💻", 10, "Team…")]
    [DataRow("Cafe\u0301 au lait", 5, "Caf…")]
    [DataRow("Café au lait", 5, "Café…")]
    [DataRow("😀😀😀", 4, "😀…")]
    [DataRow("😀😀😀", 2, "…")]
    [DataRow("short", 5, "short")]
    public void Shorten_TextWithGraphemeClusters_CutsOnlyBetweenThem(string text, int max, string expected)
    {
        // Act
        var shortened = UserText.Shorten(text, max);

        // Assert
        Assert.AreEqual(expected, shortened);
        Assert.IsLessThanOrEqualTo(max, shortened.Length);
    }

    [TestMethod]
    public void Digest_LongCommentEndingInEmoji_NeverSplitsTheEmoji()
    {
        // Arrange
        var clock = Given.Clock();
        var rfc = Given.Open(clock);
        rfc.AddComment(Given.Carol, new string('y', RfcLimits.DigestCommentLength - 2) + "😀😀", CommentSource.Card, clock.GetUtcNow());

        // Act
        var text = rfc.Digest().Recent[^1].Text;

        // Assert
        Assert.AreEqual(new string('y', RfcLimits.DigestCommentLength - 2) + "…", text);
    }
}
