using System.Text.Json;
using System.Text.Json.Serialization;

namespace TeamsDecisions.Teams.Activities;

/// <summary>
/// The subset of the Bot Framework Activity schema that Teams bots read and write. Unknown fields are kept in
/// <see cref="Extra"/> and written back unchanged, so nothing a newer client sends is lost.
/// </summary>
public sealed record Activity
{
    public string? Type { get; init; }

    public string? Id { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public string? ServiceUrl { get; init; }

    public string? ChannelId { get; init; }

    public ChannelAccount? From { get; init; }

    public ConversationAccount? Conversation { get; init; }

    public ChannelAccount? Recipient { get; init; }

    public string? TextFormat { get; init; }

    public string? Text { get; init; }

    public string? Locale { get; init; }

    public string? LocalTimezone { get; init; }

    public IReadOnlyList<Attachment>? Attachments { get; init; }

    public IReadOnlyList<JsonElement>? Entities { get; init; }

    public TeamsChannelData? ChannelData { get; init; }

    /// <summary>For invokes: the payload (for adaptiveCard/action, the action and trigger).</summary>
    public JsonElement? Value { get; init; }

    /// <summary>For invokes: what is invoked, e.g. adaptiveCard/action.</summary>
    public string? Name { get; init; }

    public string? ReplyToId { get; init; }

    /// <summary>For installationUpdate: add or remove.</summary>
    public string? Action { get; init; }

    public IReadOnlyList<ChannelAccount>? MembersAdded { get; init; }

    public IReadOnlyList<ChannelAccount>? MembersRemoved { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }

    /// <summary>Mention entities (type "mention").</summary>
    public IEnumerable<Mention> Mentions() =>
        (Entities ?? []).Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("type", out var t) && t.GetString() == "mention")
            .Select(e => e.Deserialize<Mention>(ActivityJson.Options)!)
            .Where(m => m.Mentioned is not null);

    /// <summary>The IANA time zone from the clientInfo entity, when the client sent one.</summary>
    [JsonIgnore]
    public string? ClientTimeZone =>
        (Entities ?? []).Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("type", out var t) && t.GetString() == "clientInfo")
            .Select(e => e.TryGetProperty("timezone", out var tz) ? tz.GetString() : null)
            .FirstOrDefault(tz => !string.IsNullOrWhiteSpace(tz)) ?? LocalTimezone;

    /// <summary>The message text with every mention of <paramref name="accountId"/> (the bot) removed and trimmed.</summary>
    public string TextWithoutMentionOf(string? accountId)
    {
        var text = Text ?? string.Empty;
        foreach (var mention in Mentions().Where(m => accountId is null || string.Equals(m.Mentioned!.Id, accountId, StringComparison.OrdinalIgnoreCase)))
        {
            if (!string.IsNullOrEmpty(mention.Text))
            {
                text = text.Replace(mention.Text, string.Empty, StringComparison.OrdinalIgnoreCase);
            }
        }

        return System.Net.WebUtility.HtmlDecode(text).Trim();
    }

    /// <summary>Whether the message mentions <paramref name="accountId"/>.</summary>
    public bool Mentions(string? accountId) =>
        accountId is not null && Mentions().Any(m => string.Equals(m.Mentioned!.Id, accountId, StringComparison.OrdinalIgnoreCase));

    /// <summary>The root message id of the channel thread this activity belongs to ("19:…;messageid=123" → "123").</summary>
    [JsonIgnore]
    public string? ThreadRootId => ConversationIds.ThreadRoot(Conversation?.Id);
}

public sealed record ChannelAccount
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    /// <summary>The Entra object id; the identity TeamsDecisions uses for people.</summary>
    public string? AadObjectId { get; init; }

    public string? Role { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record ConversationAccount
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public bool? IsGroup { get; init; }

    /// <summary>personal, groupChat or channel.</summary>
    public string? ConversationType { get; init; }

    public string? TenantId { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record Attachment(string ContentType, object? Content)
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    public string? ContentUrl { get; init; }

    public string? Name { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }

    public static Attachment AdaptiveCard(object card) => new(AdaptiveCardContentType, card);
}

/// <summary>A mention entity: <c>{"type":"mention","mentioned":{"id","name"},"text":"&lt;at&gt;name&lt;/at&gt;"}</c>.</summary>
public sealed record Mention
{
    public const string EntityType = "mention";

    public string? Type { get; init; }

    public ChannelAccount? Mentioned { get; init; }

    public string? Text { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }

    /// <summary>
    /// The mention entity for one person. <c>mentioned.id</c> is the Entra object id as we store it: Teams accepts a
    /// user's Entra object id (and UPN) in mentions from bots, in text messages and Adaptive Cards, and the person gets
    /// an activity-feed notification ("Support for Microsoft Entra object ID and UPN in user mention",
    /// https://learn.microsoft.com/microsoftteams/platform/concepts/authentication/aadobjectid). Ids that already carry
    /// a prefix (29:…, 8:orgid:…) are Teams ids and are kept as they are.
    /// </summary>
    public static Mention Of(string userId, string? displayName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var id = userId.Trim();
        var name = MentionText.SafeName(displayName, id);
        return new Mention
        {
            Type = EntityType,
            Text = $"<at>{name}</at>",
            Mentioned = new ChannelAccount { Id = id, Name = System.Net.WebUtility.HtmlDecode(name) },
        };
    }
}

/// <summary>Teams' channelData: tenant, team, channel and the event type of conversationUpdate.</summary>
public sealed record TeamsChannelData
{
    public TenantInfo? Tenant { get; init; }

    public TeamInfo? Team { get; init; }

    public ChannelInfo? Channel { get; init; }

    public string? EventType { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record TenantInfo(string? Id)
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record TeamInfo(string? Id, string? Name = null, string? AadGroupId = null)
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record ChannelInfo(string? Id, string? Name = null)
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>Activity type names.</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string Invoke = "invoke";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
}

/// <summary>Conversation id forms Teams uses.</summary>
public static class ConversationIds
{
    private const string MessageIdMarker = ";messageid=";

    /// <summary>"19:abc@thread.tacv2;messageid=123" → "123"; null for anything that is not a channel thread.</summary>
    public static string? ThreadRoot(string? conversationId)
    {
        if (conversationId is null)
        {
            return null;
        }

        var at = conversationId.IndexOf(MessageIdMarker, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? null : conversationId[(at + MessageIdMarker.Length)..];
    }

    /// <summary>"19:abc@thread.tacv2;messageid=123" → "19:abc@thread.tacv2".</summary>
    public static string Channel(string conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        var at = conversationId.IndexOf(MessageIdMarker, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? conversationId : conversationId[..at];
    }

    public static string Thread(string channelId, string rootMessageId) => $"{Channel(channelId)}{MessageIdMarker}{rootMessageId}";
}

/// <summary>The one serializer setup for the Bot Connector protocol.</summary>
public static class ActivityJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
