using System.Text.Json;

namespace TeamsDecisions.Teams.Activities;

/// <summary>The invoke names of a search-based message extension and of link unfurling.</summary>
public static class MessagingExtensionInvokes
{
    /// <summary>The person typed in the extension's search box, or opened it (with initialRun).</summary>
    public const string Query = "composeExtension/query";

    /// <summary>A URL of one of the manifest's messageHandlers domains was pasted into the compose box.</summary>
    public const string QueryLink = "composeExtension/queryLink";

    /// <summary>The parameter Teams sends as "initialRun" with value "true" when the extension opens without a query.</summary>
    public const string InitialRunParameter = "initialRun";
}

/// <summary>The value of a composeExtension/query invoke: the manifest command, its parameters, paging.</summary>
public sealed record MessagingExtensionQuery
{
    public string? CommandId { get; init; }

    public IReadOnlyList<MessagingExtensionParameter>? Parameters { get; init; }

    public MessagingExtensionQueryOptions? QueryOptions { get; init; }

    public string? State { get; init; }

    /// <summary>True when Teams asks for the default results (the extension opened; initialRun in the manifest).</summary>
    public bool IsInitialRun => Parameters?.Any(p => p.Name == MessagingExtensionInvokes.InitialRunParameter && p.Text is "true" or "True") == true;

    /// <summary>The text of parameter <paramref name="name"/>, or null.</summary>
    public string? Text(string name) => Parameters?.FirstOrDefault(p => p.Name == name)?.Text;

    /// <summary>Reads an invoke's value; null when it is not one.</summary>
    public static MessagingExtensionQuery? From(JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.Object } element)
        {
            return null;
        }

        try
        {
            return element.Deserialize<MessagingExtensionQuery>(ActivityJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One parameter of a query: its name as the manifest declares it, and what was typed (Teams sends strings; anything else is read as its JSON text).</summary>
public sealed record MessagingExtensionParameter(string? Name, JsonElement? Value)
{
    public string? Text => Value is { ValueKind: JsonValueKind.String } s ? s.GetString() : Value?.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null or null ? null : Value.Value.GetRawText();
}

/// <summary>Paging of a query: how many results to skip and how many to return.</summary>
public sealed record MessagingExtensionQueryOptions(int? Skip, int? Count);

/// <summary>The value of a composeExtension/queryLink invoke: the URL pasted.</summary>
public sealed record AppBasedLinkQuery(string? Url, string? State = null)
{
    public static AppBasedLinkQuery? From(JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.Object } element)
        {
            return null;
        }

        try
        {
            return element.Deserialize<AppBasedLinkQuery>(ActivityJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The body of a message extension's answer: <c>{"composeExtension": …}</c>.</summary>
public sealed record MessagingExtensionResponse(MessagingExtensionResult ComposeExtension);

/// <summary>
/// A message extension's result: type "result" with attachments (each a card and its preview in the list), or
/// type "message" with a text Teams shows instead of results.
/// </summary>
public sealed record MessagingExtensionResult(string Type, string? AttachmentLayout = null, IReadOnlyList<MessagingExtensionAttachment>? Attachments = null, string? Text = null);

/// <summary>A card to insert (<see cref="Content"/>) and what the result list shows for it (<see cref="Preview"/>).</summary>
public sealed record MessagingExtensionAttachment(string ContentType, object? Content, Attachment? Preview);

/// <summary>A thumbnail card: the preview of a result in the message extension's list.</summary>
public sealed record ThumbnailCard(string? Title, string? Subtitle = null, string? Text = null)
{
    public const string ContentType = "application/vnd.microsoft.card.thumbnail";

    public Attachment ToAttachment() => new(ContentType, this);
}

/// <summary>The exact shapes Teams expects for composeExtension/query and queryLink answers (HTTP 200, answered within 5 s).</summary>
public static class MessagingExtensionResponses
{
    public const string ResultType = "result";
    public const string MessageType = "message";
    public const string ListLayout = "list";

    /// <summary>The results, listed with their previews.</summary>
    public static InvokeResponse Results(IReadOnlyList<MessagingExtensionAttachment> attachments) =>
        new(200, new MessagingExtensionResponse(new MessagingExtensionResult(ResultType, ListLayout, attachments)));

    /// <summary>No results, no message: what an unfurl of a link the app does not know answers.</summary>
    public static InvokeResponse Empty() => Results([]);

    /// <summary>A text shown in the extension instead of results (what went wrong, and what to do).</summary>
    public static InvokeResponse Message(string text) =>
        new(200, new MessagingExtensionResponse(new MessagingExtensionResult(MessageType, Text: text)));
}
