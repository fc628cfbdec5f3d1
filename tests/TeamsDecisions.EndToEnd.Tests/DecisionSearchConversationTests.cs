using System.Text.Json.Nodes;
using static TeamsDecisions.EndToEnd.Tests.RfcConversationTests;

namespace TeamsDecisions.EndToEnd.Tests;

/// <summary>
/// Finding the reasoning in Teams, through the real Agents Playground: two decisions are made, then found with
/// `why`, with the "Find a decision" message extension, and by pasting a decision page's link into the compose box.
/// </summary>
[TestClass]
public sealed class DecisionSearchConversationTests
{
    private const string FindDecision = "findDecision";

    [TestMethod]
    public async Task DecisionSearch_TwoDecisionsMade_WhyMessageExtensionAndLinkUnfurlFindTheRightOne()
    {
        // Arrange: the app, the Playground, the team; two RFCs proposed and resolved by Zofia (the current user).
        await using var app = new AppUnderTest();
        app.StartServer();
        await using var teams = await Playground.StartAsync(app.BotEndpoint);
        await teams.InstallAsync(Teams.Team);
        await teams.WaitForAsync(m => Text(m).Contains("TeamsDecisions is ready in Platform Engineering", StringComparison.Ordinal), "the welcome card");
        var kafka = await ProposeAsync(teams, "Adopt Kafka for order events", "Order events are lost when billing restarts.", "Kafka: managed, 3 brokers\nStatus quo", "RFC-0001");
        var postgres = await ProposeAsync(teams, "Move reporting to PostgreSQL", "The reporting database licence ends in June.", "PostgreSQL 16\nStay on the current database", "RFC-0002");
        app.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        await ResolveAsync(teams, kafka, "Kafka gives replay for new consumers and durability across restarts of billing.", "DEC-0001");
        await ResolveAsync(teams, postgres, "PostgreSQL covers every reporting query we run and its licence costs nothing.", "DEC-0002");

        // Act 1: "why postgresql" in General.
        var whyAsk = await teams.SendAsync(Teams.General, "why postgresql");

        // Assert 1: the results card names the PostgreSQL decision, not the Kafka one.
        var why = await teams.WaitForAsync(m => m.ConversationId == Teams.Thread(Teams.General, whyAsk) && Text(m).Contains("DEC-0002", StringComparison.Ordinal), "the why results");
        StringAssert.Contains(Text(why), "Move reporting to PostgreSQL");
        Assert.DoesNotContain("DEC-0001", Text(why));

        // Act 2: the message extension opens (initialRun), then Zofia types "kafka" into its search box.
        var recent = await teams.MessageExtensionAsync(Teams.Zofia, Teams.Architecture, "composeExtension/query", Query(initialRun: true, words: null));
        var searched = await teams.MessageExtensionAsync(Teams.Zofia, Teams.Architecture, "composeExtension/query", Query(initialRun: false, words: "kafka"));

        // Assert 2: initialRun lists both decisions, newest first, each with a preview; the search finds only Kafka's.
        Assert.AreEqual("result", recent["type"]!.ToString());
        Assert.AreEqual("list", recent["attachmentLayout"]!.ToString());
        var recentTitles = Previews(recent);
        Assert.HasCount(2, recentTitles);
        StringAssert.Contains(recentTitles[0], "DEC-0002");
        StringAssert.Contains(recentTitles[1], "DEC-0001");
        var hit = searched["attachments"]!.AsArray().Single()!.AsObject();
        StringAssert.Contains(hit["preview"]!["content"]!["title"]!.ToString(), "DEC-0001");
        Assert.AreEqual("application/vnd.microsoft.card.adaptive", hit["contentType"]!.ToString(), "Choosing the result inserts the compact decision card.");
        var inserted = string.Join('\n', Texts(hit["content"]!));
        StringAssert.Contains(inserted, "Adopt Kafka for order events");
        StringAssert.Contains(inserted, "Kafka gives replay for new consumers");

        // Act 3: Zofia pastes DEC-0001's page link (the one its channel card links to) into the compose box.
        app.Clock.Advance(TimeSpan.FromSeconds(6));
        var linked = await ChannelCardAsync(teams, app, m => m.MessageId == kafka.CardMessageId && Text(m).Contains("Read DEC-0001", StringComparison.Ordinal), "the final card with the page link");
        var pageUrl = linked.Card!["actions"]!.AsArray().First(a => a!["title"]?.ToString() == "Read DEC-0001")!["url"]!.ToString();
        var unfurled = await teams.MessageExtensionAsync(Teams.Zofia, Teams.General, "composeExtension/queryLink", new JsonObject { ["url"] = pageUrl });
        var unknown = await teams.MessageExtensionAsync(Teams.Zofia, Teams.General, "composeExtension/queryLink", new JsonObject { ["url"] = pageUrl.Replace("DEC-0001", "DEC-0099", StringComparison.Ordinal) });

        // Assert 3: the link unfurls into the same compact card; a link to no decision unfurls into nothing.
        var card = unfurled["attachments"]!.AsArray().Single()!.AsObject();
        var unfurledText = string.Join('\n', Texts(card["content"]!));
        StringAssert.Contains(unfurledText, "DEC-0001");
        StringAssert.Contains(unfurledText, "Adopt Kafka for order events");
        Assert.IsEmpty(unknown["attachments"]?.AsArray() ?? []);
    }

    private sealed record Proposed(int Number, string Thread, string CardMessageId);

    private static JsonObject Query(bool initialRun, string? words) => new()
    {
        ["commandId"] = FindDecision,
        ["parameters"] = new JsonArray(initialRun
            ? new JsonObject { ["name"] = "initialRun", ["value"] = "true" }
            : new JsonObject { ["name"] = "query", ["value"] = words }),
        ["queryOptions"] = new JsonObject { ["skip"] = 0, ["count"] = 25 },
    };

    private static List<string> Previews(JsonObject result) =>
        [.. result["attachments"]!.AsArray().Select(a => a!["preview"]!["content"]!["title"]!.ToString())];

    private static async Task<Proposed> ProposeAsync(Playground teams, string title, string context, string options, string number)
    {
        var ask = await teams.SendAsync(Teams.General, "rfc new");
        var form = await teams.WaitForAsync(m => m.ConversationId == Teams.Thread(Teams.General, ask) && Text(m).Contains("Propose a decision", StringComparison.Ordinal), "the new-RFC form");
        await teams.InvokeAsync(Teams.Zofia, form.ConversationId, form.MessageId, "rfc.submit", new JsonObject
        {
            ["team"] = Teams.Team,
            ["title"] = title,
            ["context"] = context,
            ["proposal"] = options.Split('\n')[0],
            ["options"] = options,
            ["decider"] = Teams.Zofia.EntraId,
            ["reviewers"] = Teams.Ivan.EntraId,
            ["windowDays"] = "5",
            ["channel"] = Teams.Architecture,
        });
        var card = await teams.WaitForAsync(m => m.Action == "createMessage" && m.ConversationId == Teams.Architecture && Text(m).Contains(number, StringComparison.Ordinal), $"{number}'s card in Architecture");
        return new Proposed(int.Parse(number["RFC-".Length..], System.Globalization.CultureInfo.InvariantCulture), Teams.Thread(Teams.Architecture, card.MessageId), card.MessageId);
    }

    private static async Task ResolveAsync(Playground teams, Proposed rfc, string rationale, string number)
    {
        var form = await teams.InvokeAsync(Teams.Zofia, rfc.Thread, rfc.CardMessageId, "rfc.resolveForm", new JsonObject { ["team"] = Teams.Team, ["rfc"] = rfc.Number });
        var resolve = (form["value"]!["actions"] as JsonArray)?.FirstOrDefault(a => a!["verb"]?.ToString() == "rfc.resolve") ?? throw new AssertFailedException($"No resolve form for {number}: {Shown(form)}");
        var decision = resolve["data"]!.DeepClone().AsObject();
        decision["outcome"] = "Accepted";
        decision["chosenOption"] = "0";
        decision["rationale"] = rationale;
        decision["whyNot-1"] = "It is what hurts today.";
        var final = await teams.InvokeAsync(Teams.Zofia, rfc.Thread, rfc.CardMessageId, "rfc.resolve", decision);
        StringAssert.Contains(Shown(final), $"{number} · ACCEPTED");
    }
}
