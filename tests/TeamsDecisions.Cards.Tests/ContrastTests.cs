using System.Globalization;
using System.Text.Json.Nodes;

namespace TeamsDecisions.Cards.Tests;

[TestClass]
public sealed class ContrastTests
{
    [TestMethod]
    [DynamicData(nameof(Gallery.Names), typeof(Gallery))]
    public void GalleryCard_EveryTextBlockAndTextRun_MeetsWcagContrastInTeamsLightAndDark(string name)
    {
        // Arrange
        var card = JsonNode.Parse(Gallery.Json(name))!.AsObject();

        // Act
        var failures = CardContrast.Themes.SelectMany(theme => CardContrast.Failures(card, theme)).ToList();

        // Assert
        Assert.IsEmpty(failures, $"{name}:\n{string.Join('\n', failures)}");
    }

    [TestMethod]
    public void Failures_WarningTextOnTheDefaultContainer_IsReported()
    {
        // Arrange: proves the walk is not a rubber stamp; Teams' warning yellow on white is about 1.5:1.
        var card = Card(new JsonObject { ["type"] = "TextBlock", ["text"] = "Comments closed", ["color"] = "warning" });

        // Act
        var failures = CardContrast.Failures(card, CardContrast.Themes.Single(t => t.Name == "light"));

        // Assert
        Assert.HasCount(1, failures);
        Assert.Contains("Comments closed", failures[0]);
    }

    [TestMethod]
    public void Failures_WarningTextRunInARichTextBlock_IsReported()
    {
        // Arrange: a run is painted on its RichTextBlock's container, like a TextBlock; a bold run needs 3:1, a plain one 4.5:1.
        var runs = new JsonArray(
            new JsonObject { ["type"] = "TextRun", ["text"] = "Label: ", ["weight"] = "bolder" },
            new JsonObject { ["type"] = "TextRun", ["text"] = "Comments closed", ["color"] = "warning" });
        var card = Card(new JsonObject { ["type"] = "RichTextBlock", ["inlines"] = runs });

        // Act
        var failures = CardContrast.Failures(card, CardContrast.Themes.Single(t => t.Name == "light"));

        // Assert
        Assert.HasCount(1, failures);
        Assert.Contains("Comments closed", failures[0]);
    }

    [TestMethod]
    public void Failures_StyleInheritedFromAnOuterContainer_IsTheBackground()
    {
        // Arrange: Teams dark paints a good container pale green, and the unstyled container inside it too; white text fails there.
        var inner = new JsonObject { ["type"] = "Container", ["items"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = "ACCEPTED", ["color"] = "light" }) };
        var card = Card(new JsonObject { ["type"] = "Container", ["style"] = "good", ["items"] = new JsonArray(inner) });

        // Act
        var failures = CardContrast.Failures(card, CardContrast.Themes.Single(t => t.Name == "dark"));

        // Assert
        Assert.HasCount(1, failures);
    }

    [TestMethod]
    [DataRow("#000000", "#ffffff", 21.0)]
    [DataRow("#ffffffff", "#ffffff", 1.0)]
    [DataRow("#00000000", "#ffffff", 1.0)]
    [DataRow("#767676", "#ffffff", 4.54)]
    public void Ratio_KnownPairs_MatchWcag(string foreground, string background, double expected)
    {
        // Act
        var ratio = CardContrast.Ratio(foreground, background);

        // Assert
        Assert.AreEqual(expected, ratio, 0.01);
    }

    private static JsonObject Card(JsonObject element) =>
        new() { ["type"] = "AdaptiveCard", ["version"] = "1.5", ["body"] = new JsonArray(element) };
}

/// <summary>
/// WCAG 2 contrast of each TextBlock and TextRun against the container it is painted on, with the colours a Teams host config
/// gives for that container style: 4.5:1 for body text, 3:1 for large or bolder text.
/// </summary>
internal static class CardContrast
{
    public const double Body = 4.5;
    public const double Large = 3.0;

    public static IReadOnlyList<HostTheme> Themes { get; } =
    [
        new("light", Load("microsoft-teams-light.json")),
        new("dark", Load("microsoft-teams-dark.json")),
    ];

    /// <summary>"theme, style: text (ratio < threshold)" for every TextBlock and TextRun below its threshold, show-cards included.</summary>
    public static List<string> Failures(JsonObject card, HostTheme theme)
    {
        var failures = new List<string>();
        WalkCard(card, "default", theme, failures);
        return failures;
    }

    /// <summary>The WCAG contrast ratio; a translucent foreground is composited over the (opaque) background first.</summary>
    public static double Ratio(string foreground, string background)
    {
        var bg = Parse(background);
        var fg = Over(Parse(foreground), bg);
        var (a, b) = (Luminance(fg), Luminance(bg));
        return (Math.Max(a, b) + 0.05) / (Math.Min(a, b) + 0.05);
    }

    private static void WalkCard(JsonObject card, string style, HostTheme theme, List<string> failures)
    {
        Walk(card["body"]?.AsArray(), style, theme, failures);
        WalkActions(card["actions"]?.AsArray(), theme, failures);
    }

    private static void WalkActions(JsonArray? actions, HostTheme theme, List<string> failures)
    {
        foreach (var action in actions ?? [])
        {
            if (action!["type"]!.GetValue<string>() == "Action.ShowCard")
            {
                // An inline show-card is painted in the host's showCard style, whatever it sits in.
                var style = theme.Config["actions"]?["showCard"]?["style"]?.GetValue<string>() ?? "emphasis";
                WalkCard(action["card"]!.AsObject(), style, theme, failures);
            }
        }
    }

    private static void Walk(JsonArray? elements, string style, HostTheme theme, List<string> failures)
    {
        foreach (var element in elements ?? [])
        {
            var own = element!["style"]?.GetValue<string>();
            switch (element["type"]!.GetValue<string>())
            {
                case "TextBlock":
                    Check(element.AsObject(), style, theme, failures);
                    break;
                case "RichTextBlock":
                    foreach (var run in element["inlines"]?.AsArray() ?? [])
                    {
                        Check(run!.AsObject(), style, theme, failures);
                    }

                    break;
                case "Container":
                    Walk(element["items"]?.AsArray(), own ?? style, theme, failures);
                    break;
                case "ColumnSet":
                    foreach (var column in element["columns"]?.AsArray() ?? [])
                    {
                        Walk(column!["items"]?.AsArray(), column["style"]?.GetValue<string>() ?? own ?? style, theme, failures);
                    }

                    break;
                case "ActionSet":
                    WalkActions(element["actions"]?.AsArray(), theme, failures);
                    break;
            }
        }
    }

    private static void Check(JsonObject text, string style, HostTheme theme, List<string> failures)
    {
        var container = theme.Config["containerStyles"]![style]!;
        var color = text["color"]?.GetValue<string>() ?? "default";
        var subtle = text["isSubtle"]?.GetValue<bool>() == true;
        var foreground = container["foregroundColors"]![color]![subtle ? "subtle" : "default"]!.GetValue<string>();
        var background = container["backgroundColor"]!.GetValue<string>();
        var size = text["size"]?.GetValue<string>();
        var large = size is "large" or "extraLarge" || text["weight"]?.GetValue<string>() == "bolder";
        var threshold = large ? Large : Body;
        var ratio = Ratio(foreground, background);
        if (ratio < threshold)
        {
            failures.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{theme.Name}, {style} container, {color}{(subtle ? " subtle" : "")}: \"{text["text"]}\" {ratio:0.00}:1 < {threshold}:1"));
        }
    }

    private static (double R, double G, double B, double A) Parse(string hex)
    {
        var digits = hex.TrimStart('#');
        var argb = uint.Parse(digits.Length == 6 ? "ff" + digits : digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return (((argb >> 16) & 0xff) / 255.0, ((argb >> 8) & 0xff) / 255.0, (argb & 0xff) / 255.0, (argb >> 24) / 255.0);
    }

    private static (double R, double G, double B, double A) Over((double R, double G, double B, double A) fg, (double R, double G, double B, double A) bg) =>
        (fg.R * fg.A + bg.R * (1 - fg.A), fg.G * fg.A + bg.G * (1 - fg.A), fg.B * fg.A + bg.B * (1 - fg.A), 1);

    private static double Luminance((double R, double G, double B, double A) c) =>
        (0.2126 * Linear(c.R)) + (0.7152 * Linear(c.G)) + (0.0722 * Linear(c.B));

    private static double Linear(double channel) =>
        channel <= 0.04045 ? channel / 12.92 : Math.Pow((channel + 0.055) / 1.055, 2.4);

    private static JsonObject Load(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(CardSchema.Directory, file)))!.AsObject();
}

/// <summary>A Teams theme's host config, by name.</summary>
internal sealed record HostTheme(string Name, JsonObject Config);
