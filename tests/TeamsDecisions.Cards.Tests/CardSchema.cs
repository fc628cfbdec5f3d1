using System.Text.Json.Nodes;
using Json.Schema;

namespace TeamsDecisions.Cards.Tests;

/// <summary>
/// The official Adaptive Card 1.5 schema with its known quirks handled, and Teams' two documented extensions allowed:
/// `msteams` on AdaptiveCard and `choices.data` (Data.Query, as defined in the 1.6 schema) on Input.ChoiceSet; and the
/// 1.5 ChoiceSet style "filtered", which the published 1.5 file omits (taken from the 1.6 file).
/// </summary>
internal static class CardSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(Load);

    public static string Directory { get; } = FindSchemas();

    /// <summary>Errors as "instance path: message" lines; empty when the card is valid.</summary>
    public static IReadOnlyList<string> Validate(string cardJson)
    {
        using var document = System.Text.Json.JsonDocument.Parse(cardJson);
        var results = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        var errors = (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value} ({d.EvaluationPath})"))
            .Distinct()
            .ToList();
        return errors.Count > 0 ? errors : ["invalid (no details)"];
    }

    private static JsonSchema Load()
    {
        var v15 = JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, "adaptive-card-1.5.0.json")))!.AsObject();
        var v16 = JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, "adaptive-card-1.6.0.json")))!.AsObject();

        // The draft-04 style top-level "id" makes the validator refuse to register the schema twice.
        v15.Remove("id");
        var definitions = v15["definitions"]!.AsObject();
        definitions["AdaptiveCard"]!["properties"]!.AsObject()["msteams"] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "Teams extension (e.g. width: Full, mention entities).",
        };
        definitions["Data.Query"] = v16["definitions"]!["Data.Query"]!.DeepClone();
        definitions["Input.ChoiceSet"]!["properties"]!.AsObject()["choices.data"] = new JsonObject { ["$ref"] = "#/definitions/Data.Query" };

        // Input.ChoiceSet style "filtered" is part of Adaptive Cards 1.5 (the schema explorer lists it as "Version 1.5",
        // and Teams documents it for static typeahead), but the published 1.5 file omits it; the 1.6 file has it.
        definitions["ChoiceInputStyle"] = v16["definitions"]!["ChoiceInputStyle"]!.DeepClone();
        return JsonSchema.FromText(v15.ToJsonString());
    }

    private static string FindSchemas()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "schemas");
            if (File.Exists(Path.Combine(candidate, "adaptive-card-1.5.0.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/schemas with adaptive-card-1.5.0.json was not found above " + AppContext.BaseDirectory);
    }
}
