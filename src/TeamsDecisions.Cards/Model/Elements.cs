using System.Globalization;
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
[JsonDerivedType(typeof(Table), "Table")]
[JsonDerivedType(typeof(Image), "Image")]
[JsonDerivedType(typeof(ActionSet), "ActionSet")]
[JsonDerivedType(typeof(TextInput), "Input.Text")]
[JsonDerivedType(typeof(NumberInput), "Input.Number")]
[JsonDerivedType(typeof(ChoiceSetInput), "Input.ChoiceSet")]
[JsonDerivedType(typeof(ToggleInput), "Input.Toggle")]
[JsonDerivedType(typeof(DateInput), "Input.Date")]
public abstract record CardElement
{
    public string? Id { get; init; }

    public Spacing? Spacing { get; init; }

    public bool? Separator { get; init; }

    /// <summary>Written only when false (visible is the default).</summary>
    public bool? IsVisible { get; init; }
}

/// <summary>Text, with the Adaptive Card markdown subset and DATE/TIME functions. Escape user text (<see cref="Markdown.Escape"/>).</summary>
public sealed record TextBlock(string Text) : CardElement
{
    public TextColor? Color { get; init; }

    public TextSize? Size { get; init; }

    public TextWeight? Weight { get; init; }

    public bool? IsSubtle { get; init; }

    public bool? Wrap { get; init; } = true;

    public int? MaxLines { get; init; }

    public TextBlockStyle? Style { get; init; }

    public HorizontalAlignment? HorizontalAlignment { get; init; }
}

/// <summary>Runs of text with their own formatting; never interpreted as markdown.</summary>
public sealed record RichTextBlock(IReadOnlyList<TextRun> Inlines) : CardElement
{
    public HorizontalAlignment? HorizontalAlignment { get; init; }
}

public sealed record TextRun(string Text)
{
    [JsonPropertyOrder(-10)]
    public string Type => "TextRun";

    public TextColor? Color { get; init; }

    public TextSize? Size { get; init; }

    public TextWeight? Weight { get; init; }

    public bool? IsSubtle { get; init; }

    public bool? Italic { get; init; }

    public bool? Strikethrough { get; init; }

    public bool? Highlight { get; init; }
}

public sealed record Container(IReadOnlyList<CardElement> Items) : CardElement
{
    public ContainerStyle? Style { get; init; }

    public bool? Bleed { get; init; }

    public VerticalContentAlignment? VerticalContentAlignment { get; init; }
}

public sealed record ColumnSet(IReadOnlyList<Column> Columns) : CardElement
{
    public ContainerStyle? Style { get; init; }

    public bool? Bleed { get; init; }
}

public sealed record Column(IReadOnlyList<CardElement> Items)
{
    [JsonPropertyOrder(-10)]
    public string Type => "Column";

    public string? Id { get; init; }

    public ColumnWidth? Width { get; init; }

    public ContainerStyle? Style { get; init; }

    public Spacing? Spacing { get; init; }

    public bool? Separator { get; init; }

    public VerticalContentAlignment? VerticalContentAlignment { get; init; }
}

/// <summary>"auto", "stretch", a relative weight (a number) or pixels ("60px").</summary>
[JsonConverter(typeof(ColumnWidthConverter))]
public sealed record ColumnWidth
{
    private ColumnWidth(string? keyword, int? weight)
    {
        Keyword = keyword;
        Weight = weight;
    }

    public static ColumnWidth Auto { get; } = new("auto", null);

    public static ColumnWidth Stretch { get; } = new("stretch", null);

    public string? Keyword { get; }

    public int? Weight { get; }

    public static ColumnWidth Relative(int weight) => new(null, weight);

    public static ColumnWidth Pixels(int pixels) => new(string.Create(CultureInfo.InvariantCulture, $"{pixels}px"), null);

    private sealed class ColumnWidthConverter : JsonConverter<ColumnWidth>
    {
        public override ColumnWidth Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Number ? Relative(reader.GetInt32()) : new ColumnWidth(reader.GetString(), null);

        public override void Write(Utf8JsonWriter writer, ColumnWidth value, JsonSerializerOptions options)
        {
            if (value.Weight is { } weight)
            {
                writer.WriteNumberValue(weight);
            }
            else
            {
                writer.WriteStringValue(value.Keyword);
            }
        }
    }
}

public sealed record FactSet(IReadOnlyList<Fact> Facts) : CardElement;

/// <summary>A fact; both parts are markdown, so escape user text.</summary>
public sealed record Fact(string Title, string Value);

public sealed record Table(IReadOnlyList<TableColumnDefinition> Columns, IReadOnlyList<TableRow> Rows) : CardElement
{
    public bool? FirstRowAsHeader { get; init; }

    public bool? ShowGridLines { get; init; }

    public ContainerStyle? GridStyle { get; init; }
}

public sealed record TableColumnDefinition(ColumnWidth Width);

public sealed record TableRow(IReadOnlyList<TableCell> Cells)
{
    [JsonPropertyOrder(-10)]
    public string Type => "TableRow";

    public ContainerStyle? Style { get; init; }
}

public sealed record TableCell(IReadOnlyList<CardElement> Items)
{
    [JsonPropertyOrder(-10)]
    public string Type => "TableCell";
}

public sealed record Image(Uri Url) : CardElement
{
    public string? AltText { get; init; }

    public ImageSize? Size { get; init; }

    public ImageStyle? Style { get; init; }
}

public sealed record ActionSet(IReadOnlyList<CardAction> Actions) : CardElement;
