using System.Text.Json.Nodes;
using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.Cards.Tests;

[TestClass]
public sealed class CardSchemaTests
{
    [TestMethod]
    [DynamicData(nameof(Gallery.Names), typeof(Gallery))]
    public void GalleryCard_AgainstTheAdaptiveCard15Schema_IsValid(string name)
    {
        // Act
        var errors = CardSchema.Validate(Gallery.Json(name));

        // Assert
        Assert.IsEmpty(errors, $"{name}:\n{string.Join('\n', errors.Take(20))}");
    }

    [TestMethod]
    [DynamicData(nameof(Gallery.Names), typeof(Gallery))]
    public void GalleryCard_Declares15AndTheTeamsFullWidth(string name)
    {
        // Act
        var json = JsonNode.Parse(Gallery.Json(name))!;

        // Assert
        Assert.AreEqual("AdaptiveCard", json["type"]!.GetValue<string>());
        Assert.AreEqual("1.5", json["version"]!.GetValue<string>());
        Assert.AreEqual("Full", json["msteams"]!["width"]!.GetValue<string>());
    }

    [TestMethod]
    public void Validate_ACardWithAnUnknownProperty_IsRefused()
    {
        // Arrange: proves the validator is not a rubber stamp.
        var json = JsonNode.Parse(Gallery.Json("help"))!.AsObject();
        json["colour"] = "blue";

        // Act
        var errors = CardSchema.Validate(json.ToJsonString());

        // Assert
        Assert.IsNotEmpty(errors);
    }

    [TestMethod]
    public void Validate_AnUnknownElementType_IsRefused()
    {
        // Arrange
        var json = JsonNode.Parse(Gallery.Json("help"))!.AsObject();
        json["body"]!.AsArray().Add(new JsonObject { ["type"] = "Input.Rating", ["id"] = "stars" });

        // Act
        var errors = CardSchema.Validate(json.ToJsonString());

        // Assert
        Assert.IsNotEmpty(errors);
    }

    [TestMethod]
    public void Validate_PeoplePickerWithAWrongQueryType_IsRefused()
    {
        // Arrange: the Data.Query extension is checked, not just allowed.
        var json = CardJson.Serialize(Gallery.Card("new-rfc-form")).Replace("\"Data.Query\"", "\"Data.Fetch\"", StringComparison.Ordinal);

        // Act
        var errors = CardSchema.Validate(json);

        // Assert
        Assert.IsNotEmpty(errors);
    }

    [TestMethod]
    public void Gallery_CoversEveryBuilderStateAndViewer()
    {
        // Assert: the names the README and the renderer test rely on.
        var names = Gallery.All.Select(c => c.Name).ToHashSet();
        string[] expected =
        [
            "welcome", "help", "error-refused", "new-rfc-form", "rfc-draft-shared", "rfc-draft-author", "rfc-open-shared", "rfc-open-author",
            "rfc-open-decider", "rfc-open-reviewer-voted", "rfc-large-shared", "rfc-awaiting-decider", "resolve-form-open", "resolve-form-large",
            "final-accepted-published", "final-accepted-publishing", "final-rejected", "final-deferred", "final-withdrawn-by-author", "final-superseded",
        ];
        foreach (var name in expected)
        {
            Assert.Contains(name, names);
        }
    }
}
