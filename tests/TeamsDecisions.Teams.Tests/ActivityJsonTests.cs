using System.Text.Json;
using System.Text.Json.Nodes;
using TeamsDecisions.Teams.Activities;

namespace TeamsDecisions.Teams.Tests;

/// <summary>Teams activities as they arrive: parsed once, tolerant of unknown fields, written back without loss.</summary>
[TestClass]
public sealed class ActivityJsonTests
{
    // A channel message that @mentions the bot, shaped like the ones Teams posts to /api/messages.
    private const string TeamsChannelMessage = """
        {
          "text": "<at>TeamsDecisions</at> rfc new &amp; &quot;fast&quot;&nbsp;\n",
          "textFormat": "plain",
          "attachments": [
            { "contentType": "text/html", "content": "<div><div><span itemscope=\"\" itemtype=\"http://schema.skype.com/Mention\" itemid=\"0\">TeamsDecisions</span> rfc new</div></div>" }
          ],
          "type": "message",
          "timestamp": "2024-05-14T09:21:37.4573281Z",
          "localTimestamp": "2024-05-14T11:21:37.4573281+02:00",
          "id": "1715678497457",
          "channelId": "msteams",
          "serviceUrl": "https://smba.trafficmanager.net/emea/",
          "from": { "id": "29:1AbCdEfGhIjKlMnOpQrStUv", "name": "Ada Lovelace", "aadObjectId": "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f" },
          "conversation": {
            "isGroup": true,
            "conversationType": "channel",
            "tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47",
            "id": "19:d1f4b2a0c9e84b5e9f3c2a1b0e9d8c7f@thread.tacv2;messageid=1715678000000"
          },
          "recipient": { "id": "28:8a0b8d5c-3c7e-4b4e-9d1e-1f2a3b4c5d6e", "name": "TeamsDecisions" },
          "entities": [
            { "mentioned": { "id": "28:8a0b8d5c-3c7e-4b4e-9d1e-1f2a3b4c5d6e", "name": "TeamsDecisions" }, "text": "<at>TeamsDecisions</at>", "type": "mention" },
            { "locale": "en-US", "country": "US", "platform": "Web", "timezone": "Europe/Berlin", "type": "clientInfo" }
          ],
          "channelData": {
            "teamsChannelId": "19:d1f4b2a0c9e84b5e9f3c2a1b0e9d8c7f@thread.tacv2",
            "teamsTeamId": "19:a5c1e0f3b2d44c7a8e9f0a1b2c3d4e5f@thread.tacv2",
            "channel": { "id": "19:d1f4b2a0c9e84b5e9f3c2a1b0e9d8c7f@thread.tacv2" },
            "team": { "id": "19:a5c1e0f3b2d44c7a8e9f0a1b2c3d4e5f@thread.tacv2" },
            "tenant": { "id": "72f988bf-86f1-41af-91ab-2d7cd011db47" },
            "settings": { "selectedChannel": { "id": "19:d1f4b2a0c9e84b5e9f3c2a1b0e9d8c7f@thread.tacv2" } }
          },
          "locale": "en-US",
          "localTimezone": "Europe/Berlin",
          "futureField": { "nested": [1, 2, { "deep": true }] }
        }
        """;

    private const string BotId = "28:8a0b8d5c-3c7e-4b4e-9d1e-1f2a3b4c5d6e";

    private static Activity Parse(string json) => JsonSerializer.Deserialize<Activity>(json, ActivityJson.Options)!;

    [TestMethod]
    public void Deserialize_TeamsChannelMessage_ReadsTeamsFields()
    {
        // Act
        var activity = Parse(TeamsChannelMessage);

        // Assert
        Assert.AreEqual(ActivityTypes.Message, activity.Type);
        Assert.AreEqual("msteams", activity.ChannelId);
        Assert.AreEqual("6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f", activity.From?.AadObjectId);
        Assert.AreEqual("channel", activity.Conversation?.ConversationType);
        Assert.AreEqual("72f988bf-86f1-41af-91ab-2d7cd011db47", activity.Conversation?.TenantId);
        Assert.AreEqual("72f988bf-86f1-41af-91ab-2d7cd011db47", activity.ChannelData?.Tenant?.Id);
        Assert.AreEqual("19:a5c1e0f3b2d44c7a8e9f0a1b2c3d4e5f@thread.tacv2", activity.ChannelData?.Team?.Id);
        Assert.AreEqual("19:d1f4b2a0c9e84b5e9f3c2a1b0e9d8c7f@thread.tacv2", activity.ChannelData?.Channel?.Id);
        Assert.AreEqual("Europe/Berlin", activity.ClientTimeZone);
        Assert.IsTrue(activity.Mentions(BotId));
        Assert.AreEqual(new DateTimeOffset(2024, 5, 14, 9, 21, 37, TimeSpan.Zero).AddTicks(4573281), activity.Timestamp);
    }

    [TestMethod]
    public void Serialize_TeamsChannelMessage_RoundTripsWithoutLosingUnknownFields()
    {
        // Arrange
        var original = JsonNode.Parse(TeamsChannelMessage)!.AsObject();

        // Act
        var written = JsonNode.Parse(JsonSerializer.Serialize(Parse(TeamsChannelMessage), ActivityJson.Options))!.AsObject();

        // Assert: the same instant may be written with "+00:00" instead of "Z"; everything else is identical.
        Assert.AreEqual(DateTimeOffset.Parse(original["timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(written["timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        original.Remove("timestamp");
        foreach (var (name, value) in original)
        {
            Assert.IsTrue(JsonNode.DeepEquals(value, written[name]), $"{name}: {written[name]?.ToJsonString() ?? "(missing)"}");
        }
    }

    [TestMethod]
    public void Serialize_ParsedTeamsMessage_WritesNoPropertiesTheWireDidNotHave()
    {
        // Arrange: what goes back to the Connector is the activity, not our convenience accessors.
        var original = JsonNode.Parse(TeamsChannelMessage)!.AsObject();

        // Act
        var written = JsonNode.Parse(JsonSerializer.Serialize(Parse(TeamsChannelMessage), ActivityJson.Options))!.AsObject();

        // Assert
        var added = written.Select(p => p.Key).Where(name => !original.ContainsKey(name)).ToList();
        Assert.IsEmpty(added, string.Join(", ", added));
    }

    [TestMethod]
    public void Serialize_UnknownFieldsInsideNestedObjects_RoundTripsWithoutLoss()
    {
        // Arrange: a file attachment (contentUrl, name) and per-member fields Teams adds over time.
        const string json = """
            {
              "type": "message",
              "serviceUrl": "https://smba.trafficmanager.net/emea/",
              "from": { "id": "29:1abc", "aadObjectId": "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f", "userRole": "user" },
              "conversation": { "id": "a:1xyz", "conversationType": "personal", "tenantId": "t", "isPrivate": true },
              "attachments": [
                { "contentType": "application/vnd.microsoft.teams.file.download.info", "contentUrl": "https://contoso.sharepoint.com/f.pdf", "name": "f.pdf", "content": { "fileType": "pdf" } }
              ],
              "channelData": { "tenant": { "id": "t" }, "team": { "id": "19:t@thread.tacv2", "type": "standard" } }
            }
            """;
        var original = JsonNode.Parse(json)!;

        // Act
        var written = JsonNode.Parse(JsonSerializer.Serialize(Parse(json), ActivityJson.Options))!;

        // Assert
        Assert.IsTrue(JsonNode.DeepEquals(original, written), written.ToJsonString());
    }

    [TestMethod]
    public void Deserialize_MinimalInvoke_ToleratesMissingFields()
    {
        // Act
        var activity = Parse("""{"type":"invoke","name":"adaptiveCard/action","serviceUrl":"https://x/","value":{"action":{"type":"Action.Execute","verb":"vote"},"trigger":"manual"}}""");

        // Assert
        Assert.AreEqual("adaptiveCard/action", activity.Name);
        Assert.AreEqual("vote", activity.Value?.GetProperty("action").GetProperty("verb").GetString());
        Assert.IsNull(activity.ThreadRootId);
        Assert.IsNull(activity.ClientTimeZone);
        Assert.AreEqual(string.Empty, activity.TextWithoutMentionOf(BotId));
    }

    [TestMethod]
    public void TextWithoutMentionOf_Bot_StripsMentionAndDecodesEntities()
    {
        // Arrange
        var activity = Parse(TeamsChannelMessage);

        // Act
        var text = activity.TextWithoutMentionOf(BotId);

        // Assert
        Assert.AreEqual("rfc new & \"fast\"", text);
    }

    [TestMethod]
    public void TextWithoutMentionOf_Bot_KeepsMentionsOfOtherPeople()
    {
        // Arrange
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Text = "<at>Bot</at> ask <at>Grace Hopper</at> &lt;now&gt;",
            Entities =
            [
                JsonSerializer.SerializeToElement(new { type = "mention", text = "<at>Bot</at>", mentioned = new { id = "28:bot", name = "Bot" } }),
                JsonSerializer.SerializeToElement(new { type = "mention", text = "<at>Grace Hopper</at>", mentioned = new { id = "29:grace", name = "Grace Hopper" } }),
            ],
        };

        // Act
        var text = activity.TextWithoutMentionOf("28:bot");

        // Assert
        Assert.AreEqual("ask <at>Grace Hopper</at> <now>", text);
    }

    [TestMethod]
    [DataRow("19:d1f4b2a0c9e84b5e9f3c2a1b0e9d8c7f@thread.tacv2;messageid=1715678000000", "1715678000000")]
    [DataRow("19:x@thread.tacv2;messageid=123", "123")]
    [DataRow("19:x@thread.skype;messageid=1481567603816", "1481567603816")]
    [DataRow("19:x@thread.tacv2", null)]
    [DataRow("a:1xyz", null)]
    public void ThreadRootId_ConversationId_ParsesRootMessageId(string conversationId, string? expected)
    {
        // Arrange
        var activity = new Activity { Conversation = new ConversationAccount { Id = conversationId } };

        // Act
        var root = activity.ThreadRootId;

        // Assert
        Assert.AreEqual(expected, root);
    }

    [TestMethod]
    public void Thread_ChannelAndRoot_BuildsThreadConversationId()
    {
        // Act
        var thread = ConversationIds.Thread("19:x@thread.tacv2;messageid=999", "123");

        // Assert
        Assert.AreEqual("19:x@thread.tacv2;messageid=123", thread);
        Assert.AreEqual("19:x@thread.tacv2", ConversationIds.Channel(thread));
    }
}
