using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Norms;
using TeamsDecisions.Core.Ports;

namespace TeamsDecisions.EndToEnd.Tests;

/// <summary>
/// The response norms through the real Agents Playground, the real app and Azurite: a required reviewer who has not
/// answered finds the RFC in "my queue", gets one 1:1 reminder once the (shortened) norm's reminder point passes,
/// and Respond on it opens their own view of the RFC. The reviewer is the Playground's current user (Zofia): its API
/// sends every message as her.
/// </summary>
[TestClass]
public sealed class ResponseNormsConversationTests
{
    private const string PersonalChat = "a:1personal-chat-zofia-teamsdecisions";

    [TestMethod]
    public async Task ReviewerWhoHasNotAnswered_SeesItInMyQueueGetsOneReminderAndRespondOpensTheirView()
    {
        // Arrange: the team's norms shortened for the test (design review 1 h, reminder at 50 %), every hour a working one.
        await using var app = new AppUnderTest();
        app.StartServer();
        await using var teams = await Playground.StartAsync(app.BotEndpoint);
        await teams.InstallAsync(Teams.Team);
        await teams.WaitForAsync(m => RfcConversationTests.Text(m).Contains("TeamsDecisions is ready", StringComparison.Ordinal), "the welcome card");
        var team = new TeamId(Teams.Team);
        var settings = app.Services.GetRequiredService<ITeamSettingsStore>();
        var shortened = (await settings.GetAsync(team, CancellationToken.None)) with
        {
            DesignReviewResponseHours = 1,
            ReminderPercent = 50,
            WorkingDays = WeekDaysExtensions.All,
            WorkdayStart = new TimeOnly(0, 0),
            WorkdayEnd = new TimeOnly(23, 59),
        };
        await settings.SaveAsync(shortened, new UserRef(Teams.Aiko.EntraId, Teams.Aiko.Name), app.Clock.GetUtcNow(), CancellationToken.None);

        // Aiko proposes a design review with Zofia and Ivan as required reviewers; Mohammed decides.
        var ask = await teams.SendAsync(Teams.General, "rfc new");
        var form = await teams.WaitForAsync(m => m.ConversationId == Teams.Thread(Teams.General, ask) && RfcConversationTests.Text(m).Contains("Propose a decision", StringComparison.Ordinal), "the new-RFC form");
        await teams.InvokeAsync(Teams.Aiko, form.ConversationId, form.MessageId, "rfc.submit", new JsonObject
        {
            ["team"] = Teams.Team,
            ["title"] = "Move the order service to .NET 10",
            ["context"] = "The order service runs on .NET 8, whose support ends in November 2026.",
            ["proposal"] = "Upgrade to .NET 10 in one release, behind the usual canary.",
            ["options"] = "Upgrade now\nWait for the next LTS",
            ["drivers"] = "Support window",
            ["decider"] = Teams.Mohammed.EntraId,
            ["reviewers"] = $"{Teams.Zofia.EntraId},{Teams.Ivan.EntraId}",
            ["windowDays"] = "5",
            ["kind"] = "designReview",
            ["channel"] = Teams.Architecture,
        });
        await teams.WaitForAsync(m => m.Action == "createMessage" && m.ConversationId == Teams.Architecture && RfcConversationTests.Text(m).Contains("RFC-0001", StringComparison.Ordinal), "the RFC card in Architecture");

        // Act 1: Zofia asks for her queue in her personal chat with the bot.
        await teams.SendAsync(PersonalChat, "my queue", mentionBot: false);
        var queue = await teams.WaitForAsync(m => m.ConversationId == PersonalChat && RfcConversationTests.Text(m).Contains("Waiting on you", StringComparison.Ordinal), "Zofia's queue");

        // Assert 1
        var queueText = RfcConversationTests.Text(queue);
        StringAssert.Contains(queueText, "1 response due.");
        StringAssert.Contains(queueText, "RFC-0001 Move the order service to .NET 10");
        StringAssert.Contains(queueText, "Vote or comment (design review) · due ");

        // Act 2: half of the 1-hour norm passes; the reminder scan (every 5 minutes on the app's clock) finds Zofia and Ivan.
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        var reminder = await teams.WaitForAsync(m => m.ConversationId == PersonalChat && RfcConversationTests.Text(m).Contains("Your response to **RFC-0001**", StringComparison.Ordinal), "Zofia's reminder in her personal chat");

        // Assert 2: one reminder, with its three buttons; scanning again adds nothing.
        var buttons = reminder.Card!["actions"]!.AsArray().Select(a => a!["title"]!.ToString()).ToArray();
        CollectionAssert.AreEqual(new[] { "Respond", "Snooze 24 h", "I'm not the right reviewer" }, buttons);
        StringAssert.Contains(RfcConversationTests.Text(reminder), "(design review: 1 h)");
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.HasCount(1, teams.Messages.Where(m => m.ConversationId == PersonalChat && RfcConversationTests.Text(m).Contains("Your response to **RFC-0001**", StringComparison.Ordinal)).ToList());

        // Act 3: Respond.
        var respond = reminder.Card["actions"]!.AsArray().First(a => a!["title"]!.ToString() == "Respond")!;
        var view = await teams.InvokeAsync(Teams.Zofia, PersonalChat, reminder.MessageId, respond["verb"]!.ToString(), respond["data"]!.DeepClone().AsObject());

        // Assert 3: her own view of the RFC, leading with her job, with Approve first.
        var shown = RfcConversationTests.Shown(view);
        StringAssert.Contains(shown, "Move the order service to .NET 10");
        StringAssert.Contains(shown, "You haven't responded");
        var first = view["value"]!["actions"]!.AsArray()[0]!;
        Assert.AreEqual("Approve", first["title"]!.ToString());
    }
}
