using System.Text.Json;
using TeamsDecisions.Teams.Activities;

namespace TeamsDecisions.Teams.Tests;

/// <summary>The message extension's invokes as Teams sends them, and its answers as Teams reads them.</summary>
[TestClass]
public sealed class MessagingExtensionTests
{
    [TestMethod]
    public void Query_InitialRun_IsReadWithItsPaging()
    {
        // Arrange
        var value = JsonDocument.Parse("""{"commandId":"findDecision","parameters":[{"name":"initialRun","value":"true"}],"queryOptions":{"skip":0,"count":25}}""").RootElement;

        // Act
        var query = MessagingExtensionQuery.From(value)!;

        // Assert
        Assert.AreEqual("findDecision", query.CommandId);
        Assert.IsTrue(query.IsInitialRun);
        Assert.AreEqual(25, query.QueryOptions!.Count);
        Assert.IsNull(query.Text("query"));
    }

    [TestMethod]
    public void Query_WithWords_IsNotAnInitialRun()
    {
        // Arrange
        var value = JsonDocument.Parse("""{"commandId":"findDecision","parameters":[{"name":"query","value":"kafka retention"}]}""").RootElement;

        // Act
        var query = MessagingExtensionQuery.From(value)!;

        // Assert
        Assert.IsFalse(query.IsInitialRun);
        Assert.AreEqual("kafka retention", query.Text("query"));
    }

    [TestMethod]
    public void Results_SerializeAsTeamsExpects()
    {
        // Arrange
        var response = MessagingExtensionResponses.Results([new MessagingExtensionAttachment(Attachment.AdaptiveCardContentType, new { type = "AdaptiveCard" }, new ThumbnailCard("DEC-0001 Kafka", "Accepted 2026-03-02").ToAttachment())]);

        // Act
        var json = JsonDocument.Parse(JsonSerializer.Serialize(response.Body, response.Body!.GetType(), ActivityJson.Options)).RootElement;

        // Assert
        Assert.AreEqual(200, response.Status);
        var result = json.GetProperty("composeExtension");
        Assert.AreEqual("result", result.GetProperty("type").GetString());
        Assert.AreEqual("list", result.GetProperty("attachmentLayout").GetString());
        var attachment = result.GetProperty("attachments")[0];
        Assert.AreEqual("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        Assert.AreEqual("application/vnd.microsoft.card.thumbnail", attachment.GetProperty("preview").GetProperty("contentType").GetString());
        Assert.AreEqual("DEC-0001 Kafka", attachment.GetProperty("preview").GetProperty("content").GetProperty("title").GetString());
    }

    [TestMethod]
    public void Message_SerializesTypeMessageWithText()
    {
        // Act
        var response = MessagingExtensionResponses.Message("Try again in a moment.");
        var json = JsonDocument.Parse(JsonSerializer.Serialize(response.Body, response.Body!.GetType(), ActivityJson.Options)).RootElement.GetProperty("composeExtension");

        // Assert
        Assert.AreEqual("message", json.GetProperty("type").GetString());
        Assert.AreEqual("Try again in a moment.", json.GetProperty("text").GetString());
        Assert.IsFalse(json.TryGetProperty("attachments", out _));
    }
}
