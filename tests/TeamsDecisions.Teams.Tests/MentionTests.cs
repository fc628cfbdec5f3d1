using System.Text.Json;
using System.Text.Json.Nodes;
using TeamsDecisions.Teams.Activities;

namespace TeamsDecisions.Teams.Tests;

/// <summary>Mentions as Teams needs them: &lt;at&gt;name&lt;/at&gt; in the text and a matching mention entity, whatever the name.</summary>
[TestClass]
public sealed class MentionTests
{
    private const string AikoId = "d4e6f8a0-2c3e-4b7d-9f1a-3e5a7c9d1f2b";
    private const string IvanId = "e5f7a9b1-3d4f-4c8e-a02b-4f6b8d0e2a3c";

    [TestMethod]
    public void Of_PlainName_EntityIsTypeMentionWithTheEntraIdAndAtText()
    {
        // Act
        var json = JsonSerializer.SerializeToNode(Mention.Of(AikoId, "Aiko Tanaka"), ActivityJson.Options)!.AsObject();

        // Assert: the exact shape Teams documents.
        Assert.AreEqual("mention", (string?)json["type"]);
        Assert.AreEqual("<at>Aiko Tanaka</at>", (string?)json["text"]);
        Assert.AreEqual(AikoId, (string?)json["mentioned"]!["id"]);
        Assert.AreEqual("Aiko Tanaka", (string?)json["mentioned"]!["name"]);
    }

    [TestMethod]
    public void Of_TeamsIdWithPrefix_KeptAsItIs()
    {
        // Act
        var mention = Mention.Of("29:1aK8mN2pQ4rS6tU8vW0xY", "Aiko Tanaka");

        // Assert
        Assert.AreEqual("29:1aK8mN2pQ4rS6tU8vW0xY", mention.Mentioned!.Id);
    }

    [TestMethod]
    [DataRow("<at>Eve</at>", "&lt;at&gt;Eve&lt;/at&gt;")]
    [DataRow("Eve</at><at>Mallory", "Eve&lt;/at&gt;&lt;at&gt;Mallory")]
    [DataRow("Tom & Jerry", "Tom &amp; Jerry")]
    [DataRow("&amp;lt;", "&amp;amp;lt;")]
    [DataRow("\"quoted\" <b>bold</b>", "&quot;quoted&quot; &lt;b&gt;bold&lt;/b&gt;")]
    [DataRow("*Ada* _Lovelace_", "*Ada* _Lovelace_")]
    [DataRow("Ada\u202Eecalevol\u202C", "Adaecalevol")]
    [DataRow("\u2066Bob\u2069 \u202ASmith", "Bob Smith")]
    [DataRow("  Zofia \n\t Kowalska \u0007 ", "Zofia Kowalska")]
    public void SafeName_HostileName_CannotBreakTheMarkup(string name, string expected)
    {
        // Act
        var safe = MentionText.SafeName(name, AikoId);

        // Assert
        Assert.AreEqual(expected, safe);
        Assert.IsFalse(safe.Contains('<', StringComparison.Ordinal) || safe.Contains('>', StringComparison.Ordinal), safe);
        Assert.IsFalse(safe.Any(MentionText.IsBidiControl), "No bidi control survives.");
    }

    [TestMethod]
    public void SafeName_VeryLongName_CutBetweenGraphemesWithAnEllipsis()
    {
        // Arrange: 70 family emoji (each a ZWJ sequence of 11 UTF-16 units) after a name.
        var name = "Ada " + string.Concat(Enumerable.Repeat("👨‍👩‍👧‍👦", 70));

        // Act
        var safe = MentionText.SafeName(name, AikoId);

        // Assert: at most 64 characters, no half emoji, and it says it was cut.
        Assert.IsLessThanOrEqualTo(MentionText.MaxNameLength, safe.Length);
        Assert.EndsWith("…", safe);
        var body = safe[..^1].TrimEnd();
        Assert.AreEqual(0, (body.Length - "Ada ".Length) % "👨‍👩‍👧‍👦".Length, safe);
    }

    [TestMethod]
    public void SafeName_VeryLongNameOfMarkup_EscapedAfterTheCutSoNoEntityIsHalved()
    {
        // Act
        var safe = MentionText.SafeName(new string('&', 500), AikoId);

        // Assert: 63 ampersands (and the ellipsis), each written whole.
        Assert.AreEqual(string.Concat(Enumerable.Repeat("&amp;", MentionText.MaxNameLength - 1)) + "…", safe);
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("   ")]
    [DataRow("\u202E\u202C")]
    public void SafeName_NoNameLeft_FallsBackToTheId(string? name)
    {
        // Act
        var safe = MentionText.SafeName(name, AikoId);

        // Assert
        Assert.AreEqual(AikoId, safe);
    }

    [TestMethod]
    public void ToActivity_TwoPeopleAndHostileText_EveryEntityTextAppearsInTheMessageAndNothingElseIsMarkup()
    {
        // Arrange
        var message = new MentionMessage()
            .Mention(AikoId, "Aiko </at> Tanaka")
            .Text(" decides <RFC-0004> & more. ")
            .MentionAll([(IvanId, "Ivan & Co"), (AikoId, "Aiko </at> Tanaka")])
            .Text(", please review.");

        // Act
        var activity = message.ToActivity();

        // Assert
        Assert.AreEqual("message", activity.Type);
        Assert.AreEqual("xml", activity.TextFormat);
        Assert.AreEqual(
            "<at>Aiko &lt;/at&gt; Tanaka</at> decides &lt;RFC-0004&gt; &amp; more. <at>Ivan &amp; Co</at> and <at>Aiko &lt;/at&gt; Tanaka</at>, please review.",
            activity.Text);
        var entities = activity.Entities!.Select(e => JsonNode.Parse(e.GetRawText())!.AsObject()).ToList();
        Assert.HasCount(2, entities, "One entity per person, however often they are mentioned.");
        foreach (var entity in entities)
        {
            Assert.AreEqual("mention", (string?)entity["type"]);
            StringAssert.Contains(activity.Text, (string?)entity["text"]);
        }

        Assert.AreEqual(IvanId, (string?)entities[1]["mentioned"]!["id"]);
        Assert.AreEqual("Ivan & Co", (string?)entities[1]["mentioned"]!["name"]);
        Assert.AreEqual(3, activity.Text!.Split("<at>").Length - 1, "<at> only where a mention is.");
        Assert.AreEqual(3, activity.Text.Split("</at>").Length - 1, "</at> only where a mention ends.");
    }

    [TestMethod]
    public void ToActivity_SerialisedAndReadBack_MentionsAreFoundAsTeamsWouldSendThem()
    {
        // Arrange
        var sent = new MentionMessage().Mention(AikoId, "Aiko Tanaka").Text(", over to you.").ToActivity();

        // Act
        var read = JsonSerializer.Deserialize<Activity>(JsonSerializer.Serialize(sent, ActivityJson.Options), ActivityJson.Options)!;

        // Assert
        Assert.IsTrue(read.Mentions(AikoId));
        Assert.AreEqual(", over to you.", read.TextWithoutMentionOf(AikoId));
    }

    [TestMethod]
    [DataRow("javascript:alert(1)")]
    [DataRow("file:///etc/passwd")]
    public void Link_NotHttp_WrittenAsItsLabelOnly(string url)
    {
        // Act
        var text = new MentionMessage().Link(new Uri(url), "DEC-0001").ToActivity().Text;

        // Assert
        Assert.AreEqual("DEC-0001", text);
    }

    [TestMethod]
    public void Link_Https_AnchorWithTheEscapedUrl()
    {
        // Act
        var text = new MentionMessage().Link(new Uri("https://contoso.sharepoint.com/sites/x/DEC-0001.aspx?a=1&b=\"2\""), "DEC-0001").ToActivity().Text;

        // Assert
        Assert.AreEqual("<a href=\"https://contoso.sharepoint.com/sites/x/DEC-0001.aspx?a=1&amp;b=%222%22\">DEC-0001</a>", text);
    }
}
