using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Meetings;

namespace TeamsDecisions.EndToEnd.Tests;

/// <summary>The meeting test, driven through the real Agents Playground.</summary>
[TestClass]
public sealed class MeetingTestConversationTests
{
    [TestMethod]
    public async Task MeetingTest_StatusUpdateAcrossTimeZones_BecomesAnAsyncThreadInTheChannel()
    {
        // Arrange
        await using var app = new AppUnderTest();
        app.StartServer();
        await using var teams = await Playground.StartAsync(app.BotEndpoint);
        await teams.InstallAsync(Teams.Team);

        // Act 1: the organiser asks for the test and answers it.
        var ask = await teams.SendAsync(Teams.General, "meeting test");
        var form = await teams.WaitForAsync(m => RfcConversationTests.Text(m).Contains("Would this meeting achieve the same outcome as a written async thread?", StringComparison.Ordinal), "the meeting test");
        Assert.AreEqual(Teams.Thread(Teams.General, ask), form.ConversationId);
        var answers = new JsonObject
        {
            ["team"] = Teams.Team,
            ["meetingTitle"] = "Weekly status sync",
            ["meetingPurpose"] = "StatusUpdate",
            ["meetingRealTime"] = "false",
            ["meetingVisual"] = "false",
            ["meetingShared"] = "false",
            ["meetingAttendees"] = "9",
            ["meetingTimeZones"] = "3",
            ["meetingAgenda"] = "What shipped this week?\nWhat is blocked?",
        };
        var verdict = await teams.InvokeAsync(Teams.Zofia, form.ConversationId, form.MessageId, "meeting.evaluate", answers);

        // Assert 1: the verdict, its reasons, and the alternatives.
        var shown = RfcConversationTests.Shown(verdict);
        StringAssert.Contains(shown, "Make it a thread");
        StringAssert.Contains(shown, "3 time zones");
        StringAssert.Contains(shown, "Async thread");
        StringAssert.Contains(shown, "RFC instead");

        // Act 2: start the async thread in Architecture, with the agenda as questions.
        var threadAction = verdict["value"]!["actions"]!.AsArray().First(a => a!["title"]?.ToString() == "Async thread")!["card"]!["actions"]![0]!;
        var data = threadAction["data"]!.DeepClone().AsObject();
        data["threadChannel"] = Teams.Architecture;
        data["threadQuestions"] = "What shipped this week?\nWhat is blocked?";
        var posted = await teams.InvokeAsync(Teams.Zofia, form.ConversationId, form.MessageId, "meeting.thread", data);

        // Assert 2: the thread card is a new thread in Architecture with the questions and a reply-by time (24 h norm).
        StringAssert.Contains(RfcConversationTests.Shown(posted), "The async thread is posted");
        var thread = await teams.WaitForAsync(m => m.ConversationId == Teams.Architecture && RfcConversationTests.Text(m).Contains("Async thread instead of a meeting", StringComparison.OrdinalIgnoreCase), "the async thread card");
        var text = RfcConversationTests.Text(thread);
        StringAssert.Contains(text, "Weekly status sync");
        StringAssert.Contains(text, "1. What shipped this week?");
        StringAssert.Contains(text, "2. What is blocked?");
        StringAssert.Contains(text, $"{{{{DATE({app.Clock.GetUtcNow().AddHours(24).UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z");

        // Act 3: someone else keeps a different meeting, with a reason.
        var keepForm = await teams.InvokeAsync(Teams.Ivan, form.ConversationId, form.MessageId, "meeting.evaluate", new JsonObject
        {
            ["team"] = Teams.Team,
            ["meetingTitle"] = "Friday demo",
            ["meetingPurpose"] = "TeamCohesion",
            ["meetingRealTime"] = "false",
            ["meetingVisual"] = "false",
            ["meetingShared"] = "true",
            ["meetingAttendees"] = "12",
            ["meetingTimeZones"] = "1",
        });
        StringAssert.Contains(RfcConversationTests.Shown(keepForm), "Keep the meeting");
        var keepData = keepForm["value"]!["actions"]!.AsArray().First(a => a!["title"]?.ToString() == "Keep meeting")!["card"]!["actions"]![0]!["data"]!.DeepClone().AsObject();
        keepData["keepReason"] = "Our one shared moment of the week.";
        var kept = await teams.InvokeAsync(Teams.Ivan, form.ConversationId, form.MessageId, "meeting.keep", keepData);
        StringAssert.Contains(RfcConversationTests.Shown(kept), "Our one shared moment of the week.");
        teams.AssertCardsUseSchemaWords();

        // Assert 3: both outcomes are recorded, each under its organiser (identity from the activity).
        var log = app.Services.GetRequiredService<IMeetingTestLog>();
        var zofia = (await log.ListAsync(new UserRef(Teams.Zofia.EntraId, "Zofia"), CancellationToken.None)).Single();
        Assert.AreEqual(MeetingChoice.AsyncThread, zofia.Choice);
        Assert.AreEqual(MeetingVerdict.MakeItAThread, zofia.Verdict);
        var ivan = (await log.ListAsync(new UserRef(Teams.Ivan.EntraId, "Ivan"), CancellationToken.None)).Single();
        Assert.AreEqual(MeetingChoice.KeptMeeting, ivan.Choice);
        Assert.AreEqual("Our one shared moment of the week.", ivan.Reason);
    }
}
