using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.Cards.Tests;

/// <summary>
/// Every gallery card (and two hostile ones) rendered by the official Adaptive Cards JS renderer 3.0.6 in headless
/// Chromium with the Teams host config; PNGs go to artifacts/cards/ (ignored by git) for a human to look at.
/// </summary>
[TestClass]
public sealed class RendererTests
{
    private static readonly string[] HostileCards = ["hostile-rfc-decider", "hostile-rfc-shared", "hostile-plain-runs", "hostile-raw-textblock"];

    /// <summary>A name as people type it, with every character markdown or a date function could take, and one backslash.</summary>
    private const string TypedText = "Aiko Tanaka (AT) *x* _y_ [a](b) \\ #\n- item **bold** {{DATE(1999-01-01T00:00:00Z, LONG)}} <at>Everyone</at> &amp;";
    private static JsonElement[] rendered = [];
    private static Dictionary<string, JsonNode> sources = [];

    public static IEnumerable<object[]> AllNames => Gallery.Names.Concat(HostileCards.Select(n => new object[] { n }));

    [ClassInitialize]
    public static void RenderAll(TestContext context)
    {
        _ = context;
        var root = RepoRoot();
        var cardsDir = Path.Combine(Path.GetTempPath(), "teamsdecisions-cards-" + Guid.NewGuid().ToString("N")[..8]);
        CardGallery.Export(cardsDir);
        var hostile = HostileRfc.Create();
        File.WriteAllText(Path.Combine(cardsDir, "hostile-rfc-decider.json"), CardJson.Serialize(RfcCard.Build(hostile, new CardViewer(HostileRfc.At, HostileRfc.Decider))));
        File.WriteAllText(Path.Combine(cardsDir, "hostile-rfc-shared.json"), CardJson.Serialize(RfcCard.Build(hostile, new CardViewer(HostileRfc.At))));
        File.WriteAllText(Path.Combine(cardsDir, "hostile-plain-runs.json"), CardJson.Serialize(new AdaptiveCard
        {
            Body = [CardText.Plain(TypedText), CardText.Labelled("Name", TypedText), CardText.SubtleLine([new("Proposed by "), .. CardText.User(TypedText)])],
            MsTeams = new TeamsCardProperties(),
        }));
        File.WriteAllText(Path.Combine(cardsDir, "hostile-raw-textblock.json"), CardJson.Serialize(new AdaptiveCard { Body = [new TextBlock(TypedText)], MsTeams = new TeamsCardProperties() }));
        sources = Directory.GetFiles(cardsDir, "*.json").ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => JsonNode.Parse(File.ReadAllText(f))!);

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "render", "render-cards.mjs"),
            cardsDir,
            Path.Combine(root, "artifacts", "cards"),
            Path.Combine(root, ".tools", "node_modules"),
            Path.Combine(CardSchema.Directory, "microsoft-teams-light.json"),
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The renderer did not finish within 5 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The renderer failed ({process.ExitCode}). Is Chromium installed at /usr/bin/chromium (apt-get install chromium) and .tools installed (scripts/install-tools.sh)?\n{stderr.Result}");
        }

        using var report = JsonDocument.Parse(stdout);
        Assert.AreEqual("3.0.6", report.RootElement.GetProperty("renderer").GetString());
        rendered = [.. report.RootElement.GetProperty("cards").EnumerateArray().Select(c => c.Clone())];
    }

    [TestMethod]
    [DynamicData(nameof(AllNames))]
    public void Render_Card_HasNoParseOrValidationEvents(string name)
    {
        // Arrange
        var card = Rendered(name);

        // Act
        var events = card.GetProperty("events").EnumerateArray().Where(e => !IsPeoplePickerFalseAlarm(name, e)).Select(e => e.ToString()).ToList();

        // Assert
        Assert.IsEmpty(events, $"{name}:\n{string.Join('\n', events)}");
    }

    [TestMethod]
    [DynamicData(nameof(AllNames))]
    public void Render_Card_ShowsDatesThroughTheClientsDateFunctions(string name)
    {
        // Act
        var text = Rendered(name).GetProperty("text").GetString()!;

        // Assert: our own {{DATE}}/{{TIME}} (2025–2026) were understood; only the hostile 1999 one stays literal.
        Assert.DoesNotContain("{{DATE(202", text);
        Assert.DoesNotContain("{{TIME(202", text);
    }

    [TestMethod]
    [DynamicData(nameof(AllNames))]
    public void Render_Card_NoButtonLabelIsCutOffAt460Px(string name)
    {
        // Act: the renderer lays the card out 460 px wide, the width of a card in a Teams channel.
        var cut = Rendered(name).GetProperty("buttons").EnumerateArray().Where(b => b.GetProperty("truncated").GetBoolean()).Select(b => b.GetProperty("title").GetString()).ToList();

        // Assert
        Assert.IsEmpty(cut, $"{name}: {string.Join(", ", cut)}");
    }

    [TestMethod]
    [DataRow("rfc-open-shared")]
    [DataRow("rfc-open-reviewer-not-voted")]
    [DataRow("rfc-open-concern-raiser")]
    [DataRow("rfc-open-decider")]
    [DataRow("rfc-awaiting-decider")]
    public void Render_OpenRfcCard_FirstActionWithin750PxOfTheTop(string name)
    {
        // Arrange: the open RFC card used to be ~1,000 px tall before its first button (Segoe UI is narrower than the fonts here); "Show details" changes nothing.
        var buttons = Rendered(name).GetProperty("buttons").EnumerateArray().Where(b => b.GetProperty("title").GetString() != "Show details").ToList();

        // Act
        var top = buttons.Min(b => b.GetProperty("top").GetInt32());

        // Assert
        Assert.IsLessThanOrEqualTo(750, top, $"{name}: first action at {top} px.");
    }

    [TestMethod]
    [DynamicData(nameof(AllNames))]
    public void Render_Card_WritesAPng(string name)
    {
        // Act
        var png = Rendered(name).GetProperty("png").GetString()!;

        // Assert
        Assert.IsTrue(File.Exists(png), png);
        Assert.IsGreaterThan(2_000L, new FileInfo(png).Length);
    }

    [TestMethod]
    [DataRow("hostile-rfc-decider")]
    [DataRow("hostile-rfc-shared")]
    public void Render_HostileUserText_IsShownAsTypedWithoutLinksHeadingsOrLists(string name)
    {
        // Arrange
        var card = Rendered(name);
        var text = card.GetProperty("text").GetString()!;

        // Assert: what the users typed is on screen character for character, and produced no markup.
        foreach (var marker in HostileRfc.Markers.Where(m => m != "[admin](https://evil.example)" || name.EndsWith("decider", StringComparison.Ordinal)))
        {
            StringAssert.Contains(text, marker);
        }

        StringAssert.Contains(text, "# Big heading\n- list item\n1. numbered", "Line breaks are kept.");
        Assert.AreEqual(0, card.GetProperty("anchors").GetInt32(), "No link may come from user text.");
        Assert.AreEqual(0, card.GetProperty("headings").GetInt32());
        Assert.AreEqual(0, card.GetProperty("listItems").GetInt32());
    }

    [TestMethod]
    public void Render_UserTextThroughThePlainRunHelpers_IsShownAsTypedWithNoAddedBackslashLinkOrEmphasis()
    {
        // Act
        var problems = NotShownAsTyped(Rendered("hostile-plain-runs"), times: 3);

        // Assert
        Assert.IsEmpty(problems, string.Join('\n', problems));
    }

    [TestMethod]
    public void Render_TheSameTextInAnUnescapedTextBlock_FailsTheAsTypedCheck()
    {
        // Proves the check above can fail: as markdown the text loses its asterisks, gains a link and a list, and shows a date.
        var problems = NotShownAsTyped(Rendered("hostile-raw-textblock"), times: 1);

        // Assert
        Assert.IsNotEmpty(problems);
        Assert.IsTrue(problems.Any(p => p.Contains("link", StringComparison.Ordinal)) && problems.Any(p => p.Contains("emphasis", StringComparison.Ordinal)), string.Join('\n', problems));
    }

    [TestMethod]
    public void Render_EscapingDisabled_WouldProduceALink()
    {
        // Proves the renderer check can fail: raw markdown in a TextBlock becomes a link in this renderer setup.
        var raw = new AdaptiveCard { Body = [new TextBlock("[click here](https://evil.example/phish)")] };
        var dir = Path.Combine(Path.GetTempPath(), "teamsdecisions-raw-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "raw.json"), CardJson.Serialize(raw));
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "render", "render-cards.mjs"), dir, Path.Combine(dir, "png"), Path.Combine(RepoRoot(), ".tools", "node_modules"), Path.Combine(CardSchema.Directory, "microsoft-teams-light.json") })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        using var report = JsonDocument.Parse(stdout);
        Assert.AreEqual(1, report.RootElement.GetProperty("cards")[0].GetProperty("anchors").GetInt32());
    }

    /// <summary>What is wrong with how <see cref="TypedText"/> was shown <paramref name="times"/> times: changed text, added backslashes, markup.</summary>
    private static List<string> NotShownAsTyped(JsonElement card, int times)
    {
        var text = card.GetProperty("text").GetString()!;
        var problems = new List<string>();
        var shown = text.Split(TypedText).Length - 1;
        if (shown != times)
        {
            problems.Add($"shown as typed {shown} times, not {times}: {text}");
        }

        if (text.Count(c => c == '\\') != times * TypedText.Count(c => c == '\\'))
        {
            problems.Add($"backslashes added: {text}");
        }

        foreach (var (count, what) in new[] { ("anchors", "link"), ("emphasis", "emphasis"), ("headings", "heading"), ("listItems", "list item") })
        {
            if (card.GetProperty(count).GetInt32() > 0)
            {
                problems.Add($"{card.GetProperty(count).GetInt32()} {what}(s)");
            }
        }

        return problems;
    }

    private static JsonElement Rendered(string name) =>
        rendered.SingleOrDefault(c => c.GetProperty("name").GetString() == name) is { ValueKind: JsonValueKind.Object } card
            ? card
            : throw new AssertFailedException($"{name} was not rendered.");

    /// <summary>Renderer 3.0.6 does not know the Teams people picker (choices.data) and flags its empty static choices.</summary>
    private static bool IsPeoplePickerFalseAlarm(string name, JsonElement e)
    {
        if (e.GetProperty("event").GetString() != "CollectionCantBeEmpty" || e.GetProperty("source") is not { ValueKind: JsonValueKind.Object } source
            || source.GetProperty("type").GetString() != "Input.ChoiceSet")
        {
            return false;
        }

        var id = source.GetProperty("id").GetString();
        return Find(sources[name], id) is JsonObject input && input["choices.data"] is not null;
    }

    private static JsonNode? Find(JsonNode node, string? id) => node switch
    {
        JsonObject obj when obj["id"]?.GetValue<string>() == id && obj["type"]?.GetValue<string>() == "Input.ChoiceSet" => obj,
        JsonObject obj => obj.Select(p => p.Value is null ? null : Find(p.Value, id)).FirstOrDefault(f => f is not null),
        JsonArray array => array.Select(n => n is null ? null : Find(n, id)).FirstOrDefault(f => f is not null),
        _ => null,
    };

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TeamsDecisions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("TeamsDecisions.sln not found above " + AppContext.BaseDirectory);
    }
}
