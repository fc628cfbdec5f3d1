using System.Globalization;
using TeamsDecisions.Core;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.Cards.Tests;

/// <summary>
/// User text in TextRuns: shown as typed, and cut so that no run holds markup for the iOS renderer's markdown parser
/// (which reads run text although the schema says it is not markdown) or a date function for any client.
/// </summary>
[TestClass]
public sealed class PlainTextTests
{
    [TestMethod]
    [DataRow("Aiko Tanaka (AT)", new[] { "Aiko Tanaka (AT)" })]
    [DataRow("**bold**", new[] { "*", "*", "bold", "*", "*" })]
    [DataRow("[a](b)", new[] { "[", "a", "]", "(b)" })]
    [DataRow("snake_case", new[] { "snake", "_", "case" })]
    [DataRow("- item\n+ more", new[] { "-", " item\n+", " more" })]
    [DataRow("a - b", new[] { "a -", " b" })]
    [DataRow("{{DATE(2026-03-02T09:00:00Z)}}", new[] { "{", "{DATE(2026-03-02T09:00:00Z)}}" })]
    [DataRow("{{{", new[] { "{", "{", "{" })]
    [DataRow("back\\slash #1 <at>x</at> &amp;", new[] { "back\\slash #1 <at>x</at> &amp;" })]
    [DataRow("*️⃣ keycap", new[] { "*️⃣", " keycap" })]
    public void Pieces_Examples_AreCutWhereMarkupWouldNeedTwoCharactersInOneRun(string text, string[] expected)
    {
        // Act
        var pieces = PlainText.Pieces(text);

        // Assert
        CollectionAssert.AreEqual(expected, pieces.ToArray());
    }

    [TestMethod]
    public void Pieces_BidiControlsAndLength_AreHandledAsForNamesAndTitles()
    {
        // Act
        var pieces = PlainText.Pieces("Ship \u202Eit 👩‍💻👩‍💻", 12);

        // Assert
        Assert.AreEqual("Ship it…", string.Concat(pieces));
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    public void Pieces_NoText_IsNoRun(string? text)
    {
        Assert.IsEmpty(PlainText.Pieces(text));
    }

    [TestMethod]
    [DynamicData(nameof(TextPropertyTests.Seeds), typeof(TextPropertyTests))]
    public void Pieces_RandomText_JoinToTheTextAndFormNoMarkup(int seed)
    {
        var random = new Random(seed);
        for (var n = 0; n < 3_000; n++)
        {
            // Arrange
            var text = TextPropertyTests.RandomText(random);
            var max = random.Next(1, text.Length + 3);

            // Act
            var pieces = PlainText.Pieces(text, max);

            // Assert
            var why = $"seed {seed}, max {max}, text {string.Concat(text.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:X4}" : c.ToString()))}";
            var expected = text.Length == 0 ? string.Empty : UserText.Shorten(UserText.StripBidiControls(text), max);
            Assert.AreEqual(expected, string.Concat(pieces), why);
            Assert.IsFalse(pieces.Any(p => p.Length == 0), "empty run: " + why);
            foreach (var piece in pieces)
            {
                Assert.IsNull(Markup(piece), $"{Markup(piece)} in run \"{piece}\": {why}");
            }
        }
    }

    [TestMethod]
    [DataRow("*x*")]
    [DataRow("[a]")]
    [DataRow("- item")]
    [DataRow("a {{DATE(2026-03-02T09:00:00Z)}}")]
    public void Markup_OneRunThatCouldFormMarkup_IsCaught(string run)
    {
        // Proves the property above can fail.
        Assert.IsNotNull(Markup(run));
    }

    [TestMethod]
    public void Helpers_LabelAndStyle_GoOnEveryRunAndTheRunsShowTheText()
    {
        // Act
        var labelled = CardText.Labelled("How to fix it", "Use *one* [link]");
        var subtle = CardText.SubtleLine([new("by "), CardText.Bold("Ada"), .. CardText.User("_me_")]);

        // Assert
        Assert.AreEqual("How to fix it: Use *one* [link]", CardInspect.Shown(labelled));
        Assert.AreEqual(TextWeight.Bolder, labelled.Inlines[0].Weight);
        Assert.IsTrue(labelled.Inlines.Skip(1).All(r => r.Weight is null));
        Assert.IsTrue(subtle.Inlines.All(r => r.IsSubtle == true && r.Size == TextSize.Small));
        Assert.AreEqual(TextWeight.Bolder, subtle.Inlines[1].Weight, "A run's own weight wins over the line's.");
    }

    /// <summary>
    /// What a run could be read as, or null: emphasis or a link (a * _ [ ] with anything else in the run), a list item
    /// (- or + followed by a space), a date function ("{{").
    /// </summary>
    internal static string? Markup(string run)
    {
        var graphemes = StringInfo.GetTextElementEnumerator(run);
        var count = 0;
        var delimiter = false;
        while (graphemes.MoveNext())
        {
            count++;
            delimiter |= "*_[]".Contains(((string)graphemes.Current)[0], StringComparison.Ordinal);
        }

        return delimiter && count > 1 ? "emphasis or link"
            : run.Contains("- ", StringComparison.Ordinal) || run.Contains("+ ", StringComparison.Ordinal) ? "list item"
            : run.Contains("{{", StringComparison.Ordinal) ? "date function"
            : null;
    }
}
