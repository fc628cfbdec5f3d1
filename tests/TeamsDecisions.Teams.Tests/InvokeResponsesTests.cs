using System.Text.Json;
using TeamsDecisions.Teams.Activities;

namespace TeamsDecisions.Teams.Tests;

/// <summary>adaptiveCard/action answers: HTTP 200 and the Universal Actions body, byte for byte.</summary>
[TestClass]
public sealed class InvokeResponsesTests
{
    [TestMethod]
    public void Card_SerializedWithActivityJson_HasExactAdaptiveCardShape()
    {
        // Arrange
        var card = new { type = "AdaptiveCard", version = "1.5", body = new[] { new { type = "TextBlock", text = "Voted" } } };

        // Act
        var response = InvokeResponses.Card(card);
        var json = JsonSerializer.Serialize(response.Body, ActivityJson.Options);

        // Assert
        Assert.AreEqual(200, response.Status);
        Assert.AreEqual(
            """{"statusCode":200,"type":"application/vnd.microsoft.card.adaptive","value":{"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock","text":"Voted"}]}}""",
            json);
    }

    [TestMethod]
    public void Error_SerializedWithActivityJson_HasExactErrorShape()
    {
        // Act
        var response = InvokeResponses.Error(400, "BadRequest", "Rationale is required to accept an RFC");
        var json = JsonSerializer.Serialize(response.Body, ActivityJson.Options);

        // Assert: the HTTP status stays 200; the failure is in the body.
        Assert.AreEqual(200, response.Status);
        Assert.AreEqual(
            """{"statusCode":400,"type":"application/vnd.microsoft.error","value":{"code":"BadRequest","message":"Rationale is required to accept an RFC"}}""",
            json);
    }

    [TestMethod]
    public void Message_SerializedWithActivityJson_HasExactMessageShape()
    {
        // Act
        var response = InvokeResponses.Message("Thanks, your vote is in.");
        var json = JsonSerializer.Serialize(response.Body, ActivityJson.Options);

        // Assert
        Assert.AreEqual(200, response.Status);
        Assert.AreEqual("""{"statusCode":200,"type":"application/vnd.microsoft.activity.message","value":"Thanks, your vote is in."}""", json);
    }
}
