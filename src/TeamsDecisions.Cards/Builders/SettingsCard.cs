using System.Globalization;
using TeamsDecisions.Cards.Actions;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Norms;
using TeamsDecisions.Core.Teams;

namespace TeamsDecisions.Cards.Builders;

/// <summary>What the settings card shows to its viewer: whether they may change the settings, and the sentence that says why.</summary>
public sealed record SettingsViewer(bool CanChange, string Explanation);

/// <summary>
/// A team's settings (comment window, response norms, calendar, reminders): a form with Save for owners and admins,
/// facts for everyone else, and the last changes with who made them.
/// </summary>
public static class SettingsCard
{
    public const int ChangesShown = 3;

    /// <summary>Zones offered in the list; the team's own zone is added when it is not one of them.</summary>
    public static IReadOnlyList<string> CommonTimeZones { get; } =
    [
        "UTC", "Europe/London", "Europe/Paris", "Europe/Berlin", "Europe/Warsaw", "Europe/Helsinki", "Europe/Moscow", "Africa/Johannesburg",
        "Asia/Dubai", "Asia/Kolkata", "Asia/Singapore", "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
        "America/Sao_Paulo", "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
    ];

    private static readonly (WeekDays Day, string Name)[] Days =
    [
        (WeekDays.Monday, "Monday"), (WeekDays.Tuesday, "Tuesday"), (WeekDays.Wednesday, "Wednesday"), (WeekDays.Thursday, "Thursday"),
        (WeekDays.Friday, "Friday"), (WeekDays.Saturday, "Saturday"), (WeekDays.Sunday, "Sunday"),
    ];

    /// <summary>
    /// The card. <paramref name="typed"/> fills the inputs with what was sent (after a refusal), <paramref name="problem"/>
    /// says what to fix, <paramref name="notice"/> confirms a save.
    /// </summary>
    public static AdaptiveCard Build(TeamSettings settings, SettingsViewer viewer, IReadOnlyList<TeamSettingsChange> changes, SettingsData? typed = null, string? problem = null, string? notice = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(changes);
        var body = new List<CardElement>
        {
            CardText.Badge("Team settings", TextColor.Accent),
            CardText.Heading("Response norms and working time"),
        };
        if (problem is not null)
        {
            body.Add(new Container(
            [
                CardText.Line([new("⚠ Not saved. "), .. CardText.User(problem)], weight: TextWeight.Bolder),
                CardText.Subtle("Nothing was changed; fix the field and save again.") with { Spacing = Spacing.Small },
            ])
            { Style = ContainerStyle.Attention, Spacing = Spacing.Medium });
        }

        if (notice is not null)
        {
            body.Add(new Container([CardText.Line(CardText.User(notice), weight: TextWeight.Bolder)]) { Style = ContainerStyle.Good, Spacing = Spacing.Medium });
        }

        if (viewer.CanChange)
        {
            body.AddRange(Inputs(typed ?? ToData(settings)));
        }
        else
        {
            body.Add(CardText.Plain(viewer.Explanation) with { Spacing = Spacing.Medium });
            body.Add(new FactSet(
            [
                new Fact("Comment window", CardText.Count(settings.DefaultWindowDays, "working day", "working days")),
                new Fact("Routine", $"answer within {CardText.Count(settings.RoutineResponseHours, "hour", "hours")}"),
                new Fact("Design review", $"answer within {CardText.Count(settings.DesignReviewResponseHours, "hour", "hours")}"),
                new Fact("Time zone", Markdown.Escape(settings.TimeZone)),
                new Fact("Working days", DaysText(settings.WorkingDays)),
                new Fact("Working hours", $"{Hhmm(settings.WorkdayStart)}–{Hhmm(settings.WorkdayEnd)}"),
                new Fact("Reminder", $"at {settings.ReminderPercent.ToString(CultureInfo.InvariantCulture)}% of the norm"),
            ])
            { Spacing = Spacing.Small });
        }

        body.Add(CardText.Section("Last changes"));
        if (changes.Count == 0)
        {
            body.Add(CardText.Subtle("No changes yet: these are the defaults.") with { Spacing = Spacing.Small });
        }

        foreach (var change in changes.Take(ChangesShown))
        {
            body.Add(CardText.Line(
                [new("Changed by "), .. CardText.User(change.ChangedBy), new($" on {CardText.Date(change.At)}: {string.Join(", ", change.Fields.Select(FieldLabel))}")],
                TextSize.Small) with { Spacing = Spacing.Small });
        }

        return new AdaptiveCard
        {
            Body = body,
            Actions = viewer.CanChange
                ? [new ExecuteAction(CardVerbs.SaveSettings) { Title = "Save", Data = new SettingsData { Team = settings.Team.Value }, Style = ActionStyle.Positive }]
                : null,
            FallbackText = "Team settings",
            MsTeams = new TeamsCardProperties(),
        };
    }

    /// <summary>The inputs' values for <paramref name="settings"/>.</summary>
    public static SettingsData ToData(TeamSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new SettingsData
        {
            Team = settings.Team.Value,
            SettingsWindowDays = settings.DefaultWindowDays,
            SettingsRoutineHours = settings.RoutineResponseHours,
            SettingsDesignReviewHours = settings.DesignReviewResponseHours,
            SettingsTimeZone = settings.TimeZone,
            SettingsWorkingDays = string.Join(',', Days.Where(d => (settings.WorkingDays & d.Day) != 0).Select(d => d.Name)),
            SettingsWorkdayStart = Hhmm(settings.WorkdayStart),
            SettingsWorkdayEnd = Hhmm(settings.WorkdayEnd),
            SettingsReminderPercent = settings.ReminderPercent,
        };
    }

    /// <summary>
    /// <paramref name="current"/> with the card's values; not validated (call <see cref="TeamSettings.Validated"/>).
    /// A value that is not a number, a day or a time is refused here, naming the field.
    /// </summary>
    public static TeamSettings Apply(TeamSettings current, SettingsData data)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(data);
        return current with
        {
            DefaultWindowDays = Whole(data.SettingsWindowDays, current.DefaultWindowDays),
            RoutineResponseHours = Whole(data.SettingsRoutineHours, current.RoutineResponseHours),
            DesignReviewResponseHours = Whole(data.SettingsDesignReviewHours, current.DesignReviewResponseHours),
            TimeZone = string.IsNullOrWhiteSpace(data.SettingsTimeZone) ? current.TimeZone : data.SettingsTimeZone.Trim(),
            WorkingDays = data.SettingsWorkingDays is null ? current.WorkingDays : ParseDays(data.SettingsWorkingDays),
            WorkdayStart = ParseTime(data.SettingsWorkdayStart, current.WorkdayStart, nameof(TeamSettings.WorkdayStart)),
            WorkdayEnd = ParseTime(data.SettingsWorkdayEnd, current.WorkdayEnd, nameof(TeamSettings.WorkdayEnd)),
            ReminderPercent = Whole(data.SettingsReminderPercent, current.ReminderPercent),
        };
    }

    /// <summary>A field's name as the card labels it.</summary>
    public static string FieldLabel(string field) => field switch
    {
        nameof(TeamSettings.DefaultWindowDays) => "comment window",
        nameof(TeamSettings.RoutineResponseHours) => "routine norm",
        nameof(TeamSettings.DesignReviewResponseHours) => "design-review norm",
        nameof(TeamSettings.SharePointSite) => "SharePoint site",
        nameof(TeamSettings.DefaultChannelId) => "default channel",
        nameof(TeamSettings.TimeZone) => "time zone",
        nameof(TeamSettings.WorkingDays) => "working days",
        nameof(TeamSettings.WorkdayStart) => "day start",
        nameof(TeamSettings.WorkdayEnd) => "day end",
        nameof(TeamSettings.ReminderPercent) => "reminder",
        _ => field,
    };

    private static IEnumerable<CardElement> Inputs(SettingsData values)
    {
        var zones = CommonTimeZones.ToList();
        if (values.SettingsTimeZone is { Length: > 0 } zone && !zones.Contains(zone, StringComparer.Ordinal))
        {
            zones.Insert(0, zone);
        }

        yield return new NumberInput { Id = InputIds.SettingsWindowDays, Label = "Comment window (working days)", Min = Core.Rfcs.RfcLimits.WindowDaysMin, Max = Core.Rfcs.RfcLimits.WindowDaysMax, Value = values.SettingsWindowDays, IsRequired = true, ErrorMessage = "How many working days does a window last?", Spacing = Spacing.Medium };
        yield return new ColumnSet(
        [
            new Column([new NumberInput { Id = InputIds.SettingsRoutineHours, Label = "Routine norm (hours)", Min = 1, Max = TeamSettings.ResponseHoursMax, Value = values.SettingsRoutineHours, IsRequired = true, ErrorMessage = "Hours to answer a routine RFC." }]) { Width = ColumnWidth.Stretch },
            new Column([new NumberInput { Id = InputIds.SettingsDesignReviewHours, Label = "Design review (hours)", Min = 1, Max = TeamSettings.ResponseHoursMax, Value = values.SettingsDesignReviewHours, IsRequired = true, ErrorMessage = "Hours to answer a design review." }]) { Width = ColumnWidth.Stretch },
        ]);
        yield return new ChoiceSetInput { Id = InputIds.SettingsTimeZone, Label = "Time zone", Style = ChoiceInputStyle.Compact, IsRequired = true, ErrorMessage = "Choose the team's time zone.", Value = values.SettingsTimeZone, Choices = [.. zones.Select(z => new Choice(z, z))] };
        yield return new ChoiceSetInput { Id = InputIds.SettingsWorkingDays, Label = "Working days", IsMultiSelect = true, IsRequired = true, ErrorMessage = "Choose at least one working day.", Value = values.SettingsWorkingDays, Choices = [.. Days.Select(d => new Choice(d.Name, d.Name))] };
        yield return new ColumnSet(
        [
            new Column([new TimeInput { Id = InputIds.SettingsWorkdayStart, Label = "Day starts", Value = values.SettingsWorkdayStart, IsRequired = true, ErrorMessage = "When does the working day start?" }]) { Width = ColumnWidth.Stretch },
            new Column([new TimeInput { Id = InputIds.SettingsWorkdayEnd, Label = "Day ends", Value = values.SettingsWorkdayEnd, IsRequired = true, ErrorMessage = "When does the working day end?" }]) { Width = ColumnWidth.Stretch },
        ]);
        yield return new NumberInput { Id = InputIds.SettingsReminderPercent, Label = "Remind at (% of the norm)", Min = TeamSettings.ReminderPercentMin, Max = TeamSettings.ReminderPercentMax, Value = values.SettingsReminderPercent, IsRequired = true, ErrorMessage = "How far into the norm to remind." };
    }

    private static string DaysText(WeekDays days) =>
        days == WeekDaysExtensions.MondayToFriday ? "Monday to Friday" : string.Join(", ", Days.Where(d => (days & d.Day) != 0).Select(d => d.Name));

    private static string Hhmm(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A fractional or out-of-range number becomes one that <see cref="TeamSettings.Validated"/> refuses by name.</summary>
    private static int Whole(double? value, int current) =>
        value is not { } v ? current : v == Math.Floor(v) && v is >= int.MinValue and <= int.MaxValue ? (int)v : int.MinValue;

    private static WeekDays ParseDays(string value)
    {
        var days = WeekDays.None;
        foreach (var name in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var day = Days.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
            days |= day.Name is null
                ? throw new DomainRuleException(Rules.SettingsWorkingDays, $"\"{name}\" is not a day of the week.", nameof(TeamSettings.WorkingDays))
                : day.Day;
        }

        return days;
    }

    private static TimeOnly ParseTime(string? value, TimeOnly current, string field) =>
        string.IsNullOrWhiteSpace(value) ? current
        : TimeOnly.TryParseExact(value.Trim(), ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time
        : throw new DomainRuleException(Rules.SettingsWorkingHours, "Working hours are times of day such as 08:00 and 18:00.", field);
}
