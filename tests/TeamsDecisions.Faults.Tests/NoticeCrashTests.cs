using Microsoft.Extensions.Time.Testing;
using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Faults.Tests;

/// <summary>
/// Notices survive the app dying between the event and the send: the decider's "window closed" notice (the app, its own
/// process, closes a due window) and a resolution's notices (to the author, and to the superseded decision's thread).
/// Their post hangs at the Connector, and the app is killed (SIGKILL) right then. Started again on the same store, it
/// delivers each notice, exactly once.
/// </summary>
[TestClass]
public sealed class NoticeCrashTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(240_000, CooperativeCancellation = true)]
    public async Task WindowCloser_AppKilledWhileTheNoticeIsBeingSent_RestartDeliversItExactlyOnce()
    {
        // Arrange: RFC-0001 was proposed two weeks ago (its window is due) and posted in a thread; the Connector hangs
        // every post; the app checks windows and delivers notifications every second.
        await using var azurite = await Azurite.StartAsync();
        await using var connector = await StubConnector.StartAsync();
        connector.HoldPosts = true;
        var prefix = "notice" + Guid.NewGuid().ToString("N")[..10];
        await using var view = new StoreView(azurite.ConnectionString, prefix, new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-14)));
        await view.CreateTablesAsync();
        var rfc = await view.SeedOpenRfcAsync(Sample.NewTeam(), connector.ServiceUrl);
        await using var app = await AppProcess.StartAsync(azurite.ConnectionString, prefix, new Dictionary<string, string>
        {
            ["Scheduler__WindowCheckInterval"] = "00:00:01",
            ["Notifications__DeliveryInterval"] = "00:00:01",
            ["Notifications__ClaimDuration"] = "00:00:10",
        });

        // Act 1: the app closes the window and starts sending the notice; the post hangs; the app is killed.
        var heldBody = await connector.FirstHeldPost.WaitAsync(Patience, TestContext.CancellationToken);
        var closed = await view.ReadAsync(rfc);
        await app.KillAsync();

        // Assert 1: the close is stored, the notice in flight was the decider's, and nothing was delivered.
        Assert.AreEqual(RfcState.AwaitingDecision, closed.Rfc.State);
        var close = closed.Events.OfType<CommentWindowClosed>().Single();
        StringAssert.Contains(heldBody, "have closed");
        Assert.IsEmpty(connector.Posts);
        var notice = Notification.WindowClosed(rfc, close.Sequence, close.At);
        Assert.AreEqual(NotificationStatus.Pending, (await view.Notifications.FindAsync(notice.Id, CancellationToken.None))?.Status, "The notice waits in the outbox.");

        // Act 2: the Connector answers again; the app is started on the same store. Once the notice arrived, a few
        // more delivery rounds and window checks pass.
        connector.HoldPosts = false;
        await app.RestartAsync();
        var deadline = DateTime.UtcNow + Patience;
        while (Notices(connector) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, TestContext.CancellationToken);
        }

        await Task.Delay(TimeSpan.FromSeconds(5), TestContext.CancellationToken);

        // Assert 2: exactly one notice, in the RFC's thread, and the row says it was sent.
        Assert.AreEqual(1, Notices(connector), $"The notice must arrive exactly once after the restart.\n{Tail(app.Output)}");
        var posted = connector.Posts.Single(p => p.Body.Contains("have closed", StringComparison.Ordinal));
        Assert.AreEqual(closed.Rfc.Thread!.ConversationId, posted.Conversation);
        var sent = (await view.Notifications.FindAsync(notice.Id, CancellationToken.None))!;
        Assert.AreEqual(NotificationStatus.Sent, sent.Status);
        Assert.IsFalse(string.IsNullOrEmpty(sent.ActivityId));
        Assert.HasCount(1, (await view.ReadAsync(rfc)).Events.OfType<CommentWindowClosed>().ToList(), "The window closed once.");
    }

    [TestMethod]
    [Timeout(240_000, CooperativeCancellation = true)]
    public async Task Resolution_AppKilledWhileItsNoticesAreBeingSent_RestartDeliversEachExactlyOnce()
    {
        // Arrange: DEC-0001 (RFC-0001, in one thread) is superseded by DEC-0002 (RFC-0002, in another), saved by an
        // instance that stopped before sending anything; the Connector hangs every post.
        await using var azurite = await Azurite.StartAsync();
        await using var connector = await StubConnector.StartAsync();
        connector.HoldPosts = true;
        var prefix = "resolved" + Guid.NewGuid().ToString("N")[..10];
        await using var view = new StoreView(azurite.ConnectionString, prefix);
        await view.CreateTablesAsync();
        var team = Sample.NewTeam();
        var old = await view.SeedOpenRfcAsync(team, connector.ServiceUrl, "1730538400001");
        var oldDecision = await view.AcceptAsync(old);
        var rfc = await view.SeedOpenRfcAsync(team, connector.ServiceUrl, "1730538400002");
        await view.AcceptAsync(rfc, supersedes: oldDecision);
        var oldThread = (await view.ReadAsync(old)).Rfc.Thread!.ConversationId;
        var thread = (await view.ReadAsync(rfc)).Rfc.Thread!.ConversationId;
        await using var app = await AppProcess.StartAsync(azurite.ConnectionString, prefix, new Dictionary<string, string>
        {
            ["Notifications__DeliveryInterval"] = "00:00:01",
            ["Notifications__ClaimDuration"] = "00:00:10",
        });

        // Act 1: the app starts sending the first notice; the post hangs; the app is killed.
        var heldBody = await connector.FirstHeldPost.WaitAsync(Patience, TestContext.CancellationToken);
        await app.KillAsync();
        StringAssert.Contains(heldBody, "was accepted by");
        Assert.IsEmpty(connector.Posts);

        // Act 2: the Connector answers again; the app is started on the same store; a few rounds pass once all arrived.
        connector.HoldPosts = false;
        await app.RestartAsync();
        var deadline = DateTime.UtcNow + Patience;
        while (connector.Posts.Count < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, TestContext.CancellationToken);
        }

        await Task.Delay(TimeSpan.FromSeconds(5), TestContext.CancellationToken);

        // Assert: each author told once in their RFC's thread; the superseded decision's thread told once.
        var posts = connector.Posts;
        Assert.HasCount(3, posts, $"Three notices, each exactly once.\n{Tail(app.Output)}");
        Assert.AreEqual(1, posts.Count(p => p.Conversation == oldThread && p.Body.Contains("RFC-0001 was accepted by", StringComparison.Ordinal)));
        Assert.AreEqual(1, posts.Count(p => p.Conversation == thread && p.Body.Contains("RFC-0002 was accepted by", StringComparison.Ordinal)));
        Assert.AreEqual(1, posts.Count(p => p.Conversation == oldThread && p.Body.Contains(" is superseded by ", StringComparison.Ordinal)));
    }

    private static int Notices(StubConnector connector) => connector.Posts.Count(p => p.Body.Contains("have closed", StringComparison.Ordinal));

    private static string Tail(string output) => output.Length <= 4000 ? output : output[^4000..];
}
