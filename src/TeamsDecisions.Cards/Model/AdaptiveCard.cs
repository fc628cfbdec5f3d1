using System.Text.Json.Serialization;

namespace TeamsDecisions.Cards.Model;

/// <summary>An Adaptive Card, version 1.5: the version Teams and Outlook need for Universal Actions.</summary>
public sealed record AdaptiveCard
{
    public const string CurrentVersion = "1.5";
    public const string SchemaUrl = "http://adaptivecards.io/schemas/adaptive-card.json";

    [JsonPropertyOrder(-10)]
    public string Type => "AdaptiveCard";

    [JsonPropertyName("$schema")]
    [JsonPropertyOrder(-9)]
    public string? Schema { get; init; } = SchemaUrl;

    [JsonPropertyOrder(-8)]
    public string? Version { get; init; } = CurrentVersion;

    /// <summary>Teams asks the bot for a per-user view through this action, for the listed users only (at most 60).</summary>
    public CardRefresh? Refresh { get; init; }

    public IReadOnlyList<CardElement> Body { get; init; } = [];

    public IReadOnlyList<CardAction>? Actions { get; init; }

    public string? FallbackText { get; init; }

    [JsonPropertyName("msteams")]
    public TeamsCardProperties? MsTeams { get; init; }

    /// <summary>A card shown inside <see cref="ShowCardAction"/>: no schema or version of its own.</summary>
    public static AdaptiveCard Nested(IReadOnlyList<CardElement> body, IReadOnlyList<CardAction>? actions = null) =>
        new() { Schema = null, Version = null, Body = body, Actions = actions };
}

/// <summary>The card's automatic refresh: Teams sends <see cref="Action"/> for each user in <see cref="UserIds"/>.</summary>
public sealed record CardRefresh(CardAction Action, IReadOnlyList<string> UserIds)
{
    /// <summary>Teams refreshes automatically for at most 60 users; others see the shared card until they act.</summary>
    public const int MaxUserIds = 60;
}

/// <summary>The Teams extension on the card (the one property Teams adds to the 1.5 schema).</summary>
public sealed record TeamsCardProperties(string? Width = "Full");
