using System.Globalization;
using System.Text;
using TeamsDecisions.Core;
using TeamsDecisions.Cards.Builders;

namespace TeamsDecisions.Cards.Tests;

/// <summary>
/// Properties of escaping and shortening over many random strings from a seeded generator: emoji, ZWJ sequences,
/// combining marks, bidi controls, markdown specials, URLs, leading spaces and random code points.
/// </summary>
[TestClass]
public sealed class TextPropertyTests
{
    private const int Samples = 3_000;

    private static readonly string[] Urls =
    [
        "https://evil.example/phish", "https://en.wikipedia.org/wiki/Foo_(bar)", "http://x.example/a?utm_source=t&b=2#frag", "www.example.org/path/index.html",
        "HTTPS://EXAMPLE.COM/A-B/c.d?q=1,2;3=4!", "https://dev.azure.com/org/proj/_git/repo?path=/src&version=GBmain",
    ];

    private static readonly string[] Pieces =
    [
        "a", "Z", "7", "42", " ", "    ", "\t", "\n", "\n\n", "  ", ".", ")", "-", "+", "=", "#", "*", "**", "_", "__", "`", "~~", "[", "]", "(", "<at>", "</at>", "&amp;", "&#42;", "&copy;", "&",
        "{{DATE(1999-01-01T00:00:00Z, LONG)}}", "{", "}", "|", "!", "\\", ">", "1.", "2)", "😀", "👩‍💻", "👨‍👩‍👧‍👦", "🇯🇵", "👍🏽", "e\u0301", "a\u0308\u0323", "\u0915\u094D\u0937", "각", "\u1100\u1161\u11A8",
        "田中", "\u202E", "\u202A", "\u202B", "\u202C", "\u202D", "\u2066", "\u2067", "\u2068", "\u2069", "\u200D", "\uFE0F", "\u00A0", "é", "ß", "\r\n",
    ];

    public static IEnumerable<object[]> Seeds => Enumerable.Range(1, 6).Select(s => new object[] { s * 7919 });

    [TestMethod]
    [DynamicData(nameof(Seeds))]
    public void Shorten_RandomText_KeepsWholeGraphemesWithinTheBound(int seed)
    {
        var random = new Random(seed);
        for (var n = 0; n < Samples; n++)
        {
            // Arrange
            var text = RandomText(random);
            var max = random.Next(1, text.Length + 3);

            // Act
            var shortened = UserText.Shorten(text, max);

            // Assert
            var why = Describe(seed, text, max);
            Assert.IsLessThanOrEqualTo(max, shortened.Length, why);
            Assert.IsTrue(IsWellFormed(shortened) || !IsWellFormed(text), "lone surrogate: " + why);
            if (shortened != text)
            {
                Assert.EndsWith("…", shortened, why);
                var kept = shortened[..^1];
                Assert.StartsWith(kept, text, StringComparison.Ordinal, why);
                Assert.IsTrue(kept.Length == 0 || GraphemeStarts(text).Contains(kept.Length), "cut inside a grapheme: " + why);
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(Seeds))]
    public void Escape_RandomText_ShowsTheTextAsTypedAndLeavesNoMarkup(int seed)
    {
        var random = new Random(seed);
        for (var n = 0; n < Samples; n++)
        {
            // Arrange
            var text = RandomText(random);

            // Act
            var escaped = Markdown.Escape(text);

            // Assert
            var why = Describe(seed, text, 0) + " → " + Literal(escaped);
            Assert.AreEqual(Visible(text), Unescape(escaped), why);
            AssertNoMarkup(escaped, why);
        }
    }

    [TestMethod]
    [DynamicData(nameof(Seeds))]
    public void EscapeShort_RandomText_IsTheShortenedTextEscaped(int seed)
    {
        var random = new Random(seed);
        for (var n = 0; n < Samples; n++)
        {
            // Arrange
            var text = RandomText(random);
            var max = random.Next(1, text.Length + 3);

            // Act
            var escaped = Markdown.EscapeShort(text, max);

            // Assert
            var why = Describe(seed, text, max);
            Assert.AreEqual(Visible(UserText.Shorten(text, max)), Unescape(escaped), why);
            Assert.IsTrue(IsWellFormed(escaped) || !IsWellFormed(text), "lone surrogate: " + why);
        }
    }

    [TestMethod]
    [DynamicData(nameof(Seeds))]
    public void Escape_BareUrlInRandomText_IsKeptCharacterForCharacter(int seed)
    {
        var random = new Random(seed);
        for (var n = 0; n < Samples; n++)
        {
            // Arrange
            var url = Urls[random.Next(Urls.Length)];
            // One URL: underscores in two URLs can pair into emphasis, and then the later one must be escaped.
            var text = RandomText(random, withUrls: false) + " " + url + " ).,;\n"[random.Next(6)..] + RandomText(random, withUrls: false);

            // Act
            var escaped = Markdown.Escape(text);

            // Assert
            StringAssert.Contains(escaped, url, Describe(seed, text, 0) + " → " + Literal(escaped));
        }
    }

    [TestMethod]
    [DynamicData(nameof(Seeds))]
    public void NamesAndTitles_RandomText_KeepNoBidiControls(int seed)
    {
        var random = new Random(seed);
        for (var n = 0; n < Samples; n++)
        {
            // Arrange
            var text = RandomText(random);

            // Act
            var person = new UserRef("id-" + n.ToString(CultureInfo.InvariantCulture), text);
            var shown = CardText.Name(person);

            // Assert
            var why = Describe(seed, text, 0);
            Assert.IsFalse(person.DisplayName.Any(UserText.IsBidiControl), why);
            Assert.IsFalse(shown.Any(UserText.IsBidiControl), why);
            Assert.IsFalse(UserText.StripBidiControls(text).Any(UserText.IsBidiControl), why);
            Assert.AreEqual(text.Count(c => !UserText.IsBidiControl(c)), UserText.StripBidiControls(text).Length, why);
        }
    }

    [TestMethod]
    public void Escape_UnderscoresInTwoUrlsThatWouldPair_EscapesOnlyTheCloser()
    {
        // Act
        var escaped = Markdown.Escape("see https://dev.azure.com/o/p/_git/r and https://en.wikipedia.org/wiki/Foo_(bar)");

        // Assert: "/_git" could open emphasis that "Foo_(" would close; only the closer gets a backslash.
        Assert.AreEqual("see https://dev.azure.com/o/p/_git/r and https://en.wikipedia.org/wiki/Foo\\_(bar)", escaped);
    }

    [TestMethod]
    public void Model_MarkupOrAddedCharacters_AreCaught()
    {
        // Proves the checks above can fail.
        Assert.AreNotEqual(Visible("https://x.example/a"), Unescape("https://x.example/a\\"));
        Assert.ThrowsExactly<AssertFailedException>(() => AssertNoMarkup("**bold**", "raw emphasis"));
        Assert.ThrowsExactly<AssertFailedException>(() => AssertNoMarkup("    code", "indented code"));
        Assert.ThrowsExactly<AssertFailedException>(() => AssertNoMarkup("see &copy;", "entity"));
        Assert.ThrowsExactly<AssertFailedException>(() => AssertNoMarkup("x /_a_/ y", "underscore emphasis"));
        Assert.IsFalse(IsWellFormed("a\uD83D"));
    }

    /// <summary>What a reader sees for the raw text once line breaks are kept: leading tabs are four spaces, a no-break space is a space.</summary>
    private static string Visible(string text)
    {
        var builder = new StringBuilder(text.Length);
        var lineStart = true;
        foreach (var c in text)
        {
            builder.Append(lineStart && c == '\t' ? "    " : c == '\u00A0' ? " " : c.ToString());
            lineStart = c == '\n' || (lineStart && c is ' ' or '\t');
        }

        return builder.ToString();
    }

    /// <summary>
    /// A small model of how markdown reads escaped text: a backslash before ASCII punctuation shows only the punctuation,
    /// the two spaces before a line break are not shown, a no-break space looks like a space.
    /// </summary>
    private static string Unescape(string escaped)
    {
        var builder = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            var c = escaped[i];
            if (c == '\\' && i + 1 < escaped.Length && char.IsAsciiLetterOrDigit(escaped[i + 1]) is false && escaped[i + 1] is > ' ' and < '\u007F')
            {
                builder.Append(escaped[++i]);
            }
            else if (c == ' ' && i + 2 < escaped.Length && escaped[i + 1] == ' ' && escaped[i + 2] == '\n')
            {
                builder.Append('\n');
                i += 2;
            }
            else
            {
                builder.Append(c == '\u00A0' ? ' ' : c);
            }
        }

        return builder.ToString();
    }

    /// <summary>No character that opens markup is left unescaped, no line starts with indentation, and no entity is formed.</summary>
    private static void AssertNoMarkup(string escaped, string why)
    {
        var openerAt = -1;
        for (var i = 0; i < escaped.Length; i++)
        {
            var c = escaped[i];
            if (c == '\\')
            {
                Assert.IsTrue(i + 1 < escaped.Length && char.IsAsciiLetterOrDigit(escaped[i + 1]) is false && escaped[i + 1] is > ' ' and < '\u007F', $"dangling backslash at {i}: {why}");
                i++;
                continue;
            }

            Assert.IsFalse("`*[]{}<>|~".Contains(c, StringComparison.Ordinal), $"raw '{c}' at {i}: {why}");
            if (c == '_')
            {
                var end = i;
                while (end < escaped.Length && escaped[end] == '_')
                {
                    end++;
                }

                var (canOpen, canClose) = Flanking(i == 0 ? ' ' : escaped[i - 1], end == escaped.Length ? ' ' : escaped[end]);
                Assert.IsFalse(canClose && openerAt >= 0, $"raw '_' at {i} closes emphasis opened at {openerAt}: {why}");
                openerAt = canOpen && openerAt < 0 ? i : openerAt;
                i = end - 1;
                continue;
            }

            Assert.IsFalse(c == '&' && System.Text.RegularExpressions.Regex.IsMatch(escaped[(i + 1)..], "^(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"), $"raw entity at {i}: {why}");
        }

        foreach (var line in escaped.Split('\n'))
        {
            // A line of only spaces is blank (it separates paragraphs); any other line must not start indented.
            Assert.IsFalse(line.Trim(' ').Length > 0 && (line.StartsWith(' ') || line.StartsWith('\t')), $"line starts with indentation: {why}");
            Assert.IsFalse(line.Length > 0 && "#-+=>".Contains(line[0], StringComparison.Ordinal), $"line starts with block markup: {why}");
        }
    }

    /// <summary>CommonMark: whether an underscore run between these characters can open or close emphasis.</summary>
    private static (bool CanOpen, bool CanClose) Flanking(char before, char after)
    {
        static bool Punct(char c) => char.IsPunctuation(c) || char.IsSymbol(c);
        var left = !char.IsWhiteSpace(after) && (!Punct(after) || char.IsWhiteSpace(before) || Punct(before));
        var right = !char.IsWhiteSpace(before) && (!Punct(before) || char.IsWhiteSpace(after) || Punct(after));
        return (left && (!right || Punct(before)), right && (!left || Punct(after)));
    }

    internal static string RandomText(Random random, bool withUrls = true)
    {
        var builder = new StringBuilder();
        var count = random.Next(0, 24);
        for (var i = 0; i < count; i++)
        {
            var pick = random.Next(10);
            if (pick < 7)
            {
                builder.Append(Pieces[random.Next(Pieces.Length)]);
            }
            else if (pick < 8 && withUrls)
            {
                builder.Append(' ').Append(Urls[random.Next(Urls.Length)]);
            }
            else
            {
                // Any Unicode scalar value: BMP, astral, combining marks, format characters.
                int scalar;
                do
                {
                    scalar = random.Next(2) == 0 ? random.Next(0x20, 0x3000) : random.Next(0x20, 0x110000);
                }
                while (scalar is >= 0xD800 and <= 0xDFFF);
                builder.Append(char.ConvertFromUtf32(scalar));
            }
        }

        return builder.ToString();
    }

    private static HashSet<int> GraphemeStarts(string text) => [.. StringInfo.ParseCombiningCharacters(text), text.Length];

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static string Describe(int seed, string text, int max) => $"seed {seed}, max {max}, text {Literal(text)}";

    private static string Literal(string text) =>
        string.Concat(text.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:X4}" : c.ToString()));
}
