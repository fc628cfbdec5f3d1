using System.Text.Json;
using System.Text.Json.Serialization;

namespace TeamsDecisions.Cards.Model;

/// <summary>An element of a card body. The "type" discriminator is written first, as the schema spells it.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "TextBlock")]
[JsonDerivedType(typeof(RichTextBlock), "RichTextBlock")]
[JsonDerivedType(typeof(Container), "Container")]
[JsonDerivedType(typeof(ColumnSet), "ColumnSet")]
[JsonDerivedType(typeof(FactSet), "FactSet")]
[JsonDerivedType(typeof(ActionSet), "ActionSet")]
[JsonDerivedType(typeof(TextInput), "Input.Text")]
[JsonDerivedType(typeof(NumberInput), "Input.Number")]
[JsonDerivedType(typeof(ChoiceSetInput), "Input.ChoiceSet")]
[JsonDerivedType(typeof(ToggleInput), "Input.Toggle")]
[JsonDerivedType(typeof(TimeInput), "Input.Time")]
public abstract record CardElement
{
    public string? Id { get; init; }

    public Spacing? Spacing { get; init; }

    public bool? Separator { get; init; }

    /// <summary>False hides the element until an <see cref="ToggleVisibilityAction"/> shows it.</summary>
    public bool? IsVisible { get; init; }
}

/// <summary>Text, with the Adaptive Card markdown subset and DATE/TIME functions. Escape user text (<see cref="Markdown.Escape"/>), or show it in a <see cref="RichTextBlock"/>.</summary>
public sealed record TextBlock(string Text) : CardElement
{
    public TextColor? Color { get; init; }

    public TextSize? Size { get; init; }

    public TextWeight? Weight { get; init; }

    public bool? IsSubtle { get; init; }

    public bool? Wrap { get; init; } = true;

    /// <summary>Clamps wrapped text to this many lines (the client adds an ellipsis).</summary>
    public int? MaxLines { get; init; }

    public TextBlockStyle? Style { get; init; }

    public HorizontalAlignment? HorizontalAlignment { get; init; }
}

/// <summary>
/// Text made of runs, each with its own look. Run text is not markdown (schema 1.2+), so user text needs no escapes;
/// build it with <see cref="PlainText"/> (or CardText.Plain / CardText.Labelled), which also keeps it from the one
/// client that reads markdown in runs anyway.
/// </summary>
public sealed record RichTextBlock(IReadOnlyList<TextRun> Inlines) : CardElement
{
    public HorizontalAlignment? HorizontalAlignment { get; init; }
}

/// <summary>A run of a <see cref="RichTextBlock"/>: its text is shown as written, with DATE/TIME functions applied.</summary>
public sealed record TextRun(string Text)
{
    [JsonPropertyOrder(-10)]
    public string Type => "TextRun";

    public TextColor? Color { get; init; }

    public TextSize? Size { get; init; }

    public TextWeight? Weight { get; init; }

    public bool? IsSubtle { get; init; }

    public bool? Italic { get; init; }

    public bool? Highlight { get; init; }

    public FontType? FontType { get; init; }
}

public sealed record Container(IReadOnlyList<CardElement> Items) : CardElement
{
    public ContainerStyle? Style { get; init; }
}

public sealed record ColumnSet(IReadOnlyList<Column> Columns) : CardElement;

public sealed record Column(IReadOnlyList<CardElement> Items)
{
    [JsonPropertyOrder(-10)]
    public string Type => "Column";

    public ColumnWidth? Width { get; init; }

    public ContainerStyle? Style { get; init; }
}

/// <summary>A column's width; only "stretch" (share the row equally) is used by our cards.</summary>
[JsonConverter(typeof(ColumnWidthConverter))]
public sealed record ColumnWidth
{
    private ColumnWidth(string keyword) => Keyword = keyword;

    public static ColumnWidth Stretch { get; } = new("stretch");

    public string Keyword { get; }

    private sealed class ColumnWidthConverter : JsonConverter<ColumnWidth>
    {
        public override ColumnWidth Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(reader.GetString() ?? throw new JsonException("A column width is a keyword."));

        public override void Write(Utf8JsonWriter writer, ColumnWidth value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Keyword);
    }
}

public sealed record FactSet(IReadOnlyList<Fact> Facts) : CardElement;

/// <summary>A fact; both parts are markdown, so escape user text.</summary>
public sealed record Fact(string Title, string Value);

public sealed record ActionSet(IReadOnlyList<CardAction> Actions) : CardElement;
