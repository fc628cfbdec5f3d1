using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Teams.Connector;
using TeamsDecisions.Testing;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// The <c>settings</c> command and the settings card's Save, over /api/messages on the real app (Azurite, mocked
/// Connector). The roster has Alice (owner), Bob (user) and Dana (no role sent, but listed in Teams:Admins).
/// </summary>
[TestClass]
public sealed class SettingsTests
{
    [TestMethod]
    public async Task SettingsCommand_Owner_GetsTheFormWithSave()
    {
        // Arrange
        await using var app = new SettingsApp();
        var team = Sample.NewTeam();

        // Act
        var card = await app.CommandAsync(Sample.Alice, "settings", SettingsApp.Channel(team));

        // Assert
        Assert.IsTrue(CardView.Walk(card).Any(e => (string?)e["id"] == InputIds.SettingsTimeZone), card.ToJsonString());
        Assert.IsTrue(CardView.Walk(card).Any(e => (string?)e["verb"] == CardVerbs.SaveSettings));
    }

    [TestMethod]
    public async Task SettingsCommand_PersonalChat_SaysSettingsBelongToATeam()
    {
        // Arrange
        await using var app = new SettingsApp();

        // Act
        var card = await app.CommandAsync(Sample.Alice, "settings", SettingsApp.Personal());

        // Assert
        Assert.Contains(t => t.Contains("Settings belong to a team", StringComparison.Ordinal), CardView.Texts(card));
    }

    [TestMethod]
    public async Task Save_OwnerChangesTheTimeZone_StoredWithAnAuditRow()
    {
        // Arrange
        await using var app = new SettingsApp();
        var team = Sample.NewTeam();

        // Act
        var card = await app.SaveAsync(Sample.Alice, team, "Europe/Paris");

        // Assert
        Assert.Contains("Saved.", CardView.Texts(card));
        var store = app.Services.GetRequiredService<ITeamSettingsStore>();
        Assert.AreEqual("Europe/Paris", (await store.GetAsync(team, CancellationToken.None)).TimeZone);
        var change = (await store.ListChangesAsync(team, 3, CancellationToken.None)).Single();
        Assert.AreEqual(Sample.Alice.Id, change.ChangedBy.Id);
        CollectionAssert.Contains(change.Fields.ToList(), "TimeZone");
        Assert.AreEqual(SettingsApp.Now, change.At);
    }

    [TestMethod]
    public async Task Save_MemberWithAForgedCard_ReadOnlyAndNothingStored()
    {
        // Arrange
        await using var app = new SettingsApp();
        var team = Sample.NewTeam();
        var opened = await app.CommandAsync(Sample.Bob, "settings", SettingsApp.Channel(team));

        // Act
        var card = await app.SaveAsync(Sample.Bob, team, "Europe/Paris");

        // Assert
        foreach (var shown in new[] { opened, card })
        {
            Assert.IsFalse(CardView.Walk(shown).Any(e => ((string?)e["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true), shown.ToJsonString());
            Assert.IsFalse(CardView.Walk(shown).Any(e => (string?)e["verb"] == CardVerbs.SaveSettings));
            Assert.Contains(t => t.Contains("ask an owner of this team", StringComparison.Ordinal), CardView.Texts(shown));
        }

        var store = app.Services.GetRequiredService<ITeamSettingsStore>();
        Assert.AreEqual("UTC", (await store.GetAsync(team, CancellationToken.None)).TimeZone);
        Assert.IsEmpty(await store.ListChangesAsync(team, 3, CancellationToken.None));
    }

    [TestMethod]
    public async Task Save_UnknownZone_RefusedWithTheFormRefilledAndNothingStored()
    {
        // Arrange
        await using var app = new SettingsApp();
        var team = Sample.NewTeam();

        // Act
        var card = await app.SaveAsync(Sample.Alice, team, "Mars/Olympus", routineHours: 12);

        // Assert
        Assert.Contains(t => t.Contains("IANA id", StringComparison.Ordinal), CardView.Texts(card));
        var zone = CardView.Walk(card).Single(e => (string?)e["id"] == InputIds.SettingsTimeZone);
        Assert.AreEqual("Mars/Olympus", (string?)zone["value"]);
        var routine = CardView.Walk(card).Single(e => (string?)e["id"] == InputIds.SettingsRoutineHours);
        Assert.AreEqual(12d, (double?)routine["value"]);
        var store = app.Services.GetRequiredService<ITeamSettingsStore>();
        Assert.IsEmpty(await store.ListChangesAsync(team, 3, CancellationToken.None));
    }

    [TestMethod]
    public async Task Save_ListedAdminWithNoRoleInTheRoster_Saves()
    {
        // Arrange
        await using var app = new SettingsApp();
        var team = Sample.NewTeam();

        // Act
        var card = await app.SaveAsync(Sample.Dana, team, "Asia/Kolkata");

        // Assert
        Assert.Contains("Saved.", CardView.Texts(card));
        var store = app.Services.GetRequiredService<ITeamSettingsStore>();
        Assert.AreEqual("Asia/Kolkata", (await store.GetAsync(team, CancellationToken.None)).TimeZone);
        Assert.AreEqual(Sample.Dana.Id, (await store.ListChangesAsync(team, 3, CancellationToken.None)).Single().ChangedBy.Id);
    }

    [TestMethod]
    public async Task Install_LocalTimezoneSentAndNoSavedSettings_TimeZoneDefaultsToIt()
    {
        // Arrange
        await using var app = new SettingsApp();
        var team = Sample.NewTeam();

        // Act
        await app.InstallAsync(Sample.Alice, team, "Europe/Paris");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await app.SaveAsync(Sample.Alice, team, "Asia/Singapore");
        await app.InstallAsync(Sample.Alice, team, "America/New_York");

        // Assert
        var store = app.Services.GetRequiredService<ITeamSettingsStore>();
        var changes = await store.ListChangesAsync(team, 3, CancellationToken.None);
        Assert.HasCount(2, changes);
        Assert.AreEqual("Europe/Paris", changes[^1].Settings.TimeZone);
        Assert.AreEqual("Asia/Singapore", (await store.GetAsync(team, CancellationToken.None)).TimeZone, "A team's saved settings are kept on a re-install.");
    }
}

/// <summary>The app with a roster (Alice owner, Bob user, Dana no role) for every team and Dana in Teams:Admins.</summary>
internal sealed class SettingsApp() : LocalModeApp("set")
{
    public const string Tenant = RfcActionsApp.Tenant;
    public const string ServiceUrl = RfcActionsApp.ServiceUrl;
    public static readonly DateTimeOffset Now = RfcActionsApp.Now;
    private const string BotId = "28:0f2c4e6a-8b1d-4f3e-9a5c-7d9e1f3a5b7c";

    private readonly Mock<IConnectorClient> connector = new(MockBehavior.Loose);
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Conversation, Activity Activity)> sent = new();

    public FakeTimeProvider Clock { get; } = new(Now);

    public static ActionOrigin Channel(TeamId team) => ActionOrigin.Thread(team);

    public static ActionOrigin Personal() => ActionOrigin.PersonalChat();

    /// <summary>Sends <paramref name="text"/> as <paramref name="actor"/> from <paramref name="from"/>; the card the bot replied with.</summary>
    public async Task<JsonObject> CommandAsync(UserRef actor, string text, ActionOrigin from)
    {
        var activity = Activity(actor, from);
        activity["type"] = "message";
        activity["text"] = text;
        using var response = await PostActivityAsync(activity);
        Assert.IsTrue(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var conversation = (string)from.Conversation["id"]!;
        var reply = sent.LastOrDefault(s => s.Conversation == conversation).Activity ?? throw new AssertFailedException("The bot did not reply.");
        return JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(reply.Attachments![0].Content, Cards.Model.CardJson.Options))!.AsObject();
    }

    /// <summary>Presses Save on a settings card as <paramref name="actor"/> in the team's channel, with these values; the answer's card.</summary>
    public async Task<JsonObject> SaveAsync(UserRef actor, TeamId team, string timeZone, int routineHours = 24)
    {
        var data = new JsonObject
        {
            ["team"] = team.Value,
            [InputIds.SettingsWindowDays] = "5",
            [InputIds.SettingsRoutineHours] = routineHours.ToString(CultureInfo.InvariantCulture),
            [InputIds.SettingsDesignReviewHours] = "48",
            [InputIds.SettingsTimeZone] = timeZone,
            [InputIds.SettingsWorkingDays] = "Monday,Tuesday,Wednesday,Thursday,Friday",
            [InputIds.SettingsWorkdayStart] = "08:00",
            [InputIds.SettingsWorkdayEnd] = "18:00",
            [InputIds.SettingsReminderPercent] = "75",
        };
        var activity = Activity(actor, Channel(team));
        activity["type"] = "invoke";
        activity["name"] = "adaptiveCard/action";
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = CardVerbs.SaveSettings, ["data"] = data },
            ["trigger"] = "manual",
        };
        using var response = await PostActivityAsync(activity);
        var json = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, json);
        return JsonNode.Parse(json)!["value"]!.AsObject();
    }

    /// <summary>Teams' installationUpdate (add) in the team's General channel, with the installer's localTimezone.</summary>
    public async Task InstallAsync(UserRef installer, TeamId team, string localTimezone)
    {
        var activity = Activity(installer, Channel(team));
        activity["type"] = "installationUpdate";
        activity["action"] = "add";
        activity["localTimezone"] = localTimezone;
        using var response = await PostActivityAsync(activity);
        Assert.IsTrue(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Teams:Admins:0", Sample.Dana.Id)];

    protected override void ReplaceServices(IServiceCollection services)
    {
        connector
            .Setup(c => c.SendAsync(It.IsAny<Uri>(), It.IsAny<string>(), It.IsAny<Activity>(), It.IsAny<CancellationToken>()))
            .Callback((Uri _, string conversation, Activity activity, CancellationToken _) => sent.Enqueue((conversation, activity)))
            .ReturnsAsync("1730538000001");
        connector
            .Setup(c => c.GetAllMembersAsync(It.IsAny<Uri>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(
            [
                new TeamsMember { Id = "29:1alice", Name = Sample.Alice.DisplayName, ObjectId = Sample.Alice.Id, UserRole = TeamsUserRoles.Owner },
                new TeamsMember { Id = "29:1bob", Name = Sample.Bob.DisplayName, ObjectId = Sample.Bob.Id, UserRole = TeamsUserRoles.User },
                new TeamsMember { Id = "29:1dana", Name = Sample.Dana.DisplayName, ObjectId = Sample.Dana.Id },
            ]);
        services.AddSingleton(connector.Object);
        services.AddSingleton<TimeProvider>(Clock);
    }

    private JsonObject Activity(UserRef actor, ActionOrigin from)
    {
        var activity = new JsonObject
        {
            ["id"] = "f:" + Guid.NewGuid().ToString("N"),
            ["timestamp"] = Clock.GetUtcNow().ToString("o", CultureInfo.InvariantCulture),
            ["serviceUrl"] = ServiceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = "29:1" + actor.Id.Replace("-", string.Empty, StringComparison.Ordinal), ["name"] = actor.DisplayName, ["aadObjectId"] = actor.Id },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "TeamsDecisions" },
            ["conversation"] = from.Conversation.DeepClone(),
            ["locale"] = "en-GB",
        };
        if (from.ChannelData is { } channelData)
        {
            activity["channelData"] = channelData.DeepClone();
        }

        return activity;
    }
}
