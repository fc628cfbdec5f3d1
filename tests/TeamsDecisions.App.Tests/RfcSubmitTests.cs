using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using TeamsDecisions.App.Bot;
using TeamsDecisions.App.Notifications;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Teams.Connector;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// Submitting the new-RFC form through the real app: Kestrel on loopback in local mode (activities posted as Teams
/// would), Azurite, and a Connector mock that lists the Platform Engineering team's channels and members and records
/// (or refuses) each new channel thread. Zofia, in a thread of General, opens the form, proposes "Adopt Kafka for
/// order events" with Aiko as decider and Ivan and Mohammed as reviewers, and posts it to Architecture.
/// </summary>
[TestClass]
public sealed class RfcSubmitTests
{
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string TeamName = "Platform Engineering";
    private const string TeamGroupId = "5b1c8e2a-3d4f-4a6b-9c7d-8e0f1a2b3c4d";
    private const string ServiceUrl = "http://127.0.0.1:56790/_connector/";
    private const string BotId = "28:0f2c4e6a-8b1d-4f3e-9a5c-7d9e1f3a5b7c";
    private const string Title = "Adopt Kafka for order events";
    private const string CardType = "application/vnd.microsoft.card.adaptive";

    private static readonly Member Zofia = new("29:1kVzTq0iTn7mB5wY8cX3Jd2pQ4rL6sN9uV0aE1fG2hI3jK4lM5nO6pQ7rS8tU9vW0xY", "Zofia Kowalska", "a3c5e7f9-1b2d-4f6a-8c0e-2d4f6a8b0c1e");
    private static readonly Member Aiko = new("29:1aK8mN2pQ4rS6tU8vW0xY2zA4bC6dE8fG0hI2jK4lM6nO8pQ0rS2tU4vW6xY8zA0b", "Aiko Tanaka", "d4e6f8a0-2c3e-4b7d-9f1a-3e5a7c9d1f2b");
    private static readonly Member Ivan = new("29:1iV3nP5rT7vX9zB1dF3hJ5lN7pR9tV1xZ3bD5fH7jL9nP1rT3vX5zB7dF9hJ1lN3p", "Ivan Petrov", "e5f7a9b1-3d4f-4c8e-a02b-4f6b8d0e2a3c");
    private static readonly Member Mohammed = new("29:1mH4dK6mO8qS0uW2yA4cE6gI8kM0oQ2sU4wY6aC8eG0iK2mO4qS6uW8yA0cE2gI4k", "Mohammed Al-Sayed", "f6a8b0c2-4e5a-4d9f-b13c-5a7c9e1f3b4d");

    [TestMethod]
    public async Task Submit_TeamsRefusesThePost_AnswersSavedNotPostedWithOneRetryButtonAndNoInputs()
    {
        // Arrange: Teams answers 503 (after the client's retries) to the new thread.
        await using var app = SubmitApp.Start(failPosts: 1);
        var form = await app.OpenFormAsync();
        var formId = (string)form.Data["formId"]!;

        // Act
        using var response = await app.SubmitAsync(form.Filled());

        // Assert: the answer says the RFC is saved, not posted, and offers exactly one way on.
        var card = await CardOfAsync(response);
        var texts = Texts(card);
        StringAssert.Contains(texts, "RFC-0001");
        StringAssert.Contains(texts, "RFC-0001 · SAVED, NOT POSTED YET", "The badge (shown upper case).");
        StringAssert.Contains(texts, "Teams did not accept the post");
        StringAssert.Contains(texts, "RFC-0001 is saved as you wrote it; press Post it now to post it to Architecture.");
        var inputs = CardView.Walk(card).Select(e => (string?)e["type"]).Where(t => t is not null && t.StartsWith("Input.", StringComparison.Ordinal)).ToList();
        Assert.IsEmpty(inputs, $"Nothing can be edited on the way to the retry, but the card has {string.Join(", ", inputs)}.");
        var action = (JsonObject)card["actions"]!.AsArray().Single()!;
        Assert.AreEqual("Action.Execute", (string?)action["type"]);
        Assert.AreEqual("Post it now", (string?)action["title"]);
        Assert.AreEqual(CardVerbs.SubmitRfc, (string?)action["verb"]);
        var data = action["data"]!.AsObject();
        Assert.AreEqual(formId, (string?)data["formId"]);
        Assert.AreEqual(app.TeamId, (string?)data["team"]);
        Assert.AreEqual(Title, (string?)data["title"]);
        Assert.AreEqual(Aiko.EntraId, (string?)data["decider"]);
        Assert.AreEqual($"{Ivan.EntraId},{Mohammed.EntraId}", (string?)data["reviewers"]);
        Assert.AreEqual(app.Architecture, (string?)data["channel"]);

        // One RFC is stored, open and without a thread; Teams was asked once.
        var rfc = (await app.RfcsAsync()).Single();
        Assert.AreEqual("RFC-0001", rfc.Id.Number.ToString());
        Assert.AreEqual(RfcState.Open, rfc.State);
        var stored = await app.FindAsync(rfc.Id);
        Assert.IsNull(stored!.Thread, "A refused post leaves the RFC without a thread.");
        Assert.AreEqual(Zofia.EntraId, stored.Author.Id);
        Assert.HasCount(1, app.Posts);
    }

    [TestMethod]
    public async Task Submit_PostItNowAfterAFailure_PostsTheSameRfcOnce()
    {
        // Arrange: the first post is refused; Zofia gets the "saved, not posted yet" card.
        await using var app = SubmitApp.Start(failPosts: 1);
        var form = await app.OpenFormAsync();
        using var refused = await app.SubmitAsync(form.Filled());
        var retry = (JsonObject)(await CardOfAsync(refused))["actions"]!.AsArray().Single()!;

        // Act: she presses "Post it now" (Teams sends the button's data as it is; the card has no inputs).
        using var response = await app.SubmitAsync(retry["data"]!.AsObject());

        // Assert: the answer is the "posted" card; Teams was asked again, and the second thread went to Architecture.
        var texts = Texts(await CardOfAsync(response));
        StringAssert.Contains(texts, "RFC-0001");
        StringAssert.Contains(texts, "Posted to Architecture for comment");
        Assert.IsFalse(texts.Contains("not posted", StringComparison.OrdinalIgnoreCase), texts);
        Assert.HasCount(2, app.Posts, "One refused post and one that went through.");
        var post = app.Posts[^1];
        Assert.AreEqual(app.Architecture, post.Parameters.ChannelData!.Channel!.Id);
        Assert.AreEqual(Tenant, post.Parameters.TenantId);
        Assert.IsTrue(post.Parameters.IsGroup);

        // Exactly one RFC, RFC-0001, now attached to the thread that was created.
        var rfc = (await app.RfcsAsync()).Single();
        Assert.AreEqual("RFC-0001", rfc.Id.Number.ToString());
        var stored = await app.FindAsync(rfc.Id);
        Assert.AreEqual(Title, stored!.Title);
        Assert.AreEqual(post.MessageId, stored.Thread?.MessageId);
        Assert.AreEqual(ConversationIds.Thread(app.Architecture, post.MessageId), stored.Thread!.ConversationId);
    }

    [TestMethod]
    public async Task Submit_FormWithoutAnIdRefusedThenPostItNowTwice_StillOneRfc()
    {
        // Arrange: a form rendered by an older version carries no form id; its first post is refused.
        await using var app = SubmitApp.Start(failPosts: 1);
        var form = await app.OpenFormAsync();
        var filled = form.Filled();
        filled.Remove("formId");
        using var refused = await app.SubmitAsync(filled);
        var retry = (JsonObject)(await CardOfAsync(refused))["actions"]!.AsArray().Single()!;

        // Act: "Post it now", and (the answer was slow) once more.
        using var posted = await app.SubmitAsync(retry["data"]!.AsObject());
        using var again = await app.SubmitAsync(retry["data"]!.AsObject());

        // Assert: the retry card carried an id, so every press is the same RFC and one thread.
        Assert.IsFalse(string.IsNullOrEmpty((string?)retry["data"]!["formId"]), retry.ToJsonString());
        StringAssert.Contains(Texts(await CardOfAsync(posted)), "Posted to Architecture for comment");
        StringAssert.Contains(Texts(await CardOfAsync(again)), "Posted to Architecture for comment");
        Assert.AreEqual("RFC-0001", (await app.RfcsAsync()).Single().Id.Number.ToString());
        Assert.HasCount(2, app.Posts, "One refused post and one that went through.");
    }

    [TestMethod]
    public async Task Submit_TeamsUnreachableForTheMemberCheck_SaysTeamsIsBusyNotThatTheDeciderIsNoMember()
    {
        // Arrange
        await using var app = SubmitApp.Start(failPosts: 0);
        var form = await app.OpenFormAsync();
        app.MembersUnreachable();

        // Act
        using var response = await app.SubmitAsync(form.Filled());

        // Assert: nothing saved, and the answer blames the connection, not the people she chose.
        var texts = Texts(await CardOfAsync(response));
        Assert.IsFalse(texts.Contains("member of this team", StringComparison.Ordinal), texts);
        StringAssert.Contains(texts, "Teams could not be reached");
        Assert.IsEmpty(await app.RfcsAsync());
        Assert.IsEmpty(app.Posts);
    }

    [TestMethod]
    public async Task Submit_SameFormTwiceAfterSuccess_OneRfcOneThread()
    {
        // Arrange: the form is submitted and posted.
        await using var app = SubmitApp.Start(failPosts: 0);
        var form = await app.OpenFormAsync();
        using var first = await app.SubmitAsync(form.Filled());
        StringAssert.Contains(Texts(await CardOfAsync(first)), "Posted to Architecture for comment");
        Assert.HasCount(1, app.Posts);

        // Act: the same form is submitted again (a double click, or Teams retrying the invoke).
        using var second = await app.SubmitAsync(form.Filled());

        // Assert: the same RFC is answered, and no second thread is posted.
        var texts = Texts(await CardOfAsync(second));
        StringAssert.Contains(texts, "RFC-0001");
        StringAssert.Contains(texts, "Posted to Architecture for comment");
        Assert.HasCount(1, app.Posts, "The replayed form must not post a second thread.");
        var rfc = (await app.RfcsAsync()).Single();
        Assert.AreEqual("RFC-0001", rfc.Id.Number.ToString());
        Assert.AreEqual(app.Posts[0].MessageId, (await app.FindAsync(rfc.Id))!.Thread?.MessageId);
    }

    [TestMethod]
    [DataRow(null, RfcKind.DesignReview, DisplayName = "No kind sent (an older form): design review")]
    [DataRow("designReview", RfcKind.DesignReview, DisplayName = "Design review, as preselected")]
    [DataRow("routine", RfcKind.Routine, DisplayName = "Routine")]
    public async Task Submit_Kind_StoredOnTheRfc(string? kind, RfcKind expected)
    {
        // Arrange
        await using var app = SubmitApp.Start(failPosts: 0);
        var form = await app.OpenFormAsync();
        var filled = form.Filled();
        filled[InputIds.Kind] = kind;

        // Act
        using var response = await app.SubmitAsync(filled);

        // Assert
        StringAssert.Contains(Texts(await CardOfAsync(response)), "Posted to Architecture for comment");
        var rfc = (await app.RfcsAsync()).Single();
        Assert.AreEqual(expected, (await app.FindAsync(rfc.Id))!.Kind);
    }

    [TestMethod]
    public async Task Submit_RefusedForm_PickersComeBackShowingThePeoplePicked()
    {
        // Arrange: two options with the same short name are refused; a people picker shows a preselected person only
        // when a choice carries them.
        await using var app = SubmitApp.Start(failPosts: 0);
        var form = await app.OpenFormAsync();
        var filled = form.Filled();
        filled[InputIds.Options] = "Kafka: managed\nKafka: self-hosted";

        // Act
        using var response = await app.SubmitAsync(filled);

        // Assert
        var card = await CardOfAsync(response);
        StringAssert.Contains(Texts(card), "listed twice");
        var decider = CardView.Walk(card).Single(e => (string?)e["id"] == InputIds.Decider);
        Assert.AreEqual(Aiko.EntraId, (string?)decider["value"]);
        Assert.AreEqual("Aiko Tanaka", (string?)decider["choices"]![0]!["title"]);
        var reviewers = CardView.Walk(card).Single(e => (string?)e["id"] == InputIds.Reviewers);
        CollectionAssert.AreEqual(new[] { "Ivan Petrov", Mohammed.Name }, reviewers["choices"]!.AsArray().Select(c => (string?)c!["title"]).ToArray());
        Assert.IsEmpty(await app.RfcsAsync(), "Nothing was stored.");
    }

    [TestMethod]
    public async Task Submit_Posted_ThreadReplyMentionsTheDeciderAndEachReviewerWithMatchingEntities()
    {
        // Arrange
        await using var app = SubmitApp.Start(failPosts: 0);
        var form = await app.OpenFormAsync();

        // Act
        using var response = await app.SubmitAsync(form.Filled());
        StringAssert.Contains(Texts(await CardOfAsync(response)), "Posted to Architecture for comment");

        // Assert: one reply in the new thread, with <at>name</at> in the text for each person and an entity for each.
        var thread = ConversationIds.Thread(app.Architecture, app.Posts.Single().MessageId);
        var message = (await app.SentAsync(thread)).Single();
        Assert.AreEqual("xml", message.TextFormat);
        StringAssert.StartsWith(message.Text, $"<at>{Aiko.Name}</at> decides <b>RFC-0001 {Title}</b>. <at>{Ivan.Name}</at> and <at>{Mohammed.Name}</at>, please review by ");
        var mentions = message.Mentions().ToList();
        CollectionAssert.AreEqual(new[] { Aiko.EntraId, Ivan.EntraId, Mohammed.EntraId }, mentions.Select(m => m.Mentioned!.Id).ToArray());
        foreach (var (mention, person) in mentions.Zip(new[] { Aiko, Ivan, Mohammed }))
        {
            Assert.AreEqual("mention", mention.Type);
            Assert.AreEqual($"<at>{person.Name}</at>", mention.Text);
            Assert.AreEqual(person.Name, mention.Mentioned!.Name);
            StringAssert.Contains(message.Text, mention.Text);
        }

        // It went through the notification outbox: saved with the thread, and its row says it was sent.
        var rfc = (await app.RfcsAsync()).Single().Id;
        var attached = (await app.Services.GetRequiredService<IRfcStore>().ReadEventsAsync(rfc, CancellationToken.None)).OfType<ThreadAttached>().Single();
        var request = Notification.ReviewRequest(rfc, attached.Sequence, attached.At);
        var outbox = app.Services.GetRequiredService<INotificationOutbox>();
        var until = DateTime.UtcNow.AddSeconds(10);
        while ((await outbox.FindAsync(request.Id, CancellationToken.None))?.Status != NotificationStatus.Sent && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }

        Assert.AreEqual(NotificationStatus.Sent, (await outbox.FindAsync(request.Id, CancellationToken.None))?.Status);
    }

    [TestMethod]
    public async Task Submit_SameFormTwice_MentionsOnlyOnce()
    {
        // Arrange
        await using var app = SubmitApp.Start(failPosts: 0);
        var form = await app.OpenFormAsync();
        using var first = await app.SubmitAsync(form.Filled());
        var thread = ConversationIds.Thread(app.Architecture, app.Posts.Single().MessageId);
        Assert.HasCount(1, await app.SentAsync(thread));

        // Act: the replayed submit finds the thread already posted; a delivery round finds nothing more to send.
        using var second = await app.SubmitAsync(form.Filled());
        StringAssert.Contains(Texts(await CardOfAsync(second)), "Posted to Architecture for comment");
        await app.Services.GetRequiredService<NotificationDeliveryService>().RunOnceAsync(CancellationToken.None);
        await Task.Delay(300);

        // Assert
        Assert.HasCount(1, await app.SentAsync(thread), "A replay must not notify the decider and reviewers again.");
    }

    /// <summary>The card an invoke answered with, after checking the Universal Actions envelope.</summary>
    [TestMethod]
    public async Task Submit_RelatedPastDecisions_AreListedOnTheAuthorsConfirmation()
    {
        // Arrange: the team decided DEC-0012 about Kafka; the search finds it (and the new RFC itself, which is left out).
        await using var app = SubmitApp.Start(failPosts: 0);
        var form = await app.OpenFormAsync();
        var team = new TeamId(app.TeamId);
        Core.Search.SearchScope? asked = null;
        string? text = null;
        app.Search
            .Setup(s => s.RelatedAsync(It.IsAny<string>(), It.IsAny<Core.Search.SearchScope>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Callback((string t, Core.Search.SearchScope scope, int _, CancellationToken _) => (text, asked) = (t, scope))
            .ReturnsAsync(
            [
                new Core.Search.SearchHit(new RfcId(team, new RfcNumber(1)), Title, RfcState.Open, null, null, DateTimeOffset.UtcNow, null, null, null, null, 2f),
                new Core.Search.SearchHit(new RfcId(team, new RfcNumber(30)), "Use RabbitMQ for internal events", RfcState.Accepted, new DecisionNumber(12), DecisionOutcome.Accepted, new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero), null, null, null, null, 1f),
            ]);

        // Act
        using var response = await app.SubmitAsync(form.Filled());

        // Assert
        var texts = Texts(await CardOfAsync(response));
        StringAssert.Contains(texts, "Posted to Architecture for comment");
        StringAssert.Contains(texts, "Related past decisions");
        StringAssert.Contains(texts, "DEC-0012 Use RabbitMQ for internal events — accepted {{DATE(2026-03-02T10:00:00Z, SHORT)}}. Does this RFC supersede it?");
        Assert.IsFalse(texts.Contains("RFC-0001 Adopt", StringComparison.Ordinal), "The new RFC is not related to itself.");
        Assert.AreEqual(Tenant, asked!.TenantId);
        CollectionAssert.AreEqual(new[] { team }, asked.Teams.ToArray(), "Only the RFC's own team.");
        StringAssert.Contains(text, Title);
    }

    [TestMethod]
    public async Task Submit_SearchThrows_TheRfcIsStillPostedWithoutRelatedDecisions()
    {
        // Arrange
        await using var app = SubmitApp.Start(failPosts: 0);
        var form = await app.OpenFormAsync();
        app.Search
            .Setup(s => s.RelatedAsync(It.IsAny<string>(), It.IsAny<Core.Search.SearchScope>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("The index is corrupt."));

        // Act
        using var response = await app.SubmitAsync(form.Filled());

        // Assert
        var texts = Texts(await CardOfAsync(response));
        StringAssert.Contains(texts, "Posted to Architecture for comment");
        Assert.IsFalse(texts.Contains("Related past decisions", StringComparison.Ordinal), texts);
        Assert.HasCount(1, app.Posts);
        Assert.AreEqual("RFC-0001", (await app.RfcsAsync()).Single().Id.Number.ToString());
    }

    private static async Task<JsonObject> CardOfAsync(HttpResponseMessage response)
    {
        var json = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, json);
        var body = JsonNode.Parse(json)!.AsObject();
        Assert.AreEqual(200, (int?)body["statusCode"], json);
        Assert.AreEqual(CardType, (string?)body["type"], json);
        return body["value"]!.AsObject();
    }

    /// <summary>Every text on the card as shown, one per line.</summary>
    private static string Texts(JsonObject card) => string.Join('\n', CardView.Texts(card));

    private sealed record Member(string TeamsId, string Name, string EntraId)
    {
        public TeamsMember ToTeamsMember() => new() { Id = TeamsId, Name = Name, AadObjectId = EntraId };
    }

    /// <summary>A new thread Teams was asked to create, with the message id it gave back (or would have).</summary>
    private sealed record Post(ConversationParameters Parameters, string MessageId);

    /// <summary>The form as Teams shows it: the submit button's data (team, formId), to be merged with the inputs.</summary>
    private sealed record Form(JsonObject Data, string Architecture)
    {
        /// <summary>What Teams sends when Zofia has filled in the form: the button's data plus every input's value.</summary>
        public JsonObject Filled()
        {
            var data = Data.DeepClone().AsObject();
            data[InputIds.Title] = Title;
            data[InputIds.Context] = "Order events are lost when billing restarts during a deploy; finance reconciles them by hand every month.";
            data[InputIds.Proposal] = "Publish order events to Kafka with 7-day retention; billing and analytics consume them.";
            data[InputIds.Options] = "Kafka: managed, 3 brokers\nService Bus: topics and subscriptions\nStatus quo: keep HTTP callbacks";
            data[InputIds.Drivers] = "Durability across restarts\nReplay for new consumers";
            data[InputIds.Decider] = Aiko.EntraId;
            data[InputIds.Reviewers] = $"{Ivan.EntraId},{Mohammed.EntraId}";
            data[InputIds.WindowDays] = "5";
            data[InputIds.Channel] = Architecture;
            return data;
        }
    }

    /// <summary>
    /// The real app on a loopback port (local mode: no Bot:AppId) on its own Azurite tables, with the Connector mocked:
    /// the team has General and Architecture and four members; the first <c>failPosts</c> new threads are refused.
    /// </summary>
    private sealed class SubmitApp : LocalModeApp
    {
        private readonly Mock<IConnectorClient> connector = new(MockBehavior.Loose);
        private readonly ConcurrentQueue<Post> posts = new();
        private readonly ConcurrentQueue<(string Conversation, Activity Activity)> sent = new();
        private int failuresLeft;

        private SubmitApp(int failPosts)
            : base("rfc")
        {
            failuresLeft = failPosts;
            var suffix = Guid.NewGuid().ToString("N");
            TeamId = $"19:{suffix[..16]}general@thread.tacv2";
            Architecture = $"19:{suffix[16..]}architecture@thread.tacv2";
            AskedIn = ConversationIds.Thread(TeamId, "1730538412345");
            Member[] roster = [Zofia, Aiko, Ivan, Mohammed];
            connector
                .Setup(c => c.GetChannelsAsync(It.IsAny<Uri>(), TeamId, It.IsAny<CancellationToken>()))
                .ReturnsAsync([new TeamChannel(TeamId, null), new TeamChannel(Architecture, "Architecture")]);
            connector
                .Setup(c => c.GetMemberAsync(It.IsAny<Uri>(), TeamId, It.IsAny<string>(), It.IsAny<CancellationToken>()))
                .ReturnsAsync((Uri _, string _, string member, CancellationToken _) =>
                    roster.FirstOrDefault(m => string.Equals(m.EntraId, member, StringComparison.OrdinalIgnoreCase) || m.TeamsId == member)?.ToTeamsMember());
            connector
                .Setup(c => c.GetMembersAsync(It.IsAny<Uri>(), TeamId, It.IsAny<CancellationToken>()))
                .ReturnsAsync([.. roster.Select(m => m.ToTeamsMember())]);
            connector
                .Setup(c => c.SendAsync(It.IsAny<Uri>(), It.IsAny<string>(), It.IsAny<Activity>(), It.IsAny<CancellationToken>()))
                .Callback((Uri _, string conversation, Activity activity, CancellationToken _) => sent.Enqueue((conversation, activity)))
                .ReturnsAsync("1730538499999");
            connector
                .Setup(c => c.CreateConversationAsync(It.IsAny<Uri>(), It.IsAny<ConversationParameters>(), It.IsAny<CancellationToken>()))
                .Returns((Uri _, ConversationParameters parameters, CancellationToken _) =>
                {
                    var messageId = "17305" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    posts.Enqueue(new Post(parameters, messageId));
                    if (Interlocked.Decrement(ref failuresLeft) >= 0)
                    {
                        return Task.FromException<ConversationResourceResponse>(new ConnectorException("The Bot Connector answered 503 to POST v3/conversations.", 503));
                    }

                    var channel = parameters.ChannelData?.Channel?.Id ?? throw new AssertFailedException("The new thread names no channel.");
                    return Task.FromResult(new ConversationResourceResponse(ConversationIds.Thread(channel, messageId), messageId, ServiceUrl));
                });
        }

        /// <summary>The team's id, which is also its General channel's id.</summary>
        public string TeamId { get; }

        public string Architecture { get; }

        /// <summary>The thread in General where Zofia asked for the form.</summary>
        public string AskedIn { get; }

        public IReadOnlyList<Post> Posts => [.. posts];

        /// <summary>The messages sent to <paramref name="conversationId"/>, waiting up to 10 s for the first (the notification outbox sends them after the answer).</summary>
        public async Task<IReadOnlyList<Activity>> SentAsync(string conversationId)
        {
            var until = DateTime.UtcNow.AddSeconds(10);
            while (true)
            {
                var found = sent.Where(s => s.Conversation == conversationId).Select(s => s.Activity).ToList();
                if (found.Count > 0 || DateTime.UtcNow > until)
                {
                    return found;
                }

                await Task.Delay(20);
            }
        }

        public static SubmitApp Start(int failPosts) => new(failPosts);

        /// <summary>From now on Teams cannot be reached for member lookups (the Connector gave up after its retries).</summary>
        public void MembersUnreachable()
        {
            var down = new ConnectorException("The Bot Connector could not be reached: connection refused.", new HttpRequestException("Connection refused"));
            connector.Setup(c => c.GetMemberAsync(It.IsAny<Uri>(), TeamId, It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(down);
            connector.Setup(c => c.GetMembersAsync(It.IsAny<Uri>(), TeamId, It.IsAny<CancellationToken>())).ThrowsAsync(down);
        }

        /// <summary>The team is known (the bot was installed), and Zofia presses "New RFC": the answer is the form.</summary>
        public async Task<Form> OpenFormAsync()
        {
            await Services.GetRequiredService<IConversationStore>().SaveTeamAsync(
                new TeamConversation(new TeamId(TeamId), Tenant, TeamName, new Uri(ServiceUrl), TeamId, TeamGroupId), CancellationToken.None);
            using var response = await InvokeAsync(CardVerbs.NewRfcForm, new JsonObject { ["team"] = TeamId });
            var card = await CardOfAsync(response);
            var submit = card["actions"]!.AsArray().OfType<JsonObject>().Single(a => (string?)a["verb"] == CardVerbs.SubmitRfc);
            var choices = CardView.Walk(card).Single(e => (string?)e["id"] == InputIds.Channel)["choices"]!.AsArray().Select(c => (string?)c!["value"]).ToList();
            CollectionAssert.Contains(choices, Architecture, "The form offers the team's channels.");
            return new Form(submit["data"]!.AsObject(), Architecture);
        }

        /// <summary>Zofia presses a button whose verb is rfc.submit; Teams sends <paramref name="data"/>.</summary>
        public Task<HttpResponseMessage> SubmitAsync(JsonObject data) => InvokeAsync(CardVerbs.SubmitRfc, data);

        public async Task<IReadOnlyList<RfcSummary>> RfcsAsync() =>
            await Services.GetRequiredService<IRfcStore>().ListAsync(new TeamId(TeamId), null, CancellationToken.None);

        public Task<Rfc?> FindAsync(RfcId id) => Services.GetRequiredService<IRfcStore>().FindAsync(id, CancellationToken.None);

        /// <summary>The decision search (our port): finds nothing unless a test sets it up.</summary>
        public Mock<Core.Search.IDecisionSearch> Search { get; } = new(MockBehavior.Loose);

        protected override void ReplaceServices(IServiceCollection services)
        {
            services.AddSingleton(connector.Object);
            services.AddSingleton(Search.Object);
        }

        /// <summary>An adaptiveCard/action invoke from Zofia, on the form the bot posted in the General thread.</summary>
        private async Task<HttpResponseMessage> InvokeAsync(string verb, JsonObject data)
        {
            var activity = new JsonObject
            {
                ["type"] = "invoke",
                ["name"] = "adaptiveCard/action",
                ["id"] = "f:" + Guid.NewGuid().ToString("N"),
                ["timestamp"] = DateTimeOffset.UtcNow.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
                ["serviceUrl"] = ServiceUrl,
                ["channelId"] = "msteams",
                ["from"] = new JsonObject { ["id"] = Zofia.TeamsId, ["name"] = Zofia.Name, ["aadObjectId"] = Zofia.EntraId },
                ["conversation"] = new JsonObject { ["isGroup"] = true, ["conversationType"] = "channel", ["tenantId"] = Tenant, ["id"] = AskedIn },
                ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "TeamsDecisions" },
                ["replyToId"] = "1730538413001",
                ["locale"] = "en-GB",
                ["channelData"] = new JsonObject
                {
                    ["tenant"] = new JsonObject { ["id"] = Tenant },
                    ["team"] = new JsonObject { ["id"] = TeamId, ["name"] = TeamName, ["aadGroupId"] = TeamGroupId },
                    ["channel"] = new JsonObject { ["id"] = TeamId, ["name"] = "General" },
                    ["source"] = new JsonObject { ["name"] = "message" },
                },
                ["value"] = new JsonObject
                {
                    ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data.DeepClone() },
                    ["trigger"] = "manual",
                },
            };
            return await PostActivityAsync(activity);
        }
    }
}
