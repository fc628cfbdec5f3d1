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

public sealed record SnoozeReminderData : RfcActionData;

public sealed record NotMeData : RfcActionData
{
    public string? NotMeNote { get; init; }
}

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

    /// <summary>"true" when the decider overrules every concern the form listed (<see cref="ConcernIds"/>).</summary>
    public string? OverruleAll { get; init; }

    /// <summary>The concerns chosen to overrule: their ids, comma-separated (a multi-select Input.ChoiceSet's value).</summary>
    public string? OverruleConcerns { get; init; }

    /// <summary>One reason, recorded on each concern overruled.</summary>
    public string? OverruleReason { get; init; }

    /// <summary>The option short names, in the order the form numbered its why-not fields.</summary>
    public IReadOnlyList<string> OptionNames { get; init; } = [];

    /// <summary>The concerns the form offered to overrule.</summary>
    public IReadOnlyList<int> ConcernIds { get; init; } = [];

    /// <summary>
    /// The chosen option's short name. The form sends the option's position in <see cref="OptionNames"/>; anything
    /// else is passed on as typed, for the domain to accept as a name or refuse naming the options.
    /// </summary>
    public string? ChosenOptionName() =>
        int.TryParse(ChosenOption, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < OptionNames.Count
            ? OptionNames[index]
            : ChosenOption;

    public bool OverrulesAll => string.Equals(OverruleAll, "true", StringComparison.OrdinalIgnoreCase);

    public string? WhyNot(int optionIndex) => Input(InputIds.WhyNot(optionIndex));

    /// <summary>
    /// The concerns to overrule: all the form listed when <see cref="OverrulesAll"/>, else those chosen, in the form's
    /// order. Ids the form did not list are kept (the domain refuses them by name); what is not a number is dropped.
    /// </summary>
    public IReadOnlyList<int> ConcernsToOverrule()
    {
        if (OverrulesAll)
        {
            return ConcernIds;
        }

        var chosen = (OverruleConcerns ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => int.TryParse(v, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : (int?)null)
            .OfType<int>()
            .Distinct()
            .ToList();
        return [.. ConcernIds.Where(chosen.Contains), .. chosen.Where(id => !ConcernIds.Contains(id))];
    }
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

    /// <summary><see cref="RfcKindChoice.DesignReview"/> or <see cref="RfcKindChoice.Routine"/>.</summary>
    public string? Kind { get; init; }
}

/// <summary>
/// The settings card's Save: the team it was opened in, and the inputs as typed (strings, so that a refused value is
/// put back exactly as it was). Whether the person may save is never read from here.
/// </summary>
public sealed record SettingsData
{
    public string? Team { get; init; }

    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public double? SettingsWindowDays { get; init; }

    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public double? SettingsRoutineHours { get; init; }

    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public double? SettingsDesignReviewHours { get; init; }

    public string? SettingsTimeZone { get; init; }

    /// <summary>Day names, comma-separated (a multi-select Input.ChoiceSet's value).</summary>
    public string? SettingsWorkingDays { get; init; }

    /// <summary>"HH:mm".</summary>
    public string? SettingsWorkdayStart { get; init; }

    public string? SettingsWorkdayEnd { get; init; }

    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public double? SettingsReminderPercent { get; init; }
}
