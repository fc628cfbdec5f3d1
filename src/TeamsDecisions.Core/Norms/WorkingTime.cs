namespace TeamsDecisions.Core.Norms;

/// <summary>
/// A working calendar: a time zone, the working days and the working hours of a team or a person. All arithmetic is on
/// the local wall clock of <see cref="Zone"/>, so it is DST-correct: "the same local time two working days later" stays
/// at 16:00 across a clock change. Working hours never span midnight (<see cref="Start"/> is before <see cref="End"/>).
/// </summary>
public sealed record WorkingTime
{
    public WorkingTime(TimeZoneInfo zone, WeekDays days, TimeOnly start, TimeOnly end)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if ((days & WeekDaysExtensions.All) == WeekDays.None)
        {
            throw new ArgumentException("At least one working day is needed.", nameof(days));
        }

        if (start >= end)
        {
            throw new ArgumentException("Working hours start before they end, on the same day.", nameof(end));
        }

        Zone = zone;
        Days = days & WeekDaysExtensions.All;
        Start = start;
        End = end;
    }

    public TimeZoneInfo Zone { get; }

    public WeekDays Days { get; }

    public TimeOnly Start { get; }

    public TimeOnly End { get; }

    /// <summary>Every day a working day, 00:00–23:59:59 UTC: the calendar of RFCs that predate team calendars.</summary>
    public static WorkingTime EveryDayUtc { get; } = new(TimeZoneInfo.Utc, WeekDaysExtensions.All, TimeOnly.MinValue, TimeOnly.MaxValue);

    public bool IsWorkingDay(DateOnly day) => Days.Includes(day.DayOfWeek);

    /// <summary>The instant <paramref name="days"/> working days after <paramref name="from"/>, at the same local time; non-working days are skipped.</summary>
    public DateTimeOffset AddWorkingDays(DateTimeOffset from, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        if (days == 0)
        {
            return from;
        }

        var local = ToLocal(from);
        var counted = 0;
        while (counted < days)
        {
            local = local.AddDays(1);
            if (Days.Includes(local.DayOfWeek))
            {
                counted++;
            }
        }

        return FromLocal(local);
    }

    /// <summary>
    /// The instant when <paramref name="span"/> of counted time has passed since <paramref name="from"/>. Counted time is
    /// the local wall clock on working days, whole days (not only working hours); non-working days do not count.
    /// </summary>
    public DateTimeOffset AddCountedTime(DateTimeOffset from, TimeSpan span)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(span, TimeSpan.Zero);
        if (span == TimeSpan.Zero)
        {
            return from;
        }

        var cursor = ToLocal(from);
        var remaining = span;
        while (true)
        {
            var nextMidnight = cursor.Date.AddDays(1);
            if (Days.Includes(cursor.DayOfWeek))
            {
                var available = nextMidnight - cursor;
                if (remaining <= available)
                {
                    return FromLocal(cursor + remaining);
                }

                remaining -= available;
            }

            cursor = nextMidnight;
        }
    }

    /// <summary>The counted time (local wall clock on working days) between two instants; zero when <paramref name="to"/> is not later.</summary>
    public TimeSpan CountedTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        var cursor = ToLocal(from);
        var end = ToLocal(to);
        var total = TimeSpan.Zero;
        while (cursor < end)
        {
            var nextMidnight = cursor.Date.AddDays(1);
            var stop = end < nextMidnight ? end : nextMidnight;
            if (Days.Includes(cursor.DayOfWeek))
            {
                total += stop - cursor;
            }

            cursor = nextMidnight;
        }

        return total;
    }

    /// <summary>The first instant at or after <paramref name="at"/> inside the working hours of a working day.</summary>
    public DateTimeOffset NextWorkingInstant(DateTimeOffset at)
    {
        var local = ToLocal(at);
        for (var i = 0; i <= 7; i++)
        {
            var date = local.Date.AddDays(i);
            if (!Days.Includes(date.DayOfWeek))
            {
                continue;
            }

            var start = date + Start.ToTimeSpan();
            var end = date + End.ToTimeSpan();
            if (i == 0 && local >= end)
            {
                continue;
            }

            if (i == 0 && local >= start)
            {
                return at;
            }

            var candidate = FromLocal(start);
            return candidate >= at ? candidate : at;
        }

        throw new InvalidOperationException("A week always holds a working day.");
    }

    /// <summary>Whether <paramref name="at"/> falls inside working hours on a working day.</summary>
    public bool IsWorkingInstant(DateTimeOffset at) => NextWorkingInstant(at) == at;

    private DateTime ToLocal(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone).DateTime;

    /// <summary>
    /// The instant a local wall-clock time names. A time skipped by a spring-forward change is read with the offset
    /// before the change (02:30 becomes 03:30); a time that occurs twice in autumn is its first occurrence.
    /// </summary>
    private DateTimeOffset FromLocal(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            var before = Zone.GetUtcOffset(local.AddDays(-1));
            return new DateTimeOffset(local - before, TimeSpan.Zero).ToOffset(Zone.GetUtcOffset(new DateTimeOffset(local - before, TimeSpan.Zero)));
        }

        if (Zone.IsAmbiguousTime(local))
        {
            var offsets = Zone.GetAmbiguousTimeOffsets(local);
            return new DateTimeOffset(local, offsets.Max());
        }

        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}
