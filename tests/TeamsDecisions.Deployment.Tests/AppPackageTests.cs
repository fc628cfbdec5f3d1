using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json.Nodes;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Deployment.Tests;

/// <summary>The Teams app package as azd's postprovision hook builds it, checked the way Teams would.</summary>
[TestClass]
public sealed class AppPackageTests
{
    private const string BotId = "5c0ac9b5-7b2a-4f49-9d6c-3e1f0a4b8d21";
    private const string TabClientId = "9b1e6f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
    private const string Domain = "app-abc123.azurewebsites.net";
    private static string zipPath = null!;
    private static string manifestPath = null!;

    [ClassInitialize]
    public static void BuildPackage(TestContext context)
    {
        _ = context;
        var env = "ci" + Guid.NewGuid().ToString("N")[..8];
        var (exitCode, stdout, stderr) = Tools.Run("node", ["scripts/build-app-package.mjs"], new Dictionary<string, string>
        {
            ["BOT_ID"] = BotId,
            ["TAB_CLIENT_ID"] = TabClientId,
            ["BOT_DOMAIN"] = $"https://{Domain}/",
            ["AZURE_ENV_NAME"] = env,
        });
        Assert.AreEqual(0, exitCode, stderr);
        zipPath = stdout.Trim();
        manifestPath = Path.Combine(RepoPaths.Root, "appPackage", "build", $"manifest.{env}.json");
    }

    [TestMethod]
    public void Zip_HoldsTheManifestAndBothIconsAtTheRoot()
    {
        using var zip = ZipFile.OpenRead(zipPath);
        CollectionAssert.AreEquivalent(new[] { "manifest.json", "color.png", "outline.png" }, zip.Entries.Select(e => e.FullName).ToArray());
    }

    [TestMethod]
    [DataRow("color.png", 192)]
    [DataRow("outline.png", 32)]
    public void Zip_IconHasItsExactPixelSize(string name, int size)
    {
        var (width, height, _) = ReadPng(name);
        Assert.AreEqual(size, width);
        Assert.AreEqual(size, height);
    }

    [TestMethod]
    public void Zip_OutlineIconIsWhiteOnTransparent()
    {
        // Arrange
        var (_, _, pixels) = ReadPng("outline.png");

        // Assert: every pixel is transparent or white, and there is a drawing.
        Assert.IsTrue(pixels.All(p => p.A == 0 || (p.R == 255 && p.G == 255 && p.B == 255)), "outline.png must be white on transparent.");
        Assert.IsGreaterThan(50, pixels.Count(p => p.A > 128));
        Assert.IsGreaterThan(50, pixels.Count(p => p.A == 0));
    }

    [TestMethod]
    public void Manifest_IdsAndDomainAreFilledAndNoPlaceholderIsLeft()
    {
        // Arrange
        var text = ReadEntry("manifest.json");
        var manifest = JsonNode.Parse(text)!;

        // Assert
        Assert.DoesNotContain("${{", text);
        Assert.IsTrue(Guid.TryParse(manifest["id"]!.ToString(), out _));
        Assert.AreEqual(BotId, manifest["bots"]![0]!["botId"]!.ToString());
        Assert.AreEqual(TabClientId, manifest["webApplicationInfo"]!["id"]!.ToString());
        Assert.AreEqual(Domain, manifest["validDomains"]![0]!.ToString());
        CollectionAssert.AreEquivalent(new[] { "team", "groupChat", "personal" }, manifest["bots"]![0]!["scopes"]!.AsArray().Select(s => s!.ToString()).ToArray());
        Assert.AreEqual("ChannelMessage.Read.Group", manifest["authorization"]!["permissions"]!["resourceSpecific"]![0]!["name"]!.ToString());
    }

    [TestMethod]
    public void Manifest_WebApplicationInfo_IsTheTabRegistrationAndTheAudienceTheAppAccepts()
    {
        // Arrange: Teams SSO asks Entra for a token for webApplicationInfo.resource, on behalf of webApplicationInfo.id.
        var info = JsonNode.Parse(ReadEntry("manifest.json"))!["webApplicationInfo"]!;
        var options = new TeamsDecisions.App.Tabs.TabAuthOptions
        {
            ClientId = info["id"]!.ToString(),
            ApplicationIdUri = info["resource"]!.ToString(),
            TenantId = "3f1d2c4b-5a69-4788-9c0d-1e2f3a4b5c6d",
        };

        // Assert: api://<bot domain>/<id>, and exactly what the app's TabAuth validation takes as its audience.
        Assert.AreEqual(TabClientId, info["id"]!.ToString());
        Assert.AreEqual($"api://{Domain}/{TabClientId}", info["resource"]!.ToString());
        Assert.IsEmpty(options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList());
    }

    [TestMethod]
    public void Manifest_PersonalTab_OpensTheTabPageOnTheBotDomainNextToTheChat()
    {
        // Arrange
        var tabs = JsonNode.Parse(ReadEntry("manifest.json"))!["staticTabs"]!.AsArray();
        var decisions = tabs.Single(t => t!["entityId"]!.ToString() == "decisions")!;
        var url = new Uri(decisions["contentUrl"]!.ToString());

        // Assert
        Assert.AreEqual("Decisions", decisions["name"]!.ToString());
        Assert.AreEqual(Uri.UriSchemeHttps, url.Scheme);
        Assert.AreEqual(Domain, url.Host);
        Assert.AreEqual("/tab/index.html", url.AbsolutePath);
        StringAssert.Contains(url.Query, "scope=personal");
        CollectionAssert.AreEqual(new[] { "personal" }, decisions["scopes"]!.AsArray().Select(s => s!.ToString()).ToArray());
        Assert.IsTrue(tabs.Any(t => t!["entityId"]!.ToString() == "conversations"), "The personal app keeps its chat with the bot.");
    }

    [TestMethod]
    public void Manifest_ChannelTab_IsConfigurableInTeamsWithItsConfigurationPage()
    {
        // Arrange
        var tab = JsonNode.Parse(ReadEntry("manifest.json"))!["configurableTabs"]!.AsArray().Single()!;
        var url = new Uri(tab["configurationUrl"]!.ToString());

        // Assert
        Assert.AreEqual(Uri.UriSchemeHttps, url.Scheme);
        Assert.AreEqual(Domain, url.Host);
        Assert.AreEqual("/tab/config.html", url.AbsolutePath);
        Assert.IsTrue(tab["canUpdateConfiguration"]!.GetValue<bool>());
        CollectionAssert.AreEqual(new[] { "team" }, tab["scopes"]!.AsArray().Select(s => s!.ToString()).ToArray());
    }

    [TestMethod]
    public void Manifest_EveryTabUrl_IsHttpsOnAValidDomain()
    {
        // Arrange: Teams loads tab pages only from validDomains.
        var manifest = JsonNode.Parse(ReadEntry("manifest.json"))!;
        var domains = manifest["validDomains"]!.AsArray().Select(d => d!.ToString()).ToArray();
        var urls = manifest["staticTabs"]!.AsArray().Select(t => t!["contentUrl"]?.ToString())
            .Concat(manifest["configurableTabs"]!.AsArray().Select(t => t!["configurationUrl"]?.ToString()))
            .OfType<string>().Select(u => new Uri(u)).ToList();

        // Assert
        Assert.IsNotEmpty(urls);
        foreach (var url in urls)
        {
            Assert.AreEqual(Uri.UriSchemeHttps, url.Scheme, url.ToString());
            Assert.Contains(url.Host, domains, url.ToString());
        }
    }

    [TestMethod]
    public void Build_WithoutTabClientId_FailsNamingIt()
    {
        var (exitCode, _, stderr) = Tools.Run("node", ["scripts/build-app-package.mjs"], new Dictionary<string, string> { ["BOT_ID"] = BotId, ["TAB_CLIENT_ID"] = string.Empty, ["BOT_DOMAIN"] = Domain });
        Assert.AreNotEqual(0, exitCode);
        StringAssert.Contains(stderr, "TAB_CLIENT_ID");
    }

    [TestMethod]
    public void Manifest_PrivacyAndTermsPointAtPagesTheAppServes()
    {
        // Arrange
        var developer = JsonNode.Parse(ReadEntry("manifest.json"))!["developer"]!;

        // Assert: the app maps these paths (App.Tests fetch them anonymously in Production).
        Assert.AreEqual($"https://{Domain}{TeamsDecisions.App.About.AboutPages.PrivacyPath}", developer["privacyUrl"]!.ToString());
        Assert.AreEqual($"https://{Domain}{TeamsDecisions.App.About.AboutPages.TermsPath}", developer["termsOfUseUrl"]!.ToString());
    }

    [TestMethod]
    public void Zip_EveryEntrysCrcMatchesItsContent()
    {
        // Arrange: the script computes CRC-32 itself (zlib.crc32 needs Node 20.15).
        using var zip = ZipFile.OpenRead(zipPath);

        // Assert
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            Assert.AreEqual(entry.Crc32, Crc32(buffer.ToArray()), entry.FullName);
        }
    }

    [TestMethod]
    public void Script_NeedsNothingNewerThanNode18()
    {
        var script = File.ReadAllText(Path.Combine(RepoPaths.Root, "scripts", "build-app-package.mjs"));
        StringAssert.DoesNotMatch(script, new System.Text.RegularExpressions.Regex(@"import\s*\{[^}]*crc32[^}]*\}\s*from\s*'node:zlib'"));
        StringAssert.Contains(script, "needs Node 18 or later");
    }

    [TestMethod]
    public void Manifest_CommandsAreTheOnesTheBotAnswers()
    {
        var manifest = JsonNode.Parse(ReadEntry("manifest.json"))!;
        var commands = manifest["bots"]![0]!["commandLists"]!.AsArray().SelectMany(l => l!["commands"]!.AsArray().Select(c => c!["title"]!.ToString())).Distinct().ToArray();
        CollectionAssert.IsSubsetOf(commands, new[] { "rfc new", "rfc list", "why", "my queue", "digest on", "digest off", "settings", "meeting test", "explore", "check my meetings", "stop checking my meetings", "help" });
    }

    [TestMethod]
    public void Manifest_MessageExtension_DeclaresTheCommandAndParameterTheAppAnswers()
    {
        // Arrange
        var extension = JsonNode.Parse(ReadEntry("manifest.json"))!["composeExtensions"]!.AsArray().Single()!;
        var command = extension["commands"]!.AsArray().Single()!;

        // Assert: the bot answers composeExtension/query only for this command id and reads this parameter.
        Assert.AreEqual(BotId, extension["botId"]!.ToString());
        Assert.AreEqual(TeamsDecisions.App.Search.MessageExtensionCommands.FindDecision, command["id"]!.ToString());
        Assert.AreEqual("query", command["type"]!.ToString());
        Assert.AreEqual("Find a decision", command["title"]!.ToString());
        Assert.IsTrue((bool)command["initialRun"]!);
        Assert.AreEqual(TeamsDecisions.App.Search.MessageExtensionCommands.QueryParameter, command["parameters"]!.AsArray().Single()!["name"]!.ToString());
    }

    [TestMethod]
    public void Manifest_LinkUnfurling_CoversTheAppsHost()
    {
        // Arrange
        var handler = JsonNode.Parse(ReadEntry("manifest.json"))!["composeExtensions"]![0]!["messageHandlers"]!.AsArray().Single()!;

        // Assert: the app's own decision pages (/decisions/...) are on its host.
        Assert.AreEqual("link", handler["type"]!.ToString());
        CollectionAssert.AreEqual(new[] { Domain }, handler["value"]!["domains"]!.AsArray().Select(d => d!.ToString()).ToArray());
    }

    [TestMethod]
    public void Script_WithASharePointSite_AddsItsHostToTheLinkDomains()
    {
        // Arrange
        var env = "sp" + Guid.NewGuid().ToString("N")[..8];

        // Act
        var (exitCode, _, stderr) = Tools.Run("node", ["scripts/build-app-package.mjs"], new Dictionary<string, string>
        {
            ["BOT_ID"] = BotId,
            ["TAB_CLIENT_ID"] = TabClientId,
            ["BOT_DOMAIN"] = Domain,
            ["AZURE_ENV_NAME"] = env,
            ["SHAREPOINT_SITE_URL"] = "https://Contoso.sharepoint.com/sites/eng",
        });

        // Assert
        Assert.AreEqual(0, exitCode, stderr);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "appPackage", "build", $"manifest.{env}.json")))!;
        var domains = manifest["composeExtensions"]![0]!["messageHandlers"]![0]!["value"]!["domains"]!.AsArray().Select(d => d!.ToString()).ToArray();
        CollectionAssert.AreEqual(new[] { Domain, "contoso.sharepoint.com" }, domains);
    }

    [TestMethod]
    public void Manifest_ActivityTypesAreExactlyTheOnesTheAppPosts()
    {
        // Arrange: Graph refuses an activity type the installed manifest does not declare.
        var types = JsonNode.Parse(ReadEntry("manifest.json"))!["activities"]!["activityTypes"]!.AsArray();

        // Assert
        CollectionAssert.AreEquivalent(TeamsDecisions.App.Notifications.ActivityFeedTypes.All.ToArray(), types.Select(t => t!["type"]!.ToString()).ToArray());
        foreach (var type in types)
        {
            // The one template parameter the app sends is {rfc}; {actor} Teams fills with the app's name.
            var template = type!["templateText"]!.ToString();
            StringAssert.Contains(template, "{" + TeamsDecisions.App.Notifications.ActivityFeedTypes.RfcParameter + "}", template);
            Assert.IsEmpty(System.Text.RegularExpressions.Regex.Matches(template, @"\{(\w+)\}").Select(m => m.Groups[1].Value).Except(["actor", TeamsDecisions.App.Notifications.ActivityFeedTypes.RfcParameter]).ToList(), template);
            Assert.IsFalse(string.IsNullOrWhiteSpace(type["description"]?.ToString()));
        }
    }

    [TestMethod]
    public void Manifest_AgainstTheV130Schema_IsValid()
    {
        // Act
        var (exitCode, stdout, stderr) = Tools.Run("node", ["scripts/validate-manifest.mjs", manifestPath]);

        // Assert
        Assert.AreEqual(0, exitCode, stdout + stderr);
        Assert.AreEqual(0, JsonNode.Parse(stdout)!["errors"]!.AsArray().Count, stdout);
    }

    [TestMethod]
    public void Manifest_WithoutADeveloper_IsRefusedByTheValidator()
    {
        // Arrange: proves the validator is not a rubber stamp.
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        manifest.Remove("developer");
        manifest["accentColor"] = "purple";
        var broken = Path.Combine(Path.GetTempPath(), "manifest-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        File.WriteAllText(broken, manifest.ToJsonString());

        // Act
        var (exitCode, stdout, _) = Tools.Run("node", ["scripts/validate-manifest.mjs", broken]);

        // Assert
        Assert.AreNotEqual(0, exitCode);
        StringAssert.Contains(stdout, "developer");
    }

    [TestMethod]
    public void Build_WithoutBotId_FailsNamingIt()
    {
        var (exitCode, _, stderr) = Tools.Run("node", ["scripts/build-app-package.mjs"], new Dictionary<string, string> { ["BOT_ID"] = string.Empty, ["BOT_DOMAIN"] = Domain });
        Assert.AreNotEqual(0, exitCode);
        StringAssert.Contains(stderr, "BOT_ID");
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }

    private static string ReadEntry(string name)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    /// <summary>Reads an 8-bit RGBA, non-interlaced PNG from the zip (the format of our icons).</summary>
    private static (int Width, int Height, IReadOnlyList<(byte R, byte G, byte B, byte A)> Pixels) ReadPng(string name)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        using var entry = zip.GetEntry(name)!.Open();
        using var buffer = new MemoryStream();
        entry.CopyTo(buffer);
        var bytes = buffer.ToArray();
        CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10 }, bytes[..8], $"{name} is not a PNG.");
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        for (var i = 8; i < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(i));
            var type = System.Text.Encoding.ASCII.GetString(bytes, i + 4, 4);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(i + 8));
                height = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(i + 12));
                Assert.AreEqual(8, bytes[i + 16], "8 bits per channel");
                Assert.AreEqual(6, bytes[i + 17], "RGBA");
            }
            else if (type == "IDAT")
            {
                idat.Write(bytes, i + 8, length);
            }

            i += 12 + length;
        }

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            z.CopyTo(inflated);
        }

        var raw = inflated.ToArray();
        var stride = (width * 4) + 1;
        var pixels = new List<(byte, byte, byte, byte)>();
        var previous = new byte[width * 4];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * stride];
            var line = raw.AsSpan((y * stride) + 1, width * 4).ToArray();
            Unfilter(filter, line, previous);
            for (var x = 0; x < width; x++)
            {
                pixels.Add((line[x * 4], line[(x * 4) + 1], line[(x * 4) + 2], line[(x * 4) + 3]));
            }

            previous = line;
        }

        return (width, height, pixels);
    }

    private static void Unfilter(byte filter, byte[] line, byte[] previous)
    {
        for (var i = 0; i < line.Length; i++)
        {
            var left = i >= 4 ? line[i - 4] : 0;
            var up = previous[i];
            var upLeft = i >= 4 ? previous[i - 4] : 0;
            line[i] = filter switch
            {
                0 => line[i],
                1 => (byte)(line[i] + left),
                2 => (byte)(line[i] + up),
                3 => (byte)(line[i] + ((left + up) / 2)),
                4 => (byte)(line[i] + Paeth(left, up, upLeft)),
                _ => throw new InvalidDataException($"PNG filter {filter}"),
            };
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
