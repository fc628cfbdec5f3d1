using Microsoft.Extensions.DependencyInjection;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Testing;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// The @mention messages in RFC threads, through the notification outbox of the real app on Azurite (fake clock,
/// recording Connector, delivery rounds driven by the test): the review request once the thread is attached, the
/// author's notice after the resolution, the notice in the superseded decision's thread, each sent once, and none
/// lost when the instance stops between the command and the send.
/// </summary>
[TestClass]
public sealed class ThreadNoticeTests
{
    private const string Rationale = "Kafka gives us replay and durability across restarts, and two teams already run it in production.";

    [TestMethod]
    public async Task RunOnceAsync_ThreadAttached_ReviewRequestMentionsTheDeciderAndEachReviewerOnceInTheThread()
    {
        // Arrange
        await using var app = NotifyApp.Run();
        var team = await app.InstallTeamAsync();

        // Act
        var (id, thread) = await PostedAsync(app, team, Sample.Proposal(), "1762336800001");
        var sent = await app.Delivery.RunOnceAsync(CancellationToken.None);
        var again = await app.Delivery.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.AreEqual(1, sent);
        Assert.AreEqual(0, again, "A sent request is not sent again.");
        var message = app.Sent.Single();
        Assert.AreEqual(thread.ConversationId, message.Conversation);
        Assert.AreEqual("xml", message.Activity.TextFormat);
        StringAssert.StartsWith(message.Activity.Text, $"<at>Bob Nowak</at> decides <b>{id.Number} Adopt Kafka for order events</b>. <at>Carol Tan</at> and <at>Dana Okafor</at>, please review by ");
        CollectionAssert.AreEqual(new[] { Sample.Bob.Id, Sample.Carol.Id, Sample.Dana.Id }, message.Activity.Mentions().Select(m => m.Mentioned!.Id).ToArray());
        foreach (var mention in message.Activity.Mentions())
        {
            StringAssert.Contains(message.Activity.Text, mention.Text);
        }
    }

    [TestMethod]
    public async Task RunOnceAsync_ResolvedBeforeTheReviewRequestWentOut_RequestCancelledAndOnlyTheAuthorTold()
    {
        // Arrange: the thread is attached, and the RFC is resolved before any delivery round.
        await using var app = NotifyApp.Run();
        var team = await app.InstallTeamAsync();
        var (id, thread) = await PostedAsync(app, team, Sample.Proposal(), "1762336800002");
        await Rfcs(app).ResolveAsync(new CommandContext(Sample.Bob), id, Accept(), CancellationToken.None);

        // Act
        await app.Delivery.RunOnceAsync(CancellationToken.None);

        // Assert
        var message = app.Sent.Single();
        Assert.AreEqual(thread.ConversationId, message.Conversation);
        StringAssert.StartsWith(message.Activity.Text, "<at>Alice Martin</at>, ");
        var attached = (await app.Services.GetRequiredService<IRfcStore>().ReadEventsAsync(id, CancellationToken.None)).OfType<ThreadAttached>().Single();
        var request = await app.Outbox.FindAsync(Notification.ReviewRequest(id, attached.Sequence, attached.At).Id, CancellationToken.None);
        Assert.AreEqual(NotificationStatus.Cancelled, request?.Status, "Asking for reviews of a decided RFC would only mislead.");
    }

    [TestMethod]
    public async Task RunOnceAsync_Resolved_AuthorMentionedOnceInTheThreadWithTheOutcomeAndTheRationale()
    {
        // Arrange: Alice's RFC, decided by Bob.
        await using var app = NotifyApp.Run();
        var team = await app.InstallTeamAsync();
        var (id, thread) = await PostedAsync(app, team, Sample.Proposal(), "1762336800003");
        await app.SkipReviewRequestsAsync();

        // Act
        await Rfcs(app).ResolveAsync(new CommandContext(Sample.Bob), id, Accept(), CancellationToken.None);
        var sent = await app.Delivery.RunOnceAsync(CancellationToken.None);
        var again = await app.Delivery.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.AreEqual(1, sent);
        Assert.AreEqual(0, again);
        var message = app.Sent.Single();
        Assert.AreEqual(thread.ConversationId, message.Conversation);
        StringAssert.StartsWith(message.Activity.Text, $"<at>Alice Martin</at>, {id.Number} was accepted by Bob Nowak (DEC-0001): {Rationale}");
        Assert.AreEqual(Sample.Alice.Id, message.Activity.Mentions().Single().Mentioned!.Id);
    }

    [TestMethod]
    public async Task RunOnceAsync_ResolutionSupersedesADecision_OldThreadToldOnceWithTheOldDeciderMentioned()
    {
        // Arrange: RFC-0001, decided by Carol as DEC-0001, is in one thread; RFC-0002, decided by Bob, in another.
        await using var app = NotifyApp.Run();
        var team = await app.InstallTeamAsync();
        var (old, oldThread) = await PostedAsync(app, team, Sample.Proposal("Keep HTTP callbacks") with { Decider = Sample.Carol, RequiredReviewers = [Sample.Dana] }, "1762336800004");
        var oldDecision = (await Rfcs(app).ResolveAsync(new CommandContext(Sample.Carol), old, Accept(), CancellationToken.None)).Rfc.Decision!.Number;
        var (id, thread) = await PostedAsync(app, team, Sample.Proposal(), "1762336800005");
        await app.SkipReviewRequestsAsync();
        await app.Delivery.RunOnceAsync(CancellationToken.None);
        var before = app.Sent.Count;

        // Act
        await Rfcs(app).ResolveAsync(new CommandContext(Sample.Bob), id, Accept(oldDecision), CancellationToken.None);
        var sent = await app.Delivery.RunOnceAsync(CancellationToken.None);
        var again = await app.Delivery.RunOnceAsync(CancellationToken.None);

        // Assert: the author's notice in the new thread, the superseded notice in the old one, each once.
        Assert.AreEqual(2, sent);
        Assert.AreEqual(0, again);
        var messages = app.Sent.Skip(before).ToList();
        StringAssert.StartsWith(messages.Single(m => m.Conversation == thread.ConversationId).Activity.Text, "<at>Alice Martin</at>, ");
        var notice = messages.Single(m => m.Conversation == oldThread.ConversationId).Activity;
        Assert.AreEqual(
            $"<at>Carol Tan</at>, <b>DEC-0001 Keep HTTP callbacks</b> is superseded by <b>DEC-0002 Adopt Kafka for order events</b> ({id.Number}), decided by Bob Nowak.",
            notice.Text);
        Assert.AreEqual(Sample.Carol.Id, notice.Mentions().Single().Mentioned!.Id, "The old decider is @mentioned, so Teams notifies them.");
    }

    [TestMethod]
    public async Task RunOnceAsync_DeciderSupersedesTheirOwnDecision_OldThreadToldWithoutAMention()
    {
        // Arrange: Bob decided RFC-0001 and now decides RFC-0002, which supersedes it.
        await using var app = NotifyApp.Run();
        var team = await app.InstallTeamAsync();
        var (old, oldThread) = await PostedAsync(app, team, Sample.Proposal("Keep HTTP callbacks"), "1762336800006");
        var oldDecision = (await Rfcs(app).ResolveAsync(new CommandContext(Sample.Bob), old, Accept(), CancellationToken.None)).Rfc.Decision!.Number;
        var (id, _) = await PostedAsync(app, team, Sample.Proposal(), "1762336800007");
        await app.SkipReviewRequestsAsync();
        await app.Delivery.RunOnceAsync(CancellationToken.None);
        var before = app.Sent.Count;

        // Act
        await Rfcs(app).ResolveAsync(new CommandContext(Sample.Bob), id, Accept(oldDecision), CancellationToken.None);
        await app.Delivery.RunOnceAsync(CancellationToken.None);

        // Assert
        var notice = app.Sent.Skip(before).Single(m => m.Conversation == oldThread.ConversationId).Activity;
        StringAssert.StartsWith(notice.Text, "<b>DEC-0001 Keep HTTP callbacks</b> is superseded by <b>DEC-0002 ");
        Assert.IsEmpty(notice.Mentions().ToList(), "Teams would notify Bob of what he just did.");
    }

    [TestMethod]
    public async Task RunOnceAsync_InstanceStoppedAfterTheResolutionBeforeDelivery_NewInstanceDeliversEachNoticeExactlyOnce()
    {
        // Arrange: an instance whose delivery never runs saves a superseding resolution, then stops.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(NotifyApp.Start);
        var recording = new System.Collections.Concurrent.ConcurrentQueue<SentMessage>();
        string prefix;
        RfcId id;
        ThreadReference thread, oldThread;
        await using (var stopped = NotifyApp.Run(clock, sharedRecording: recording))
        {
            prefix = stopped.TablePrefix;
            var team = await stopped.InstallTeamAsync();
            (var old, oldThread) = await PostedAsync(stopped, team, Sample.Proposal("Keep HTTP callbacks") with { Decider = Sample.Carol, RequiredReviewers = [Sample.Dana] }, "1762336800008");
            var oldDecision = (await Rfcs(stopped).ResolveAsync(new CommandContext(Sample.Carol), old, Accept(), CancellationToken.None)).Rfc.Decision!.Number;
            (id, thread) = await PostedAsync(stopped, team, Sample.Proposal(), "1762336800009");
            await stopped.SkipReviewRequestsAsync();
            await stopped.Delivery.RunOnceAsync(CancellationToken.None);
            recording.Clear();
            await Rfcs(stopped).ResolveAsync(new CommandContext(Sample.Bob), id, Accept(oldDecision), CancellationToken.None);
        }

        Assert.IsEmpty(recording, "Nothing was sent before the instance stopped.");

        // Act: a new instance on the same tables runs its delivery rounds.
        await using var restarted = NotifyApp.Run(clock, prefix, sharedRecording: recording);
        var sent = await restarted.Delivery.RunOnceAsync(CancellationToken.None);
        var again = await restarted.Delivery.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.AreEqual(2, sent);
        Assert.AreEqual(0, again);
        Assert.HasCount(1, recording.Where(m => m.Conversation == thread.ConversationId && m.Activity.Text!.StartsWith("<at>Alice Martin</at>, ", StringComparison.Ordinal)).ToList(), "The author is told once.");
        Assert.HasCount(1, recording.Where(m => m.Conversation == oldThread.ConversationId && m.Activity.Text!.Contains(" is superseded by ", StringComparison.Ordinal)).ToList(), "The old thread is told once.");
        Assert.HasCount(2, recording);
    }

    private static RfcService Rfcs(NotifyApp app) => app.Services.GetRequiredService<RfcService>();

    private static ResolutionRequest Accept(DecisionNumber? supersedes = null) =>
        Sample.Accept("The incident review needs an answer this week.", supersedes) with { Rationale = Rationale };

    /// <summary>Alice proposes <paramref name="proposal"/> in <paramref name="team"/>; its card is posted in a thread of General rooted at <paramref name="root"/>.</summary>
    private static async Task<(RfcId Id, ThreadReference Thread)> PostedAsync(NotifyApp app, TeamId team, RfcProposal proposal, string root)
    {
        var rfcs = Rfcs(app);
        var created = await rfcs.ProposeAsync(new CommandContext(Sample.Alice, $"propose-{Guid.NewGuid():N}"), team, proposal, asDraft: false, CancellationToken.None);
        var thread = new ThreadReference(ConversationIds.Thread(team.Value, root), root, null);
        await rfcs.AttachThreadAsync(new CommandContext(Sample.Alice, $"thread:{root}"), created.Rfc.Id, thread, CancellationToken.None);
        return (created.Rfc.Id, thread);
    }
}
