using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Core.Search;
using TeamsDecisions.Infrastructure.Publishing;
using TeamsDecisions.Testing;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// Finding decisions in Teams over /api/messages: why/search, the "Find a decision" message extension and link
/// unfurling, each asking the search (a Moq of our port) for exactly the teams the person may see.
/// </summary>
[TestClass]
public sealed class FindDecisionsTests
{
    private const string Query = "composeExtension/query";
    private const string QueryLink = "composeExtension/queryLink";

    [TestMethod]
    public async Task Why_InAChannel_SearchesExactlyThatTeamOfTheTurnsTenant()
    {
        // Arrange
        await using var app = new RfcActionsApp();
        var team = await app.InstallTeamAsync();
        await app.InstallTeamAsync();
        var asked = CaptureSearch(app);

        // Act
        await app.CommandAsync(Sample.Carol, "why kafka", ActionOrigin.Thread(team));

        // Assert
        var (words, scope) = asked.Single();
        Assert.AreEqual("kafka", words);
        Assert.AreEqual(RfcActionsApp.Tenant, scope.TenantId);
        CollectionAssert.AreEqual(new[] { team }, scope.Teams.ToArray());
    }

    [TestMethod]
    public async Task Search_InPersonalChat_SearchesOnlyTheMemberTeamsOfTheSameTenant()
    {
        // Arrange: Carol is on the rosters of two teams of her tenant and of one of another tenant; a third team of hers is not hers.
        await using var app = new RfcActionsApp();
        var first = await app.InstallTeamAsync();
        var second = await app.InstallTeamAsync();
        var notHers = await app.InstallTeamAsync();
        var otherTenant = await app.InstallTeamAsync(RfcActionsApp.OtherTenant);
        app.Roster(first, Sample.Alice, Sample.Carol);
        app.Roster(second, Sample.Carol);
        app.Roster(notHers, Sample.Alice, Sample.Bob);
        app.Roster(otherTenant, Sample.Carol);
        var asked = CaptureSearch(app);

        // Act
        await app.CommandAsync(Sample.Carol, "search retention policy", ActionOrigin.PersonalChat());

        // Assert
        var (words, scope) = asked.Single();
        Assert.AreEqual("retention policy", words);
        Assert.AreEqual(RfcActionsApp.Tenant, scope.TenantId);
        CollectionAssert.AreEquivalent(new[] { first, second }, scope.Teams.ToArray());
    }

    [TestMethod]
    public async Task Why_WithHits_AnswersTheTopFiveWithHighlightedLinesSupersededAndThreadButtons()
    {
        // Arrange: six hits; the second is superseded; the best line of the first has "Kafka" matched.
        await using var app = new RfcActionsApp();
        var team = await app.InstallTeamAsync();
        var hits = Enumerable.Range(1, 6).Select(i => Hit(team, i, $"Decision {i} about Kafka")).ToList();
        hits[0] = hits[0] with { BestLine = new Highlighted("We chose Kafka for *replay*.", [new TextSpan(9, 5)]) };
        hits[1] = hits[1] with { Status = RfcState.Superseded, SupersededBy = new DecisionNumber(57) };
        app.Search.Setup(s => s.SearchAsync("kafka", It.IsAny<SearchScope>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync(hits);

        // Act
        var card = await app.CommandAsync(Sample.Carol, "why kafka", ActionOrigin.Thread(team));

        // Assert
        var texts = CardView.Texts(card);
        var all = string.Join('\n', texts);
        Assert.AreEqual("Decisions about “kafka”", texts[0], all);
        CollectionAssert.Contains(texts, "DEC-0001 Decision 1 about Kafka", all);
        CollectionAssert.Contains(texts, "DEC-0005 Decision 5 about Kafka", all);
        Assert.IsFalse(texts.Any(t => t.StartsWith("DEC-0006", StringComparison.Ordinal)), "Top 5 only.");
        Assert.IsTrue(texts.Any(t => t.EndsWith("superseded by DEC-0057", StringComparison.Ordinal)), all);
        CollectionAssert.Contains(texts, "We chose Kafka for *replay*.", "The line as typed, in runs (no markdown).");
        var bold = CardView.Walk(card).Where(e => (string?)e["type"] == "TextRun" && (string?)e["weight"] == "bolder").Select(e => (string?)e["text"]).ToList();
        CollectionAssert.Contains(bold, "Kafka", "The matched word is bold.");
        Assert.AreEqual(5, CardView.ActionTitles(card).Count(t => t == "Go to the thread"));
        Assert.IsNull(card["actions"], "Buttons are per result, not card-level (Teams allows 6 there).");
    }

    [TestMethod]
    public async Task Why_NoHits_SaysSoAndSuggestsOtherWords()
    {
        // Arrange
        await using var app = new RfcActionsApp();
        var team = await app.InstallTeamAsync();

        // Act
        var card = await app.CommandAsync(Sample.Carol, "why kakfa", ActionOrigin.Thread(team));

        // Assert
        var texts = CardView.Texts(card);
        Assert.AreEqual("No decision found for “kakfa”", texts[0]);
        Assert.IsTrue(texts.Any(t => t.Contains("DEC-0012", StringComparison.Ordinal) && t.Contains("spelling", StringComparison.Ordinal)), string.Join('\n', texts));
    }

    [TestMethod]
    public async Task Why_WithoutWords_AsksWhatToLookForAndDoesNotSearch()
    {
        // Arrange
        await using var app = new RfcActionsApp();
        var team = await app.InstallTeamAsync();

        // Act
        var card = await app.CommandAsync(Sample.Carol, "why", ActionOrigin.Thread(team));

        // Assert
        Assert.AreEqual("What should I look for?", CardView.Texts(card)[0]);
        app.Search.Verify(s => s.SearchAsync(It.IsAny<string>(), It.IsAny<SearchScope>(), It.IsAny<int>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [TestMethod]
    public async Task Query_InitialRun_ListsTheMostRecentDecisionsAsCardsWithPreviews()
    {
        // Arrange
        await using var app = new RfcActionsApp();
        var team = await app.InstallTeamAsync();
        app.Search.Setup(s => s.RecentAsync(It.Is<SearchScope>(x => x.Teams.SequenceEqual(new[] { team })), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([Hit(team, 2, "Kafka retention: 14 days"), Hit(team, 1, "Adopt Kafka for order events")]);

        // Act
        var body = await app.InvokeAsync(Sample.Carol, Query, QueryValue(("initialRun", "true")), ActionOrigin.Thread(team));

        // Assert
        var result = body["composeExtension"]!.AsObject();
        Assert.AreEqual("result", (string?)result["type"], body.ToJsonString());
        Assert.AreEqual("list", (string?)result["attachmentLayout"]);
        var attachments = result["attachments"]!.AsArray();
        Assert.HasCount(2, attachments);
        foreach (var attachment in attachments)
        {
            Assert.AreEqual("application/vnd.microsoft.card.adaptive", (string?)attachment!["contentType"]);
            Assert.AreEqual("AdaptiveCard", (string?)attachment["content"]!["type"]);
            Assert.AreEqual("application/vnd.microsoft.card.thumbnail", (string?)attachment["preview"]!["contentType"]);
        }

        Assert.AreEqual("DEC-0002 Kafka retention: 14 days", (string?)attachments[0]!["preview"]!["content"]!["title"]);
        CollectionAssert.Contains(CardView.Texts(attachments[1]!["content"]!.AsObject()), "Adopt Kafka for order events");
        app.Search.Verify(s => s.SearchAsync(It.IsAny<string>(), It.IsAny<SearchScope>(), It.IsAny<int>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [TestMethod]
    public async Task Query_WithWords_SearchesThemInThePersonsScope()
    {
        // Arrange
        await using var app = new RfcActionsApp();
        var team = await app.InstallTeamAsync();
        var asked = CaptureSearch(app, [Hit(team, 3, "Adopt Kafka for order events")]);

        // Act
        var body = await app.InvokeAsync(Sample.Carol, Query, QueryValue(("query", "kafka")), ActionOrigin.Thread(team));

        // Assert
        Assert.AreEqual("kafka", asked.Single().Words);
        CollectionAssert.AreEqual(new[] { team }, asked.Single().Scope.Teams.ToArray());
        Assert.HasCount(1, body["composeExtension"]!["attachments"]!.AsArray());
        app.Search.Verify(s => s.RecentAsync(It.IsAny<SearchScope>(), It.IsAny<int>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [TestMethod]
    public async Task Query_SearchFails_AnswersAMessageResultWithoutAStackTrace()
    {
        // Arrange
        await using var app = new RfcActionsApp();
        var team = await app.InstallTeamAsync();
        app.Search.Setup(s => s.SearchAsync(It.IsAny<string>(), It.IsAny<SearchScope>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("index.lock held by pid 4242"));

        // Act
        var body = await app.InvokeAsync(Sample.Carol, Query, QueryValue(("query", "kafka")), ActionOrigin.Thread(team));

        // Assert
        var result = body["composeExtension"]!;
        Assert.AreEqual("message", (string?)result["type"]);
        StringAssert.Contains((string?)result["text"], "could not be searched");
        Assert.DoesNotContain("4242", body.ToJsonString());
        Assert.DoesNotContain(" at ", body.ToJsonString());
    }

    [TestMethod]
    public async Task QueryLink_TheAppsDecisionPage_UnfurlsToTheCompactCard()
    {
        // Arrange: DEC-0001 of Carol's team, decided; its page on the app's own host.
        await using var app = new RfcActionsApp();
        var team = await app.InstallTeamAsync();
        app.Roster(team, Sample.Alice, Sample.Bob, Sample.Carol);
        var decided = await DecideAsync(app, team);
        var url = app.Services.GetRequiredService<LocalDecisionPublisher>().PageUrl(team, decided.Decision!.Number);

        // Act
        var body = await app.InvokeAsync(Sample.Carol, QueryLink, new JsonObject { ["url"] = url.ToString() }, ActionOrigin.PersonalChat());

        // Assert
        var attachment = body["composeExtension"]!["attachments"]!.AsArray().Single()!;
        var texts = CardView.Texts(attachment["content"]!.AsObject());
        Assert.AreEqual("DEC-0001", texts[0], string.Join('\n', texts));
        CollectionAssert.Contains(texts, decided.Title);
        Assert.IsTrue(texts.Any(t => t.StartsWith("Accepted {{DATE(", StringComparison.Ordinal)), string.Join('\n', texts));
        CollectionAssert.Contains(texts, decided.Decision.Rationale);
        Assert.AreEqual("application/vnd.microsoft.card.thumbnail", (string?)attachment["preview"]!["contentType"]);
    }

    [TestMethod]
    public async Task QueryLink_ADecisionOfATeamThePersonIsNotIn_AnswersAnEmptyResult()
    {
        // Arrange: Dana is not on the roster of the decision's team.
        await using var app = new RfcActionsApp();
        var team = await app.InstallTeamAsync();
        app.Roster(team, Sample.Alice, Sample.Bob, Sample.Carol);
        var decided = await DecideAsync(app, team);
        var url = app.Services.GetRequiredService<LocalDecisionPublisher>().PageUrl(team, decided.Decision!.Number);

        // Act
        var body = await app.InvokeAsync(Sample.Dana, QueryLink, new JsonObject { ["url"] = url.ToString() }, ActionOrigin.PersonalChat());

        // Assert
        Assert.AreEqual("result", (string?)body["composeExtension"]!["type"]);
        Assert.IsEmpty(body["composeExtension"]!["attachments"]!.AsArray());
    }

    [TestMethod]
    public async Task QueryLink_ADecisionOfAnotherTenantsTeam_AnswersAnEmptyResult()
    {
        // Arrange: Carol is on the roster, but the team is another tenant's.
        await using var app = new RfcActionsApp();
        var team = await app.InstallTeamAsync(RfcActionsApp.OtherTenant);
        app.Roster(team, Sample.Alice, Sample.Bob, Sample.Carol);
        var decided = await DecideAsync(app, team);
        var url = app.Services.GetRequiredService<LocalDecisionPublisher>().PageUrl(team, decided.Decision!.Number);

        // Act
        var body = await app.InvokeAsync(Sample.Carol, QueryLink, new JsonObject { ["url"] = url.ToString() }, ActionOrigin.PersonalChat());

        // Assert
        Assert.IsEmpty(body["composeExtension"]!["attachments"]!.AsArray());
    }

    [TestMethod]
    [DataRow("https://contoso.example/decisions/19:abc@thread.tacv2/DEC-0001")]
    [DataRow("https://contoso.sharepoint.com/sites/eng/SitePages/dec-0001-adopt-kafka-for-order-events.aspx")]
    [DataRow("https://www.bing.com/search?q=kafka")]
    public async Task QueryLink_ALinkThatIsNotOneOfOurDecisionPages_AnswersAnEmptyResult(string url)
    {
        // Arrange
        await using var app = new RfcActionsApp();
        var team = await app.InstallTeamAsync();
        app.Roster(team, Sample.Alice, Sample.Bob, Sample.Carol);
        await DecideAsync(app, team);

        // Act
        var body = await app.InvokeAsync(Sample.Carol, QueryLink, new JsonObject { ["url"] = url }, ActionOrigin.PersonalChat());

        // Assert
        Assert.AreEqual("result", (string?)body["composeExtension"]!["type"], body.ToJsonString());
        Assert.IsEmpty(body["composeExtension"]!["attachments"]!.AsArray());
    }

    [TestMethod]
    public async Task Why_AsAReplyInAnRfcsThread_StaysACommentOnThatRfc()
    {
        // Arrange: RFC-0001's card is the root of the thread; Carol replies "why not Service Bus?" mentioning the bot.
        await using var app = new RfcActionsApp();
        var team = await app.InstallTeamAsync();
        var id = await app.ProposeAsync(team);
        await app.Services.GetRequiredService<IConversationStore>().MapThreadAsync(team.Value, RfcActionsApp.ThreadRoot, id, CancellationToken.None);
        var origin = ActionOrigin.Thread(team);
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["id"] = "f:" + Guid.NewGuid().ToString("N"),
            ["serviceUrl"] = RfcActionsApp.ServiceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = "29:1carol", ["name"] = Sample.Carol.DisplayName, ["aadObjectId"] = Sample.Carol.Id },
            ["recipient"] = new JsonObject { ["id"] = "28:bot", ["name"] = "TeamsDecisions" },
            ["conversation"] = origin.Conversation.DeepClone(),
            ["channelData"] = origin.ChannelData!.DeepClone(),
            ["text"] = "<at>TeamsDecisions</at> why not Service Bus?",
            ["entities"] = new JsonArray(new JsonObject { ["type"] = "mention", ["text"] = "<at>TeamsDecisions</at>", ["mentioned"] = new JsonObject { ["id"] = "28:bot", ["name"] = "TeamsDecisions" } }),
        };

        // Act
        using var response = await app.PostActivityAsync(activity);

        // Assert
        Assert.IsTrue(response.IsSuccessStatusCode);
        var rfc = await app.FindAsync(id);
        Assert.AreEqual("why not Service Bus?", rfc.Comments.Single().Text);
        app.Search.Verify(s => s.SearchAsync(It.IsAny<string>(), It.IsAny<SearchScope>(), It.IsAny<int>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private static List<(string Words, SearchScope Scope)> CaptureSearch(RfcActionsApp app, IReadOnlyList<SearchHit>? hits = null)
    {
        var asked = new List<(string, SearchScope)>();
        app.Search
            .Setup(s => s.SearchAsync(It.IsAny<string>(), It.IsAny<SearchScope>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Callback((string words, SearchScope scope, int _, CancellationToken _) => asked.Add((words, scope)))
            .ReturnsAsync(hits ?? []);
        return asked;
    }

    private static SearchHit Hit(TeamId team, int n, string title) => new(
        new RfcId(team, new RfcNumber(n + 100)),
        title,
        RfcState.Accepted,
        new DecisionNumber(n),
        DecisionOutcome.Accepted,
        RfcActionsApp.Now.AddDays(-n),
        null,
        null,
        null,
        new Uri($"https://teams.microsoft.com/l/message/19:abc@thread.tacv2/17305384{n:D5}"),
        1f / n);

    private static JsonObject QueryValue(params (string Name, string Value)[] parameters) => new()
    {
        ["commandId"] = "findDecision",
        ["parameters"] = new JsonArray([.. parameters.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["value"] = p.Value })]),
        ["queryOptions"] = new JsonObject { ["skip"] = 0, ["count"] = 25 },
    };

    private static async Task<Rfc> DecideAsync(RfcActionsApp app, TeamId team)
    {
        var id = await app.ProposeAsync(team);
        var resolved = await app.Services.GetRequiredService<RfcService>().ResolveAsync(new CommandContext(Sample.Bob, $"resolve-{Guid.NewGuid():N}"), id, Sample.Accept("Agreed in the architecture review"), CancellationToken.None);
        return resolved.Rfc;
    }
}

/// <summary>Relevance where a decision is taken: the resolve form's supersedes choice, and unfurling SharePoint pages.</summary>
[TestClass]
public sealed class RelatedDecisionsTests
{
    [TestMethod]
    public async Task ResolveForm_SupersedesChoice_ListsTheRelatedDecisionFirstThenTheNewest()
    {
        // Arrange: DEC-0001 then, an hour later, DEC-0002; the search finds DEC-0001 related to the new RFC.
        await using var app = new RfcActionsApp();
        var team = await app.InstallTeamAsync();
        var first = await DecideAsync(app, team);
        app.Clock.Advance(TimeSpan.FromHours(1));
        var second = await DecideAsync(app, team);
        var open = await app.ProposeAsync(team);
        SearchScope? asked = null;
        app.Search.Setup(s => s.RelatedAsync(It.IsAny<string>(), It.IsAny<SearchScope>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Callback((string _, SearchScope scope, int _, CancellationToken _) => asked = scope)
            .ReturnsAsync([new SearchHit(first.Id, first.Title, RfcState.Accepted, first.Decision!.Number, DecisionOutcome.Accepted, RfcActionsApp.Now, null, null, null, null, 1f)]);

        // Act
        var form = await app.ActAsync(Sample.Bob, Cards.Actions.CardVerbs.ResolveForm, new JsonObject { ["team"] = team.Value, ["rfc"] = open.Number.Value }, ActionOrigin.Thread(team));

        // Assert
        var choices = CardView.Walk(form).Single(e => (string?)e["id"] == Cards.Actions.InputIds.Supersedes)["choices"]!.AsArray().Select(c => (string?)c!["value"]).ToList();
        CollectionAssert.AreEqual(new[] { first.Decision.Number.ToString(), second.Decision!.Number.ToString() }, choices);
        CollectionAssert.AreEqual(new[] { team }, asked!.Teams.ToArray());
    }

    [TestMethod]
    public async Task QueryLink_TheSharePointPageTheOutboxRecorded_UnfurlsForAMemberOnly()
    {
        // Arrange: DEC-0001's page was published to SharePoint.
        await using var app = new RfcActionsApp();
        var team = await app.InstallTeamAsync();
        app.Roster(team, Sample.Alice, Sample.Bob, Sample.Carol);
        var decided = await DecideAsync(app, team);
        var page = new Uri("https://contoso.sharepoint.com/sites/eng/SitePages/dec-0001-adopt-kafka-for-order-events.aspx");
        var outbox = app.Services.GetRequiredService<IPublicationOutbox>();
        var publication = await outbox.FindAsync(decided.Id, CancellationToken.None);
        await outbox.MarkPublishedAsync(decided.Id, publication!.RequestedAtSequence, page, null, CancellationToken.None);
        var value = new JsonObject { ["url"] = page + "?web=1" };

        // Act
        var carol = await app.InvokeAsync(Sample.Carol, "composeExtension/queryLink", value, ActionOrigin.PersonalChat());
        var dana = await app.InvokeAsync(Sample.Dana, "composeExtension/queryLink", value, ActionOrigin.PersonalChat());

        // Assert
        var card = carol["composeExtension"]!["attachments"]!.AsArray().Single()!["content"]!.AsObject();
        Assert.AreEqual("DEC-0001", CardView.Texts(card)[0]);
        Assert.AreEqual(page.ToString(), (string?)CardView.Walk(card).Single(e => (string?)e["title"] == "Read")["url"]);
        Assert.IsEmpty(dana["composeExtension"]!["attachments"]!.AsArray(), "Dana is not on the team's roster.");
    }

    private static async Task<Rfc> DecideAsync(RfcActionsApp app, TeamId team)
    {
        var id = await app.ProposeAsync(team);
        var resolved = await app.Services.GetRequiredService<RfcService>().ResolveAsync(new CommandContext(Sample.Bob, $"resolve-{Guid.NewGuid():N}"), id, Sample.Accept("Agreed in the architecture review"), CancellationToken.None);
        return resolved.Rfc;
    }
}
