using System.Text.Json;
using System.Text.Json.Serialization;

namespace TeamsDecisions.Cards.Actions;

/// <summary>
/// What a card sends with each verb: the RFC it is about (never who is acting: identity comes from the
/// authenticated activity) plus the values of its inputs, which Teams merges into the same object.
/// The Teams handler deserialises each verb's record once, with <see cref="Model.CardJson.Options"/>.
/// </summary>
public abstract record RfcActionData
{
    /// <summary>The team (or chat) id that owns the RFC.</summary>
    public string Team { get; init; } = string.Empty;

    /// <summary>The RFC's number within the team.</summary>
    public int Rfc { get; init; }

    /// <summary>Inputs whose ids are built per item (why-not per option, notes per concern).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }

    public string? Input(string id) =>
        Extra is not null && Extra.TryGetValue(id, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

public sealed record RefreshData : RfcActionData;

public sealed record OpenRfcData : RfcActionData;

public sealed record VoteData : RfcActionData
{
    public string? Vote { get; init; }

    public string? VoteReason { get; init; }

    public string? ObjectReason { get; init; }

    /// <summary>The reason from whichever form sent the vote.</summary>
    [JsonIgnore]
    public string? Reason => string.IsNullOrWhiteSpace(ObjectReason) ? VoteReason : ObjectReason;
}

public sealed record CommentData : RfcActionData
{
    public string? Comment { get; init; }

    /// <summary>One per rendered card: two presses of the same card's button post one comment.</summary>
    public string? SubmitId { get; init; }
}

public sealed record RaiseConcernData : RfcActionData
{
    public string? ConcernTitle { get; init; }

    public string? ConcernDetail { get; init; }

    /// <summary>One per rendered card: two presses of the same card's button raise one concern.</summary>
    public string? SubmitId { get; init; }
}

public sealed record ResolveConcernData : RfcActionData
{
    /// <summary>Chosen in the card's concern list (a string); cards posted before that list carried it as a number in the data.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int? ConcernId { get; init; }

    public string? ConcernNote { get; init; }

    /// <summary>The note from the one resolve form, or from an older card's per-concern field.</summary>
    [JsonIgnore]
    public string? Note => ConcernNote ?? (ConcernId is { } id ? Input(InputIds.ConcernNote(id)) : null);
}

public sealed record CloseEarlyData : RfcActionData
{
    public string? CloseReason { get; init; }
}

public sealed record ExtendWindowData : RfcActionData
{
    /// <summary>Input.Number values arrive as strings from some clients and numbers from others.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int? ExtendDays { get; init; }

    public string? ExtendReason { get; init; }
}

public sealed record WithdrawData : RfcActionData
{
    public string? WithdrawReason { get; init; }
}

public sealed record ResolveFormData : RfcActionData;

public sealed record ResolveData : RfcActionData
{
    public string? Outcome { get; init; }

    public string? ChosenOption { get; init; }

    public string? Rationale { get; init; }

    public string? Consequences { get; init; }

    public string? Supersedes { get; init; }

    public string? EarlyCloseReason { get; init; }

    /// <summary>The option short names, in the order the form numbered its why-not fields.</summary>
    public IReadOnlyList<string> OptionNames { get; init; } = [];

    /// <summary>The concerns the form offered to overrule.</summary>
    public IReadOnlyList<int> ConcernIds { get; init; } = [];

    public string? WhyNot(int optionIndex) => Input(InputIds.WhyNot(optionIndex));

    public bool Overrules(int concernId) => string.Equals(Input(InputIds.Overrule(concernId)), "true", StringComparison.OrdinalIgnoreCase);

    public string? OverruleReason(int concernId) => Input(InputIds.OverruleReason(concernId));
}

/// <summary>The new-RFC form. People pickers return Entra object ids; the multi-select one, comma-separated.</summary>
public sealed record NewRfcData
{
    public string? Team { get; init; }

    /// <summary>Identifies one filled-in form: submitting the same form again (after a failed post) replays the same RFC.</summary>
    public string? FormId { get; init; }

    public string? Title { get; init; }

    public string? Context { get; init; }

    public string? Proposal { get; init; }

    /// <summary>One option per line, "Short name: description".</summary>
    public string? Options { get; init; }

    /// <summary>One decision driver per line.</summary>
    public string? Drivers { get; init; }

    public string? Decider { get; init; }

    public string? Reviewers { get; init; }

    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int? WindowDays { get; init; }

    public string? Channel { get; init; }
}
