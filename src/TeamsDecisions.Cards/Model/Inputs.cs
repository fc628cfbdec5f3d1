using System.Text.Json.Serialization;

namespace TeamsDecisions.Cards.Model;

/// <summary>An input; its <see cref="CardElement.Id"/> becomes the key of its value in the action's data.</summary>
public abstract record CardInput : CardElement
{
    public string? Label { get; init; }

    public bool? IsRequired { get; init; }

    public string? ErrorMessage { get; init; }
}

public sealed record TextInput : CardInput
{
    public string? Placeholder { get; init; }

    public bool? IsMultiline { get; init; }

    public int? MaxLength { get; init; }

    public string? Value { get; init; }

    public string? Regex { get; init; }
}

public sealed record NumberInput : CardInput
{
    public double? Min { get; init; }

    public double? Max { get; init; }

    public double? Value { get; init; }
}

public sealed record ChoiceSetInput : CardInput
{
    public IReadOnlyList<Choice> Choices { get; init; } = [];

    /// <summary>The Teams people picker and other dynamic lists (Teams' extension to the 1.5 schema).</summary>
    [JsonPropertyName("choices.data")]
    public DataQuery? ChoicesData { get; init; }

    public bool? IsMultiSelect { get; init; }

    public ChoiceInputStyle? Style { get; init; }

    public string? Value { get; init; }

    public string? Placeholder { get; init; }
}

public sealed record Choice(string Title, string Value);

/// <summary>A dynamic choice source; dataset "graph.microsoft.com/users" is the Teams people picker.</summary>
public sealed record DataQuery(string Dataset)
{
    public const string People = "graph.microsoft.com/users";

    [JsonPropertyOrder(-10)]
    public string Type => "Data.Query";
}

public sealed record ToggleInput(string Title) : CardInput
{
    public string? Value { get; init; }

    public string? ValueOn { get; init; }

    public string? ValueOff { get; init; }

    public bool? Wrap { get; init; }
}

/// <summary>A time of day; Teams sends its value as "HH:mm".</summary>
public sealed record TimeInput : CardInput
{
    public string? Value { get; init; }

    public string? Min { get; init; }

    public string? Max { get; init; }
}
