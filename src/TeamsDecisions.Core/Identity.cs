using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TeamsDecisions.Core;

/// <summary>A person as Teams identifies them: the Entra object id is the identity, the name is for display.</summary>
public sealed record UserRef
{
    public UserRef(string id, string displayName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id.Trim();
        // The one place a name enters: every card, page and message that shows it gets it without direction overrides.
        var name = displayName is null ? null : UserText.StripBidiControls(displayName).Trim();
        DisplayName = string.IsNullOrWhiteSpace(name) ? Id : name;
    }

    /// <summary>The Entra (AAD) object id; the only thing compared.</summary>
    public string Id { get; }

    public string DisplayName { get; }

    public bool Is(UserRef? other) => other is not null && string.Equals(Id, other.Id, StringComparison.OrdinalIgnoreCase);

    public bool Equals(UserRef? other) => Is(other);

    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Id);
}

/// <summary>The team (or chat) that owns RFCs and decisions; numbering is per team.</summary>
[JsonConverter(typeof(TeamIdJsonConverter))]
public readonly record struct TeamId
{
    public const int MaxLength = 256;

    public TeamId(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (value.Length > MaxLength)
        {
            throw new ArgumentException($"A team id is at most {MaxLength} characters.", nameof(value));
        }

        Value = value.Trim();
    }

    public string Value { get; }

    public override string ToString() => Value;
}

/// <summary>An RFC's number within its team, shown as RFC-0001.</summary>
[JsonConverter(typeof(RfcNumberJsonConverter))]
public readonly record struct RfcNumber : IComparable<RfcNumber>
{
    public RfcNumber(int value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
        Value = value;
    }

    public int Value { get; }

    public static bool operator <(RfcNumber left, RfcNumber right) => left.Value < right.Value;

    public static bool operator >(RfcNumber left, RfcNumber right) => left.Value > right.Value;

    public static bool operator <=(RfcNumber left, RfcNumber right) => left.Value <= right.Value;

    public static bool operator >=(RfcNumber left, RfcNumber right) => left.Value >= right.Value;

    public int CompareTo(RfcNumber other) => Value.CompareTo(other.Value);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"RFC-{Value:D4}");

    public static bool TryParse(string? text, out RfcNumber number) => NumberText.TryParse(text, "RFC-", out number, v => new RfcNumber(v));
}

/// <summary>A decision's number within its team, shown as DEC-0042; allocated once, never reused.</summary>
[JsonConverter(typeof(DecisionNumberJsonConverter))]
public readonly record struct DecisionNumber : IComparable<DecisionNumber>
{
    public DecisionNumber(int value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
        Value = value;
    }

    public int Value { get; }

    public static bool operator <(DecisionNumber left, DecisionNumber right) => left.Value < right.Value;

    public static bool operator >(DecisionNumber left, DecisionNumber right) => left.Value > right.Value;

    public static bool operator <=(DecisionNumber left, DecisionNumber right) => left.Value <= right.Value;

    public static bool operator >=(DecisionNumber left, DecisionNumber right) => left.Value >= right.Value;

    public int CompareTo(DecisionNumber other) => Value.CompareTo(other.Value);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"DEC-{Value:D4}");

    public static bool TryParse(string? text, out DecisionNumber number) => NumberText.TryParse(text, "DEC-", out number, v => new DecisionNumber(v));
}

/// <summary>An RFC's identity: its team and its number there.</summary>
public readonly record struct RfcId(TeamId Team, RfcNumber Number)
{
    public override string ToString() => $"{Number} ({Team})";
}

internal static class NumberText
{
    public static bool TryParse<T>(string? text, string prefix, out T number, Func<int, T> create)
        where T : struct
    {
        number = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (trimmed.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed[prefix.Length..];
        }

        if (!int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            return false;
        }

        number = create(value);
        return true;
    }
}

internal sealed class TeamIdJsonConverter : JsonConverter<TeamId>
{
    public override TeamId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.GetString() ?? throw new JsonException("A team id cannot be null."));

    public override void Write(Utf8JsonWriter writer, TeamId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

internal sealed class RfcNumberJsonConverter : JsonConverter<RfcNumber>
{
    public override RfcNumber Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        RfcNumber.TryParse(reader.GetString(), out var n) ? n : throw new JsonException("Not an RFC number.");

    public override void Write(Utf8JsonWriter writer, RfcNumber value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}

internal sealed class DecisionNumberJsonConverter : JsonConverter<DecisionNumber>
{
    public override DecisionNumber Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DecisionNumber.TryParse(reader.GetString(), out var n) ? n : throw new JsonException("Not a decision number.");

    public override void Write(Utf8JsonWriter writer, DecisionNumber value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
