using System.Text.Json.Nodes;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.Cards.Tests;

[TestClass]
public sealed class EscapingTests
{
    [TestMethod]
    [DataRow("**bold**", "\\*\\*bold\\*\\*")]
    [DataRow("_italic_", "\\_italic\\_")]
    [DataRow("[click](https://evil.example)", "\\[click\\]\\(https://evil.example)")]
    [DataRow("<at>Bob</at>", "\\<at\\>Bob\\</at\\>")]
    [DataRow("{{DATE(2020-01-01T00:00:00Z, SHORT)}}", "\\{\\{DATE\\(2020-01-01T00:00:00Z, SHORT\\)\\}\\}")]
    [DataRow("# Heading", "\\# Heading")]
    [DataRow("- item\n+ item", "\\- item  \n\\+ item")]
    [DataRow("1. first\n  2) second", "1\\. first  \n\u00A0\u00A02\\) second")]
    [DataRow("&amp; &#42;", "\\&amp; \\&\\#42;")]
    [DataRow("a - b, 3.5 and 10.2", "a - b, 3.5 and 10.2")]
    [DataRow("田中 愛子", "田中 愛子")]
    [DataRow("back\\slash", "back\\\\slash")]
    public void Escape_MarkdownControlCharacters_AreBackslashEscaped(string input, string expected)
    {
        Assert.AreEqual(expected, Markdown.Escape(input));
    }

    [TestMethod]
    [DataRow("https://evil.example/phish", "https://evil.example/phish")]
    [DataRow("see (https://evil.example/phish)", "see \\(https://evil.example/phish)")]
    [DataRow("https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_(bar)")]
    [DataRow("https://dev.azure.com/o/p/_git/r?path=/src&version=GBmain#L3", "https://dev.azure.com/o/p/_git/r?path=/src&version=GBmain#L3")]
    [DataRow("www.example.org/a_b!", "www.example.org/a_b!")]
    [DataRow("https://x.example/*a*[b]{{c}}", "https://x.example/\\*a\\*\\[b\\]\\{\\{c\\}\\}")]
    [DataRow("https://x.example/?a=1&copy;", "https://x.example/?a=1\\&copy;")]
    [DataRow("xhttps://x.example/a_(b)", "xhttps://x.example/a\\_\\(b\\)")]
    public void Escape_BareUrl_GetsNoBackslashUnlessACharacterCouldStartMarkup(string input, string expected)
    {
        Assert.AreEqual(expected, Markdown.Escape(input));
    }

    [TestMethod]
    [DataRow("    var x = 1;", "\u00A0\u00A0\u00A0\u00A0var x = 1;")]
    [DataRow("intro\n\n\tindented", "intro  \n  \n\u00A0\u00A0\u00A0\u00A0indented")]
    [DataRow("    - item", "\u00A0\u00A0\u00A0\u00A0\\- item")]
    public void Escape_IndentedLine_KeepsItsIndentWithoutBecomingCode(string input, string expected)
    {
        Assert.AreEqual(expected, Markdown.Escape(input));
    }

    [TestMethod]
    public void EscapeShort_EmojiAtTheCut_IsKeptWholeOrDropped()
    {
        // Act
        var result = Markdown.EscapeShort("Ship it 👩‍💻👩‍💻", 12);

        // Assert
        Assert.AreEqual("Ship it…", result);
    }

    [TestMethod]
    public void EscapeShort_LongText_IsCutBeforeEscaping()
    {
        var result = Markdown.EscapeShort(new string('*', 20), 10);

        Assert.AreEqual(string.Concat(Enumerable.Repeat("\\*", 9)) + "…", result);
    }

    [TestMethod]
    public void RfcCard_HostileTitleNamesCommentsAndConcerns_ShowsThemAsTypedInRunsThatFormNoMarkup()
    {
        // Arrange
        var built = RfcCard.Build(HostileRfc.Create(), new CardViewer(HostileRfc.At, HostileRfc.Decider));

        // Act
        var markdown = string.Join("\n", MarkdownTexts(JsonNode.Parse(CardJson.Serialize(built))!));
        var runs = CardInspect.AllElements(built).OfType<RichTextBlock>().SelectMany(r => r.Inlines)
            .Where(r => !r.Text.Contains("{{DATE(202", StringComparison.Ordinal)).ToList(); // our own dates; the hostile one is from 1999
        var shown = string.Join("\n", CardInspect.AllElements(built).OfType<RichTextBlock>().Select(CardInspect.Shown));

        // Assert: each hostile text is shown as typed in runs, never in text the client reads as markdown unescaped,
        // and no run on its own can form a link, emphasis or a DATE function.
        foreach (var raw in HostileRfc.Markers)
        {
            StringAssert.Contains(shown, raw, $"\"{raw}\" should be shown as typed.");
            Assert.AreEqual(0, UnescapedOccurrences(markdown, raw), $"\"{raw}\" appears unescaped in markdown.");
        }

        Assert.IsTrue(runs.All(r => PlainTextTests.Markup(r.Text) is null), string.Join(" | ", runs.Select(r => r.Text).Where(t => PlainTextTests.Markup(t) is not null)));
    }

    [TestMethod]
    public void UnescapedOccurrences_RawMarkdown_IsFound()
    {
        // Proves the check above can fail.
        Assert.AreEqual(1, UnescapedOccurrences("see # Big heading", "# Big heading"));
        Assert.AreEqual(0, UnescapedOccurrences("see \\# Big heading", "# Big heading"));
        Assert.AreEqual(2, UnescapedOccurrences(string.Join("\n", MarkdownTexts(JsonNode.Parse("{\"type\":\"TextBlock\",\"text\":\"**a**\",\"x\":{\"type\":\"FactSet\",\"facts\":[{\"title\":\"**a**\",\"value\":\"b\"}]}}")!)), "**a**"));
    }

    [TestMethod]
    public void FinalCard_HostileRationale_IsShownAsTypedInRunsThatFormNoMarkup()
    {
        // Arrange
        const string rationale = "[Read more](javascript:alert(1)) **now** <at>Everyone</at> and wait for Q3 planning to finish first.";
        var rfc = HostileRfc.Create();
        rfc.Resolve(HostileRfc.Decider, new ResolutionRequest(DecisionOutcome.Deferred, rationale, null, [], null, []), new DecisionNumber(1), HostileRfc.At.AddDays(6));

        // Act
        var card = FinalCard.Build(rfc, CardLinks.None);

        // Assert: no markdown text (TextBlock, fact) carries it; runs show it as typed, none able to form a link or bold.
        Assert.IsFalse(MarkdownTexts(JsonNode.Parse(CardJson.Serialize(card))!).Any(t => t.Contains("Read more", StringComparison.Ordinal)));
        var why = CardInspect.Rich(card, rationale);
        Assert.IsTrue(why.Inlines.All(r => PlainTextTests.Markup(r.Text) is null), string.Join(" | ", why.Inlines.Select(r => r.Text)));
    }

    /// <summary>Every string the client renders as markdown: TextBlock text, and fact titles and values.</summary>
    internal static IEnumerable<string> MarkdownTexts(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["type"]?.GetValue<string>() == "TextBlock" && obj["text"] is JsonValue text)
                {
                    yield return text.GetValue<string>();
                }

                if (obj["type"]?.GetValue<string>() == "FactSet" && obj["facts"] is JsonArray facts)
                {
                    foreach (var fact in facts.OfType<JsonObject>())
                    {
                        yield return fact["title"]!.GetValue<string>();
                        yield return fact["value"]!.GetValue<string>();
                    }
                }

                foreach (var (_, child) in obj)
                {
                    if (child is not null)
                    {
                        foreach (var inner in MarkdownTexts(child))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array.OfType<JsonNode>())
                {
                    foreach (var inner in MarkdownTexts(child))
                    {
                        yield return inner;
                    }
                }

                break;
            default:
                break;
        }
    }

    /// <summary>Occurrences of <paramref name="raw"/> not preceded by a backslash.</summary>
    private static int UnescapedOccurrences(string json, string raw)
    {
        var count = 0;
        for (var i = json.IndexOf(raw, StringComparison.Ordinal); i >= 0; i = json.IndexOf(raw, i + 1, StringComparison.Ordinal))
        {
            if (i == 0 || json[i - 1] != '\\')
            {
                count++;
            }
        }

        return count;
    }
}

/// <summary>An RFC where every field a user types tries to forge formatting, links, mentions or date functions.</summary>
internal static class HostileRfc
{
    public static readonly DateTimeOffset At = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    public static readonly UserRef Decider = new("0f7b9d7c-5f6e-4bb5-8d55-52d0b0d7a102", "**Boss** [admin](https://evil.example)");
    public static readonly UserRef Author = new("6b2d1a3e-0c1f-4a4e-9a57-1c1f0f8c0a01", "<at>Everyone</at>");

    public static readonly string[] Markers =
    [
        "**pwned**", "[click here](https://evil.example/phish)", "<at>Everyone</at>", "{{DATE(1999-01-01T00:00:00Z, LONG)}}", "# Big heading", "_sneaky_", "[admin](https://evil.example)",
    ];

    public static Rfc Create()
    {
        var (rfc, _) = Rfc.Propose(
            new RfcId(new TeamId("19:hostile@thread.tacv2"), new RfcNumber(66)),
            Author,
            new RfcProposal(
                "**pwned** [click here](https://evil.example/phish) {{DATE(1999-01-01T00:00:00Z, LONG)}}",
                Decider,
                [new UserRef("9c1e3f44-2b7a-4c58-a0f4-6f6c5d3a2b03", "_sneaky_")],
                "# Big heading\n- list item\n1. numbered",
                "<at>Everyone</at> please approve",
                [new RfcOption("[click here](https://evil.example/phish)", null), new RfcOption("**pwned**", null)],
                ["_sneaky_"],
                []),
            5,
            At.AddDays(-1));
        rfc.Open(Author, At.AddDays(-1));
        rfc.CastVote(Decider, VoteKind.Object, "**pwned** because [click here](https://evil.example/phish)", At.AddHours(-5));
        rfc.RaiseConcern(Author, "# Big heading concern", "<at>Everyone</at> {{DATE(1999-01-01T00:00:00Z, LONG)}}", At.AddHours(-4));
        rfc.AddComment(Author, "[click here](https://evil.example/phish) **pwned** <at>Everyone</at>\n# Big heading", CommentSource.Card, At.AddHours(-3));
        return rfc;
    }
}
