namespace TeamsDecisions.Core.Norms;

/// <summary>A set of days of the week, e.g. the days a team works.</summary>
[Flags]
public enum WeekDays
{
    None = 0,
    Monday = 1,
    Tuesday = 2,
    Wednesday = 4,
    Thursday = 8,
    Friday = 16,
    Saturday = 32,
    Sunday = 64,
}

/// <summary>Conversions between <see cref="WeekDays"/> and <see cref="DayOfWeek"/>.</summary>
public static class WeekDaysExtensions
{
    public const WeekDays MondayToFriday = WeekDays.Monday | WeekDays.Tuesday | WeekDays.Wednesday | WeekDays.Thursday | WeekDays.Friday;

    public const WeekDays All = MondayToFriday | WeekDays.Saturday | WeekDays.Sunday;

    public static WeekDays ToWeekDays(this DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => WeekDays.Monday,
        DayOfWeek.Tuesday => WeekDays.Tuesday,
        DayOfWeek.Wednesday => WeekDays.Wednesday,
        DayOfWeek.Thursday => WeekDays.Thursday,
        DayOfWeek.Friday => WeekDays.Friday,
        DayOfWeek.Saturday => WeekDays.Saturday,
        DayOfWeek.Sunday => WeekDays.Sunday,
        _ => throw new ArgumentOutOfRangeException(nameof(day), day, null),
    };

    public static bool Includes(this WeekDays days, DayOfWeek day) => (days & day.ToWeekDays()) != 0;

    /// <summary>The set built from a list of days (e.g. Graph mailboxSettings' workingHours.daysOfWeek).</summary>
    public static WeekDays ToWeekDays(this IEnumerable<DayOfWeek> days) =>
        days.Aggregate(WeekDays.None, (set, day) => set | day.ToWeekDays());
}
