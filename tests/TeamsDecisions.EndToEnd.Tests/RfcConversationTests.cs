using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TeamsDecisions.App.Bot;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.EndToEnd.Tests;

/// <summary>The whole RFC conversation, driven through the real Agents Playground against the real app and Azurite.</summary>
[TestClass]
public sealed class RfcConversationTests
{
    private const string CardType = "application/vnd.microsoft.card.adaptive";

    [TestMethod]
    public async Task RfcConversation_FromInstallToDecision_EveryoneSeesTheRightCardsAndTheRecordIsStored()
    {
        // Arrange: the app on a real port, the Playground pointed at it, installed in the team.
        await using var app = new AppUnderTest();
        app.StartServer();
        await using var teams = await Playground.StartAsync(app.BotEndpoint);
        await teams.InstallAsync(Teams.Team);
        var welcome = await teams.WaitForAsync(m => Text(m).Contains("TeamsDecisions is ready in Platform Engineering", StringComparison.Ordinal), "the welcome card");
        Assert.AreEqual(Teams.General, welcome.ConversationId);
        StringAssert.Contains(Text(welcome), "decision pages are published to pages this app serves at http://", "Without SharePoint the welcome says where pages really are.");
        Assert.DoesNotContain("SharePoint", Text(welcome));

        // Act 1: the author asks for the form in General and fills it in, posting to Architecture.
        var ask = await teams.SendAsync(Teams.General, "rfc new");
        var form = await teams.WaitForAsync(m => Text(m).Contains("Propose a decision", StringComparison.Ordinal), "the new-RFC form");
        Assert.AreEqual(Teams.Thread(Teams.General, ask), form.ConversationId, "The form answers in the thread where it was asked for.");
        StringAssert.Contains(form.Card!.ToJsonString(), "graph.microsoft.com/users", "Decider and reviewers use the Teams people picker.");
        var posted = await teams.InvokeAsync(Teams.Zofia, form.ConversationId, form.MessageId, "rfc.submit", new JsonObject
        {
            ["team"] = Teams.Team,
            ["title"] = "Adopt Kafka for order events",
            ["context"] = "Order events are lost when billing restarts during a deploy.",
            ["proposal"] = "Publish order events to Kafka with 7-day retention.",
            ["options"] = "Kafka: managed, 3 brokers\nService Bus: topics\nStatus quo",
            ["drivers"] = "Durability\nReplay for new consumers",
            ["decider"] = Teams.Aiko.EntraId,
            ["reviewers"] = $"{Teams.Ivan.EntraId},{Teams.Mohammed.EntraId}",
            ["windowDays"] = "5",
            ["channel"] = Teams.Architecture,
        });

        // Assert 1: the author's form became a confirmation; the RFC card is a new thread in Architecture.
        Assert.AreEqual(CardType, posted["type"]!.ToString());
        StringAssert.Contains(Shown(posted), "Posted to Architecture for comment");
        var rfcCard = await teams.WaitForAsync(m => m.Action == "createMessage" && m.ConversationId == Teams.Architecture && Text(m).Contains("RFC-0001", StringComparison.Ordinal), "the RFC card in Architecture");
        var thread = Teams.Thread(Teams.Architecture, rfcCard.MessageId);
        StringAssert.Contains(Text(rfcCard), "Adopt Kafka for order events");
        StringAssert.Contains(Text(rfcCard), "Waiting on:");

        // The thread's first reply @mentions the decider and both reviewers: <at> text and a mention entity for each.
        var reviewRequest = await teams.WaitForAsync(m => m.ConversationId == thread && m.Entities is { Count: > 0 }, "the reply that mentions the decider and reviewers");
        StringAssert.StartsWith(reviewRequest.Text, "<at>Aiko Tanaka</at> decides <b>RFC-0001 Adopt Kafka for order events</b>. <at>Ivan Petrov</at> and <at>Mohammed Al-Ali</at>, please review by ");
        AssertMentions(reviewRequest, Teams.Aiko, Teams.Ivan, Teams.Mohammed);

        // The team's list shows it; help lists the commands.
        var listAsk = await teams.SendAsync(Teams.General, "rfc list");
        var list = await teams.WaitForAsync(m => m.ConversationId == Teams.Thread(Teams.General, listAsk) && Text(m).Contains("Open RFCs in Platform Engineering", StringComparison.Ordinal), "the RFC list");
        StringAssert.Contains(Text(list), "RFC-0001 Adopt Kafka for order events");
        var helpAsk = await teams.SendAsync(Teams.General, "help");
        await teams.WaitForAsync(m => m.ConversationId == Teams.Thread(Teams.General, helpAsk) && Text(m).Replace('\u00A0', ' ').Contains("rfc new", StringComparison.Ordinal), "the help card");

        // Act 2: three people vote; an objection without a reason is refused first and saves nothing.
        var refused = await teams.InvokeAsync(Teams.Ivan, thread, rfcCard.MessageId, "rfc.vote", Data(("vote", "Object")));
        StringAssert.Contains(Shown(refused), "Your vote was not saved");
        StringAssert.Contains(Shown(refused), "An objection needs a reason");
        var ivan = await teams.InvokeAsync(Teams.Ivan, thread, rfcCard.MessageId, "rfc.vote", Data(("vote", "Object"), ("voteReason", "7 days of retention is too short for the analytics backfill.")));
        await teams.InvokeAsync(Teams.Mohammed, thread, rfcCard.MessageId, "rfc.vote", Data(("vote", "Approve")));
        await teams.InvokeAsync(Teams.Soren, thread, rfcCard.MessageId, "rfc.vote", Data(("vote", "ApproveWithConcerns"), ("voteReason", "Needs a runbook.")));
        var concern = await teams.InvokeAsync(Teams.Ivan, thread, rfcCard.MessageId, "rfc.concern.raise", Data(("concernTitle", "Retention too short"), ("concernDetail", "Backfill needs 14 days.")));

        // Assert 2: each voter got their own view back.
        StringAssert.Contains(Shown(ivan), "Your vote: Object");
        StringAssert.Contains(Shown(concern), "Open concerns (1)");

        // Act 3: a reply in the RFC's thread that mentions the bot becomes a comment.
        await teams.SendAsync(thread, "14 days of retention would settle Ivan's concern for me.");

        // Assert 3: the channel card catches up (coalesced) with the votes, the concern and the comment.
        var updated = await ChannelCardAsync(
            teams,
            app,
            m => m.MessageId == rfcCard.MessageId && Text(m).Contains("14 days of retention would settle", StringComparison.Ordinal) && Text(m).Contains("Retention too short", StringComparison.Ordinal),
            "the channel card with the comment and the concern");
        StringAssert.Contains(Text(updated), "Approve with concerns");

        // Act 4: a week passes (5 working days, Monday to Friday in UTC, are at most 7 calendar days from any start).
        // The window closer (a background service on the app's clock) wakes up and closes it.
        app.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));

        // Assert 4: the decider is told in the thread, once, with the tally and the open concern.
        var nudge = await teams.WaitForAsync(m => m.ConversationId == thread && Text(m).Contains("have closed", StringComparison.Ordinal), "the decider's notice in the thread");
        StringAssert.Contains(Text(nudge), "Aiko Tanaka, it is your decision now");
        StringAssert.Contains(Text(nudge), "Retention too short");
        Assert.AreEqual(0, await app.Services.GetRequiredService<WindowCloser>().RunOnceAsync(CancellationToken.None), "Nothing is left due.");
        Assert.HasCount(1, teams.Messages.Where(m => m.ConversationId == thread && Text(m).Contains("have closed", StringComparison.Ordinal)).ToList());

        // Act 5: a reviewer cannot open the resolve form; the decider can, and resolves, overruling the concern.
        var notDecider = await teams.InvokeAsync(Teams.Ivan, thread, rfcCard.MessageId, "rfc.resolveForm", Data());
        StringAssert.Contains(Shown(notDecider), "Only the decider (Aiko Tanaka) can resolve this RFC.");
        var resolveForm = await teams.InvokeAsync(Teams.Aiko, thread, rfcCard.MessageId, "rfc.resolveForm", Data());
        var formData = resolveForm["value"]!["actions"]!.AsArray().First(a => a!["verb"]?.ToString() == "rfc.resolve")!["data"]!.AsObject();
        var concernId = formData["concernIds"]!.AsArray()[0]!.GetValue<int>();
        var decision = formData.DeepClone().AsObject();
        decision["outcome"] = "Accepted";
        decision["chosenOption"] = "0";
        decision["rationale"] = "Kafka gives replay for new consumers and durability across restarts; two teams already run it.";
        decision["whyNot-1"] = "No replay beyond the dead-letter queue.";
        decision["whyNot-2"] = "It is what loses events today.";
        decision["consequences"] = "Platform team runs three brokers.";
        decision["overruleConcerns"] = concernId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        decision["overruleReason"] = "Retention will be 14 days; the backfill fits.";
        var final = await teams.InvokeAsync(Teams.Aiko, thread, rfcCard.MessageId, "rfc.resolve", decision);

        // Assert 5: the decider sees the final card; the channel card becomes final too.
        StringAssert.Contains(Shown(final), "DEC-0001 · ACCEPTED");
        var finalCard = await ChannelCardAsync(teams, app, m => m.MessageId == rfcCard.MessageId && Text(m).Contains("DEC-0001", StringComparison.Ordinal), "the final card in the channel");
        StringAssert.Contains(Text(finalCard), "Accepted — Kafka");
        var toAuthor = await teams.WaitForAsync(m => m.ConversationId == thread && m.Entities is { Count: > 0 } && (m.Text ?? string.Empty).Contains("was accepted", StringComparison.Ordinal), "the reply that tells the author");
        StringAssert.StartsWith(toAuthor.Text, "<at>Zofia Wójcik</at>, RFC-0001 was accepted by Aiko Tanaka (DEC-0001): ");
        AssertMentions(toAuthor, Teams.Zofia);

        // Act 6: the publisher (a background service on the app's clock) works the outbox on its next round.
        app.Clock.Advance(TimeSpan.FromSeconds(6));

        // Assert 6: the channel card gains the link to the decision page, which the app serves (no SharePoint locally).
        var linked = await ChannelCardAsync(teams, app, m => m.MessageId == rfcCard.MessageId && Text(m).Contains("Read DEC-0001", StringComparison.Ordinal), "the final card with the page link");
        var pageUrl = new Uri(linked.Card!["actions"]!.AsArray().First(a => a!["title"]?.ToString() == "Read DEC-0001")!["url"]!.ToString());
        StringAssert.EndsWith(pageUrl.AbsolutePath, $"/decisions/{Uri.EscapeDataString(Teams.Team)}/DEC-0001");
        using var browser = new HttpClient { BaseAddress = app.BaseAddress };
        var page = await browser.GetStringAsync(new Uri(pageUrl.PathAndQuery.TrimStart('/'), UriKind.Relative));
        StringAssert.Contains(page, "DEC-0001: Adopt Kafka for order events");
        StringAssert.Contains(page, "Alternatives not chosen, and why");
        StringAssert.Contains(page, "No replay beyond the dead-letter queue.");
        StringAssert.Contains(page, "overruled by Aiko Tanaka");
        var logPage = await browser.GetStringAsync(new Uri($"decisions/{Uri.EscapeDataString(Teams.Team)}", UriKind.Relative));
        StringAssert.Contains(logPage, "DEC-0001");
        var publication = await app.Services.GetRequiredService<IPublicationOutbox>().FindAsync(new RfcId(new TeamId(Teams.Team), new RfcNumber(1)), CancellationToken.None);
        Assert.AreEqual(PublicationStatus.Published, publication!.Status);

        // Act 8: months later, someone asks why; the index found the decision the moment it was resolved.
        var whyAsk = await teams.SendAsync(Teams.General, "why kafka");
        var found = await teams.WaitForAsync(m => m.ConversationId == Teams.Thread(Teams.General, whyAsk) && Text(m).Contains("DEC-0001", StringComparison.Ordinal), "the why results");
        StringAssert.Contains(Text(found), "Adopt Kafka for order events");
        StringAssert.Contains(found.Card!.ToJsonString(), "Read");

        // Assert 7: what Azurite holds is the whole story.
        var store = app.Services.GetRequiredService<IRfcStore>();
        var id = new RfcId(new TeamId(Teams.Team), new RfcNumber(1));
        var rfc = (await store.FindAsync(id, CancellationToken.None))!;
        Assert.AreEqual(RfcState.Accepted, rfc.State);
        Assert.AreEqual(Teams.Zofia.EntraId, rfc.Author.Id);
        Assert.AreEqual(Teams.Aiko.EntraId, rfc.Decider.Id);
        Assert.AreEqual("Aiko Tanaka", rfc.Decider.DisplayName);
        CollectionAssert.AreEquivalent(new[] { Teams.Ivan.EntraId, Teams.Mohammed.EntraId }, rfc.RequiredReviewers.Select(r => r.Id).ToArray());
        Assert.AreEqual(new VoteTally(1, 1, 1, 0), rfc.Decision!.Tally);
        Assert.AreEqual(ConcernStatus.Overruled, rfc.Concerns.Single().Status);
        var comment = rfc.Comments.Single();
        Assert.AreEqual(CommentSource.ThreadReply, comment.Source);
        Assert.AreEqual(Teams.Zofia.EntraId, comment.Author.Id);
        Assert.AreEqual(rfcCard.MessageId, rfc.Thread!.MessageId);
        Assert.AreEqual("Kafka", rfc.Decision.ChosenOption);
        Assert.HasCount(2, rfc.Decision.AlternativesNotChosen);
        var log = await store.ListDecisionsAsync(new TeamId(Teams.Team), CancellationToken.None);
        Assert.AreEqual("DEC-0001", log.Single().Number.ToString());
        var events = await store.ReadEventsAsync(id, CancellationToken.None);
        CollectionAssert.IsSubsetOf(
            new[] { nameof(RfcProposed), nameof(RfcOpened), nameof(ThreadAttached), nameof(VoteCast), nameof(ConcernRaised), nameof(CommentAdded), nameof(CommentWindowClosed), nameof(ConcernOverruled), nameof(RfcResolved) },
            events.Select(e => e.GetType().Name).Distinct().ToArray());
        Assert.HasCount(3, events.OfType<VoteCast>().ToList(), "The refused objection left no trace.");
        teams.AssertCardsUseSchemaWords();
        StringAssert.Contains(final["value"]!.ToJsonString(), "\"weight\":\"bolder\"", "Invoke answers too write enum values as the schema's words.");
        Assert.DoesNotContain("\"weight\":1", final["value"]!.ToJsonString());
    }

    /// <summary>The texts of the card an invoke answered with.</summary>
    internal static string Shown(JsonObject invokeResponse) => string.Join('\n', Texts(invokeResponse["value"]!));

    /// <summary>The message mentions exactly <paramref name="people"/>, in order, each by Entra object id with its &lt;at&gt; text in the message.</summary>
    private static void AssertMentions(PlaygroundMessage message, params Person[] people)
    {
        var mentions = message.Entities!.OfType<JsonObject>().Where(e => e["type"]?.ToString() == "mention").ToList();
        CollectionAssert.AreEqual(people.Select(p => p.EntraId).ToArray(), mentions.Select(m => m["mentioned"]?["id"]?.ToString()).ToArray());
        foreach (var (mention, person) in mentions.Zip(people))
        {
            Assert.AreEqual($"<at>{person.Name}</at>", mention["text"]?.ToString());
            StringAssert.Contains(message.Text, $"<at>{person.Name}</at>");
        }
    }

    internal static JsonObject Data(params (string Key, string Value)[] inputs)
    {
        var data = new JsonObject { ["team"] = Teams.Team, ["rfc"] = 1 };
        foreach (var (key, value) in inputs)
        {
            data[key] = value;
        }

        return data;
    }

    /// <summary>Every text on the card (TextBlocks, RichTextBlocks, facts), for assertions on what people read.</summary>
    internal static string Text(PlaygroundMessage message) => message.Card is null ? message.Text ?? string.Empty : string.Join('\n', Texts(message.Card));

    internal static IEnumerable<string> Texts(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj when (string?)obj["type"] == "RichTextBlock":
                // Run text is never markdown: shown as it is, the runs joined.
                yield return string.Concat((obj["inlines"] as JsonArray ?? []).Select(run => (string?)run?["text"]));
                break;
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (value is JsonValue v && key is "text" or "title" or "value" && v.TryGetValue<string>(out var s))
                    {
                        // What a reader sees: markdown escapes (our protection for user text) are not shown.
                        yield return System.Text.RegularExpressions.Regex.Replace(s, @"\\([\\`*_{}\[\]()#<>|~&!+\-.=])", "$1");
                    }
                    else if (value is not null)
                    {
                        foreach (var inner in Texts(value))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array.OfType<JsonNode>())
                {
                    foreach (var inner in Texts(item))
                    {
                        yield return inner;
                    }
                }

                break;
            default:
                break;
        }
    }

    /// <summary>
    /// The channel card updater coalesces on the app's clock (at most one update per 2 s): the clock is moved on by
    /// that interval until the card the test waits for has arrived.
    /// </summary>
    internal static async Task<PlaygroundMessage> ChannelCardAsync(Playground teams, AppUnderTest app, Func<PlaygroundMessage, bool> match, string what)
    {
        for (var round = 0; ; round++)
        {
            try
            {
                return await teams.WaitForAsync(m => m.Action == "updateMessage" && match(m), what, round < 9 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(10));
            }
            catch (AssertFailedException) when (round < 9)
            {
                app.Clock.Advance(ChannelCardUpdater.MinimumInterval);
            }
        }
    }
}
