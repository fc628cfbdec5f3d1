using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Infrastructure.Graph;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Infrastructure.Tests.Graph;

/// <summary>
/// The real Microsoft.Graph SDK posting to the loopback activity feed stand-in, which checks the body against
/// appPackage/manifest.json: what is sent, and that throttling comes back to the caller with Graph's Retry-After
/// instead of being waited out.
/// </summary>
[TestClass]
public sealed class GraphActivityFeedTests
{
    private const string UserId = "5e0b7a3c-6f1d-4c2e-9a8b-7d6c5b4a3f21";
    private static readonly Uri Link = new("https://teams.microsoft.com/l/chat/0/0?users=28%3A5c0ac9b5-7b2a-4f49-9d6c-3e1f0a4b8d21");

    [TestMethod]
    public async Task NotifyAsync_ReviewReminder_PostsTypeTopicPreviewAndParametersToTheUser()
    {
        // Arrange
        await using var graph = await ActivityFeedGraphStandIn.StartAsync();
        var feed = Feed(graph);

        // Act
        await feed.NotifyAsync(Notice("reviewReminder", "Your response to RFC-0007 'Adopt Kafka' is due."), CancellationToken.None);

        // Assert
        Assert.IsEmpty(graph.Violations, string.Join(Environment.NewLine, graph.Violations));
        var post = graph.Delivered.Single();
        Assert.AreEqual("POST", post.Method);
        Assert.AreEqual($"/v1.0/users/{UserId}/teamwork/sendActivityNotification", post.Path);
        Assert.AreEqual("reviewReminder", post.ActivityType);
        Assert.AreEqual("text", post.TopicSource);
        Assert.AreEqual("RFC-0007 Adopt Kafka", post.TopicValue);
        Assert.AreEqual(Link.AbsoluteUri, post.TopicWebUrl);
        Assert.AreEqual("Your response to RFC-0007 'Adopt Kafka' is due.", post.PreviewText);
        Assert.AreEqual("RFC-0007", post.TemplateParameters["rfc"]);
    }

    [TestMethod]
    public async Task NotifyAsync_LongPreview_CutToTheFirst150CharactersTeamsShows()
    {
        // Arrange
        await using var graph = await ActivityFeedGraphStandIn.StartAsync();

        // Act
        await Feed(graph).NotifyAsync(Notice("decisionReminder", new string('x', 400)), CancellationToken.None);

        // Assert
        var preview = graph.Delivered.Single().PreviewText!;
        Assert.HasCount(GraphActivityFeed.PreviewMaxLength, preview);
        Assert.EndsWith("…", preview);
    }

    [TestMethod]
    public async Task NotifyAsync_TypeTheManifestDoesNotDeclare_RefusedAsGraphWould()
    {
        // Arrange: proves the stand-in is not a rubber stamp.
        await using var graph = await ActivityFeedGraphStandIn.StartAsync();

        // Act
        var refused = await Assert.ThrowsExactlyAsync<DependencyFailedException>(() => Feed(graph).NotifyAsync(Notice("taskCreated", "New task"), CancellationToken.None));

        // Assert
        Assert.AreEqual(400, refused.Status);
        Assert.IsEmpty(graph.Delivered);
        StringAssert.Contains(graph.Violations.Single(), "taskCreated");
    }

    [TestMethod]
    public async Task NotifyAsync_429WithRetryAfter_RetryLaterWithStatusAndRetryAfterAndNoSecondTry()
    {
        // Arrange: Retry-After is short enough that a calendar read would wait it out inline (on the system clock
        // here, so that a sender that waits gets its second try through and this test fails).
        await using var graph = await ActivityFeedGraphStandIn.StartAsync();
        graph.Fail(new ActivityFeedFault(429, RetryAfterSeconds: 2));

        // Act
        var deferred = await Assert.ThrowsExactlyAsync<RetryLaterException>(() => Feed(graph).NotifyAsync(Notice("reviewReminder", "Due."), CancellationToken.None));

        // Assert: the outbox row waits, not the delivery round; the SDK retried nothing either.
        Assert.AreEqual(429, deferred.Status);
        Assert.AreEqual(TimeSpan.FromSeconds(2), deferred.RetryAfter);
        Assert.HasCount(1, graph.Requests);
        Assert.IsEmpty(graph.Delivered);
    }

    private static ActivityFeedNotice Notice(string type, string preview) =>
        new(UserId, type, "RFC-0007 Adopt Kafka", Link, preview, new Dictionary<string, string> { ["rfc"] = "RFC-0007" });

    private static GraphActivityFeed Feed(ActivityFeedGraphStandIn graph)
    {
        var http = GraphClientFactory.Create(finalHandler: new HttpClientHandler());
        http.Timeout = TimeSpan.FromSeconds(30);
        return new GraphActivityFeed(new GraphServiceClient(http, new AnonymousAuthenticationProvider(), graph.BaseUrl.AbsoluteUri.TrimEnd('/')), TimeProvider.System);
    }
}
