using System.Text.Json.Serialization;

namespace TeamsDecisions.Cards.Model;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ExecuteAction), "Action.Execute")]
[JsonDerivedType(typeof(OpenUrlAction), "Action.OpenUrl")]
[JsonDerivedType(typeof(ShowCardAction), "Action.ShowCard")]
[JsonDerivedType(typeof(ToggleVisibilityAction), "Action.ToggleVisibility")]
public abstract record CardAction
{
    public string? Id { get; init; }

    public string? Title { get; init; }

    public ActionStyle? Style { get; init; }

    public ActionMode? Mode { get; init; }
}

/// <summary>Universal Actions: Teams and Outlook send <see cref="Verb"/> and <see cref="Data"/> (plus the inputs) to the bot.</summary>
public sealed record ExecuteAction(string Verb) : CardAction
{
    /// <summary>A record from <c>TeamsDecisions.Cards.Actions</c>; serialised as its runtime type.</summary>
    public object? Data { get; init; }

    public AssociatedInputs? AssociatedInputs { get; init; }
}

public sealed record OpenUrlAction(Uri Url) : CardAction;

public sealed record ShowCardAction(AdaptiveCard Card) : CardAction;

/// <summary>Shows or hides body elements on the client, without a round trip to the bot.</summary>
public sealed record ToggleVisibilityAction(IReadOnlyList<string> TargetElements) : CardAction;
