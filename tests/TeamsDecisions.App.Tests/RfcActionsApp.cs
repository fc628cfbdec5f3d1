using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Core.Search;
using TeamsDecisions.Teams.Activities;
using TeamsDecisions.Teams.Connector;
using TeamsDecisions.Testing;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// The real app on Kestrel in local mode, on its own Azurite tables, with the Connector mocked (every channel-card
/// update and notice succeeds) and the clock at 09:00 UTC on 2 November 2026. Teams are installed and RFCs proposed
/// through the app's own ports; card actions are posted to /api/messages as Teams sends them, from wherever the
/// test says: the RFC's channel thread, another team's channel, a personal chat, another tenant.
/// </summary>
internal sealed class RfcActionsApp() : LocalModeApp("act")
{
    public const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public const string OtherTenant = "0d6e4a1b-2c3d-4e5f-8a9b-0c1d2e3f4a5b";
    public const string ServiceUrl = "http://127.0.0.1:56790/_connector/";
    public const string ThreadRoot = "1730538412345";
    public static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private const string CardType = "application/vnd.microsoft.card.adaptive";
    private const string BotId = "28:0f2c4e6a-8b1d-4f3e-9a5c-7d9e1f3a5b7c";

    private readonly Mock<IConnectorClient> connector = new(MockBehavior.Loose);
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Conversation, Activity Activity)> sent = new();

    public FakeTimeProvider Clock { get; } = new(Now);

    /// <summary>The decision search (our port), finding nothing unless a test sets it up; tests read the scopes it was asked with.</summary>
    public Mock<IDecisionSearch> Search { get; } = NoHits();

    /// <summary>Replaces the app's source of each person's own working hours, when set.</summary>
    public IPersonalWorkingTime? People { get; init; }

    /// <summary>
    /// The messages sent to <paramref name="conversationId"/> that <paramref name="match"/> accepts, waiting (on the real
    /// clock, up to 10 s) until there is at least one: notices go out after the answer.
    /// </summary>
    public async Task<IReadOnlyList<Activity>> SentAsync(string conversationId, Func<Activity, bool> match)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var found = sent.Where(s => s.Conversation == conversationId && match(s.Activity)).Select(s => s.Activity).ToList();
            if (found.Count > 0 || DateTime.UtcNow > until)
            {
                return found;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>The app is installed in a new team of <paramref name="tenant"/>; its id is also its General channel's.</summary>
    public async Task<TeamId> InstallTeamAsync(string tenant = Tenant)
    {
        var team = Sample.NewTeam();
        await Services.GetRequiredService<IConversationStore>().SaveTeamAsync(
            new TeamConversation(team, tenant, "Platform Engineering", new Uri(ServiceUrl), team.Value), CancellationToken.None);
        return team;
    }

    /// <summary>
    /// RFC-0001 "Adopt Kafka for order events" by Alice, decided by Bob, reviewed by Carol and Dana, open for comment
    /// from now for 5 days and posted in a thread of General; optionally with a concern Carol raised.
    /// </summary>
    public async Task<RfcId> ProposeAsync(TeamId team, bool withConcernByCarol = false)
    {
        var rfcs = Services.GetRequiredService<RfcService>();
        var author = new CommandContext(Sample.Alice);
        var rfc = (await rfcs.ProposeAsync(author, team, Sample.Proposal(), asDraft: false, CancellationToken.None)).Rfc;
        await rfcs.AttachThreadAsync(author, rfc.Id, new ThreadReference(ConversationIds.Thread(team.Value, ThreadRoot), ThreadRoot, null), CancellationToken.None);
        if (withConcernByCarol)
        {
            await rfcs.RaiseConcernAsync(new CommandContext(Sample.Carol), rfc.Id, "On-call load", "Who carries the pager for three new brokers?", CancellationToken.None);
        }

        return rfc.Id;
    }

    /// <summary>The team's roster as the Connector answers it (GET pagedmembers): these people are its members.</summary>
    public void Roster(TeamId team, params UserRef[] members) =>
        connector
            .Setup(c => c.GetAllMembersAsync(It.IsAny<Uri>(), team.Value, It.IsAny<CancellationToken>()))
            .ReturnsAsync([.. members.Select(m => new TeamsMember { Id = "29:1" + m.Id, Name = m.DisplayName, AadObjectId = m.Id, UserRole = TeamsUserRoles.User })]);

    public async Task<Rfc> FindAsync(RfcId id) =>
        await Services.GetRequiredService<IRfcStore>().FindAsync(id, CancellationToken.None) ?? throw new AssertFailedException($"{id.Number} is not stored.");

    public Task<IReadOnlyList<RfcEvent>> EventsAsync(RfcId id) => Services.GetRequiredService<IRfcStore>().ReadEventsAsync(id, CancellationToken.None);

    /// <summary>Everything stored about the RFC (the RFC with its ballots, concerns and comments, its audit trail, its index line), as JSON.</summary>
    public async Task<string> SnapshotAsync(RfcId id)
    {
        var rfc = await FindAsync(id);
        var summary = (await Services.GetRequiredService<IRfcStore>().ListAsync(id.Team, null, CancellationToken.None)).Where(s => s.Id == id);
        return JsonSerializer.Serialize(new
        {
            Rfc = rfc.ToCore(),
            Ballots = rfc.Ballots.OrderBy(b => b.Voter.Id, StringComparer.Ordinal),
            rfc.Concerns,
            rfc.Comments,
            Events = await EventsAsync(id),
            Summary = summary,
        });
    }

    /// <summary>An adaptiveCard/action invoke from <paramref name="actor"/> at <paramref name="from"/>; the answer's card.</summary>
    public async Task<JsonObject> ActAsync(UserRef actor, string verb, JsonObject data, ActionOrigin from)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(from);
        var activity = NewActivity("invoke", actor, from);
        activity["name"] = "adaptiveCard/action";
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data.DeepClone() },
            ["trigger"] = "manual",
        };
        if (from.ChannelData is { } channelData)
        {
            activity["channelData"] = channelData.DeepClone();
            activity["replyToId"] = ThreadRoot;
        }

        using var response = await PostActivityAsync(activity);
        var json = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, json);
        var body = JsonNode.Parse(json)!.AsObject();
        Assert.AreEqual(200, (int?)body["statusCode"], json);
        Assert.AreEqual(CardType, (string?)body["type"], json);
        return body["value"]!.AsObject();
    }

    /// <summary>
    /// Sends <paramref name="text"/> as a message from <paramref name="actor"/> at <paramref name="from"/> (with the
    /// client's time zone in a clientInfo entity when given); the card the bot replied with.
    /// </summary>
    public async Task<JsonObject> CommandAsync(UserRef actor, string text, ActionOrigin from, string? clientTimeZone = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(from);
        var conversation = (string)from.Conversation["id"]!;
        var before = sent.Count(s => s.Conversation == conversation);
        var activity = NewActivity("message", actor, from);
        activity["text"] = from.ChannelData is null ? text : $"<at>TeamsDecisions</at> {text}";
        activity["entities"] = new JsonArray(
            new JsonObject { ["type"] = "mention", ["text"] = "<at>TeamsDecisions</at>", ["mentioned"] = new JsonObject { ["id"] = BotId, ["name"] = "TeamsDecisions" } },
            new JsonObject { ["type"] = "clientInfo", ["locale"] = "en-GB", ["timezone"] = clientTimeZone });
        if (from.ChannelData is { } channelData)
        {
            activity["channelData"] = channelData.DeepClone();
        }

        using var response = await PostActivityAsync(activity);
        Assert.IsTrue(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var reply = sent.Where(s => s.Conversation == conversation).Skip(before).LastOrDefault().Activity ?? throw new AssertFailedException($"The bot did not reply to \"{text}\".");
        return JsonNode.Parse(JsonSerializer.Serialize(reply.Attachments![0].Content, Cards.Model.CardJson.Options))!.AsObject();
    }

    /// <summary>An invoke <paramref name="name"/> (composeExtension/query, …/queryLink) from <paramref name="actor"/> at <paramref name="from"/>; the HTTP answer's body.</summary>
    public async Task<JsonObject> InvokeAsync(UserRef actor, string name, JsonObject value, ActionOrigin from)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(from);
        var activity = NewActivity("invoke", actor, from);
        activity["name"] = name;
        activity["value"] = value.DeepClone();
        if (from.ChannelData is { } channelData)
        {
            activity["channelData"] = channelData.DeepClone();
        }

        using var response = await PostActivityAsync(activity);
        var json = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, json);
        return JsonNode.Parse(json)!.AsObject();
    }

    /// <summary>Every message sent to <paramref name="conversationId"/> so far.</summary>
    public IReadOnlyList<Activity> SentTo(string conversationId) => [.. sent.Where(s => s.Conversation == conversationId).Select(s => s.Activity)];

    /// <summary>The data of the Action.Execute with <paramref name="verb"/> on <paramref name="viewer"/>'s own card, or null when their card has no such button.</summary>
    public async Task<JsonObject?> ButtonDataAsync(UserRef viewer, RfcId id, string verb)
    {
        var card = await ActAsync(viewer, CardVerbs.Refresh, new JsonObject { ["team"] = id.Team.Value, ["rfc"] = id.Number.Value }, ActionOrigin.Thread(id.Team));
        var button = CardView.Walk(card).FirstOrDefault(e => (string?)e["type"] == "Action.Execute" && (string?)e["verb"] == verb);
        return button?["data"]?.DeepClone().AsObject();
    }

    private static Mock<IDecisionSearch> NoHits()
    {
        var search = new Mock<IDecisionSearch>(MockBehavior.Loose);
        search.Setup(s => s.SearchAsync(It.IsAny<string>(), It.IsAny<SearchScope>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        search.Setup(s => s.RecentAsync(It.IsAny<SearchScope>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        search.Setup(s => s.RelatedAsync(It.IsAny<string>(), It.IsAny<SearchScope>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        return search;
    }

    /// <summary>An activity of <paramref name="type"/> from <paramref name="actor"/> in <paramref name="from"/>'s conversation, with what Teams sends on every one.</summary>
    private JsonObject NewActivity(string type, UserRef actor, ActionOrigin from) => new()
    {
        ["type"] = type,
        ["id"] = "f:" + Guid.NewGuid().ToString("N"),
        ["timestamp"] = Clock.GetUtcNow().ToString("o", CultureInfo.InvariantCulture),
        ["serviceUrl"] = ServiceUrl,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = "29:1" + actor.Id.Replace("-", string.Empty, StringComparison.Ordinal), ["name"] = actor.DisplayName, ["aadObjectId"] = actor.Id },
        ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "TeamsDecisions" },
        ["conversation"] = from.Conversation.DeepClone(),
        ["locale"] = "en-GB",
    };

    protected override void ReplaceServices(IServiceCollection services)
    {
        connector
            .Setup(c => c.SendAsync(It.IsAny<Uri>(), It.IsAny<string>(), It.IsAny<Activity>(), It.IsAny<CancellationToken>()))
            .Callback((Uri _, string conversation, Activity activity, CancellationToken _) => sent.Enqueue((conversation, activity)))
            .ReturnsAsync(() => "1730538" + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture));
        services.AddSingleton(connector.Object);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(Search.Object);
        if (People is not null)
        {
            services.AddSingleton(People);
        }
    }
}

/// <summary>Where an action comes from: the conversation and the channel data Teams puts on the activity.</summary>
internal sealed record ActionOrigin(JsonObject Conversation, JsonObject? ChannelData)
{
    /// <summary>The RFC's own thread in the team's General channel.</summary>
    public static ActionOrigin Thread(TeamId team, string tenant = RfcActionsApp.Tenant) => new(
        new JsonObject { ["isGroup"] = true, ["conversationType"] = "channel", ["tenantId"] = tenant, ["id"] = ConversationIds.Thread(team.Value, RfcActionsApp.ThreadRoot) },
        new JsonObject
        {
            ["tenant"] = new JsonObject { ["id"] = tenant },
            ["team"] = new JsonObject { ["id"] = team.Value, ["name"] = "Platform Engineering" },
            ["channel"] = new JsonObject { ["id"] = team.Value, ["name"] = "General" },
            ["source"] = new JsonObject { ["name"] = "message" },
        });

    /// <summary>The caller's personal chat with the bot: no team at all.</summary>
    public static ActionOrigin PersonalChat(string tenant = RfcActionsApp.Tenant) => new(
        new JsonObject { ["conversationType"] = "personal", ["tenantId"] = tenant, ["id"] = "a:1" + Guid.NewGuid().ToString("N") },
        new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenant } });
}

/// <summary>Reading a card as the user sees it.</summary>
internal static class CardView
{
    /// <summary>Every text on the card in order, as Teams shows it (see <see cref="Shown"/>).</summary>
    public static List<string> Texts(JsonObject card) => [.. Walk(card).Select(Shown).OfType<string>()];

    /// <summary>
    /// The text an element shows, or null: a RichTextBlock's runs joined (run text is never markdown), any other text with
    /// markdown's backslash escapes removed (as Teams renders a TextBlock).
    /// </summary>
    public static string? Shown(JsonObject element) => (string?)element["type"] switch
    {
        "RichTextBlock" => string.Concat((element["inlines"] as JsonArray ?? []).Select(run => (string?)run?["text"])),
        "TextRun" => null,
        _ => element["text"] is JsonValue v && v.TryGetValue<string>(out var s) ? Unescape(s) : null,
    };

    /// <summary>Titles of the card's actions, nested ones included.</summary>
    public static List<string> ActionTitles(JsonObject card) =>
        [.. Walk(card).Where(e => ((string?)e["type"])?.StartsWith("Action.", StringComparison.Ordinal) == true).Select(e => (string?)e["title"]).OfType<string>()];

    public static IEnumerable<JsonObject> Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                yield return obj;
                foreach (var child in obj.Select(p => p.Value).SelectMany(Walk))
                {
                    yield return child;
                }

                break;
            case JsonArray array:
                foreach (var child in array.SelectMany(Walk))
                {
                    yield return child;
                }

                break;
            default:
                break;
        }
    }

    /// <summary>
    /// Asserts the answer is the refused card: the RFC's own card, with an attention banner on top that says
    /// <paramref name="refused"/> (which says once that nothing was saved) and then <paramref name="why"/>.
    /// </summary>
    public static void AssertRefusedOnCard(JsonObject card, string refused, string why)
    {
        var texts = Texts(card);
        var all = string.Join('\n', texts);
        Assert.AreEqual(refused, texts.FirstOrDefault(), all);
        Assert.AreEqual(why, texts.ElementAtOrDefault(1), all);
        Assert.AreEqual("attention", (string?)card["body"]?[0]?["style"], "The banner is the first thing on the card.");
        Assert.Contains(t => t.StartsWith("RFC-", StringComparison.Ordinal) && t.Contains(" · ", StringComparison.Ordinal), texts, $"The RFC's card stays under the banner.\n{all}");
        Assert.IsFalse(texts.Any(t => t.Contains("Nothing was changed", StringComparison.Ordinal)), "The headline already says it was not saved.");
    }

    /// <summary>
    /// Asserts the answer is the refusal card of an action that may not see the RFC (another team, tenant or chat):
    /// "⚠ <paramref name="refused"/>", <paramref name="why"/> below it, "Nothing was changed." — and nothing of the
    /// RFC's own view (no vote tally, no buttons that act on it).
    /// </summary>
    public static void AssertRefused(JsonObject card, string refused, string why)
    {
        var texts = Texts(card);
        var all = string.Join('\n', texts);
        Assert.AreEqual($"⚠ {refused}", texts.FirstOrDefault(), all);
        CollectionAssert.Contains(texts, why, all);
        CollectionAssert.Contains(texts, "Nothing was changed.", all);
        var acting = Walk(card).Where(e => (string?)e["type"] == "Action.Execute" && (string?)e["verb"] != CardVerbs.Refresh).Select(e => (string?)e["verb"]).ToList();
        Assert.IsEmpty(acting, $"A refusal offers no way to act, only a way back; it offers {string.Join(", ", acting)}.");
    }

    private static string Unescape(string markdown)
    {
        var shown = new StringBuilder(markdown.Length);
        for (var i = 0; i < markdown.Length; i++)
        {
            if (markdown[i] == '\\' && i + 1 < markdown.Length && char.IsAsciiLetterOrDigit(markdown[i + 1]) is false && markdown[i + 1] is > ' ' and < (char)127)
            {
                i++;
            }

            shown.Append(markdown[i]);
        }

        return shown.ToString();
    }
}
