using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Deployment.Tests;

/// <summary>
/// The Outlook add-in in the app package (`extensions` of the unified manifest) as the build renders it: what Outlook
/// needs (requirement sets, the send event's unified name and send mode, the ribbon context) and that it fits the
/// scripts the app serves (action ids, the ribbon button the Smart Alert opens, the files behind every URL).
/// </summary>
[TestClass]
public sealed class OutlookAddinManifestTests
{
    private const string Domain = "app-addin42.azurewebsites.net";
    private static string manifestPath = null!;
    private static JsonNode extension = null!;

    [ClassInitialize]
    public static void BuildPackage(TestContext context)
    {
        _ = context;
        var env = "addin" + Guid.NewGuid().ToString("N")[..8];
        var (exitCode, _, stderr) = Tools.Run("node", ["scripts/build-app-package.mjs"], new Dictionary<string, string>
        {
            ["BOT_ID"] = "5c0ac9b5-7b2a-4f49-9d6c-3e1f0a4b8d21",
            ["TAB_CLIENT_ID"] = "9b1e6f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
            ["BOT_DOMAIN"] = Domain,
            ["AZURE_ENV_NAME"] = env,
        });
        Assert.AreEqual(0, exitCode, stderr);
        manifestPath = Path.Combine(RepoPaths.Root, "appPackage", "build", $"manifest.{env}.json");
        extension = JsonNode.Parse(File.ReadAllText(manifestPath))!["extensions"]!.AsArray().Single()!;
    }

    [TestMethod]
    public void Extension_Requirements_MailboxOneTenAndSmartAlertsOneTwelveForTheSendCheck()
    {
        // Assert: the add-in needs Mailbox 1.10; the send event (Smart Alerts) 1.12, on its runtime and its event.
        Assert.AreEqual("mail", (string?)extension["requirements"]!["scopes"]![0]);
        Assert.AreEqual("1.10", Mailbox(extension["requirements"]));
        var autoRun = extension["autoRunEvents"]!.AsArray().Single()!;
        Assert.AreEqual("1.12", Mailbox(autoRun["requirements"]));
        Assert.AreEqual("1.12", Mailbox(Runtime("onAppointmentSendHandler")["requirements"]));
    }

    [TestMethod]
    public void Extension_SendEvent_IsAppointmentSendingWithPromptUserHandledByTheScriptsFunction()
    {
        // Arrange
        var send = extension["autoRunEvents"]!.AsArray().Single()!["events"]!.AsArray().Single()!;
        var runtime = Runtime("onAppointmentSendHandler");
        var script = File.ReadAllText(AddinFile(runtime["code"]!["script"]!.ToString()));

        // Assert: the unified name of OnAppointmentSend; promptUser so the organiser can always send anyway.
        Assert.AreEqual("appointmentSending", (string?)send["type"]);
        Assert.AreEqual("promptUser", (string?)send["options"]!["sendMode"]);
        Assert.AreEqual("onAppointmentSendHandler", (string?)send["actionId"]);
        Assert.AreEqual("executeFunction", (string?)runtime["actions"]![0]!["type"]);
        StringAssert.Contains(script, "associate(\"onAppointmentSendHandler\"", "The action id is the name commands.js registers.");
        Assert.IsFalse(Regex.IsMatch(script, @"^\s*(import|export)\s", RegexOptions.Multiline), "Classic Outlook's JavaScript-only runtime takes no modules.");
        Assert.EndsWith("/addin/commands.html", new Uri(runtime["code"]!["page"]!.ToString()).AbsolutePath);
    }

    [TestMethod]
    public void Extension_Ribbon_MeetingTestButtonForTheOrganiserOpensTheTaskPaneAndIsWhatTheAlertOpens()
    {
        // Arrange
        var ribbon = extension["ribbons"]!.AsArray().Single()!;
        var button = ribbon["tabs"]!.AsArray().SelectMany(t => t!["groups"]!.AsArray()).SelectMany(g => g!["controls"]!.AsArray()).Single()!;
        var runtime = Runtime((string)button["actionId"]!);
        var script = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "TeamsDecisions.Outlook", "addin", "commands.js"));

        // Assert
        CollectionAssert.AreEqual(new[] { "meetingDetailsOrganizer" }, ribbon["contexts"]!.AsArray().Select(c => c!.ToString()).ToArray());
        Assert.AreEqual("Meeting test", (string?)button["label"]);
        Assert.AreEqual("openPage", (string?)runtime["actions"]![0]!["type"]);
        Assert.AreEqual("/addin/taskpane.html", new Uri(runtime["code"]!["page"]!.ToString()).AbsolutePath);
        StringAssert.Contains(script, $"TASK_PANE_COMMAND_ID = \"{button["id"]}\"", "The Smart Alert's \"Take the meeting test\" opens this button's pane.");
        CollectionAssert.AreEquivalent(new[] { 16, 32, 80 }, button["icons"]!.AsArray().Select(i => (int)i!["size"]!).ToArray());
    }

    [TestMethod]
    public void Extension_EveryUrl_IsHttpsOnTheAppsDomainAndAFileTheAppServes()
    {
        // Arrange
        var urls = Walk(extension).SelectMany(o => new[] { o["page"], o["script"], o["url"] }).OfType<JsonNode>().Select(u => new Uri(u.ToString())).ToList();

        // Assert
        Assert.HasCount(2 + 1 + 6, urls, "Two runtime pages, the send script, three icons for the group and three for the button.");
        foreach (var url in urls)
        {
            Assert.AreEqual(Uri.UriSchemeHttps, url.Scheme, url.ToString());
            Assert.AreEqual(Domain, url.Host, url.ToString());
            Assert.IsTrue(File.Exists(AddinFile(url.ToString())), $"{url} is served from src/TeamsDecisions.Outlook/addin.");
        }
    }

    [TestMethod]
    public void Extension_ReadsTheItem_DeclaresMailboxItemRead()
    {
        var permissions = JsonNode.Parse(File.ReadAllText(manifestPath))!["authorization"]!["permissions"]!["resourceSpecific"]!.AsArray();
        Assert.IsTrue(permissions.Any(p => (string?)p!["name"] == "MailboxItem.Read.User" && (string?)p["type"] == "Delegated"));
    }

    [TestMethod]
    public void Validator_XmlEventNameOrADanglingAction_IsRefused()
    {
        // Arrange: what the schema alone lets through and Outlook would ignore silently.
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        var broken = manifest["extensions"]![0]!;
        broken["autoRunEvents"]![0]!["events"]![0]!["type"] = "OnAppointmentSend";
        broken["ribbons"]![0]!["tabs"]![0]!["groups"]![0]!["controls"]![0]!["actionId"] = "noSuchAction";
        broken["runtimes"]![0]!["code"]!["page"] = "https://elsewhere.example.com/addin/taskpane.html";
        var path = Path.Combine(Path.GetTempPath(), "manifest-addin-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        File.WriteAllText(path, manifest.ToJsonString());

        // Act
        var (exitCode, stdout, _) = Tools.Run("node", ["scripts/validate-manifest.mjs", path]);

        // Assert
        Assert.AreNotEqual(0, exitCode);
        var errors = JsonNode.Parse(stdout)!["errors"]!.AsArray().Select(e => e!.ToString()).ToList();
        Assert.Contains(e => e.Contains("\"OnAppointmentSend\" is not an event of the unified manifest", StringComparison.Ordinal), errors, stdout);
        Assert.Contains(e => e.Contains("\"noSuchAction\" is no action of a runtime", StringComparison.Ordinal), errors, stdout);
        Assert.Contains(e => e.Contains("is not on validDomains", StringComparison.Ordinal), errors, stdout);
    }

    [TestMethod]
    public void Manifest_WithTheExtension_IsValidAgainstTheV130SchemaAndTheExtensionChecks()
    {
        var (exitCode, stdout, stderr) = Tools.Run("node", ["scripts/validate-manifest.mjs", manifestPath]);
        Assert.AreEqual(0, exitCode, stdout + stderr);
        Assert.AreEqual(0, JsonNode.Parse(stdout)!["errors"]!.AsArray().Count, stdout);
    }

    private static string? Mailbox(JsonNode? requirements) =>
        (string?)requirements?["capabilities"]?.AsArray().Single(c => (string?)c!["name"] == "Mailbox")!["minVersion"];

    private static JsonNode Runtime(string actionId) =>
        extension["runtimes"]!.AsArray().Single(r => r!["actions"]!.AsArray().Any(a => (string?)a!["id"] == actionId))!;

    private static string AddinFile(string url) =>
        Path.Combine(RepoPaths.Root, "src", "TeamsDecisions.Outlook", "addin", new Uri(url).AbsolutePath.Replace("/addin/", string.Empty, StringComparison.Ordinal));

    private static IEnumerable<JsonObject> Walk(JsonNode? node) => node switch
    {
        JsonObject obj => new[] { obj }.Concat(obj.Select(p => p.Value).SelectMany(Walk)),
        JsonArray array => array.SelectMany(Walk),
        _ => [],
    };
}
