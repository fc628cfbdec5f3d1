using TeamsDecisions.Core.Norms;

namespace TeamsDecisions.Core.Meetings;

/// <summary>How a calendar block weighs on a slot: tentative costs a little, busy (and out of office) rules the slot out.</summary>
public enum BlockKind
{
    Tentative,
    Busy,
}

/// <summary>A block in someone's calendar, as free/busy shows it (no subject: free/busy is all the app needs).</summary>
public sealed record CalendarBlock(DateTimeOffset Start, DateTimeOffset End, BlockKind Kind);

/// <summary>One invitee of an exploration session: who, their working time (their own, else the team's), and their calendar's blocks.</summary>
public sealed record InviteeAvailability(UserRef Person, WorkingTime WorkingTime, IReadOnlyList<CalendarBlock> Blocks);

/// <summary>What a slot costs one person: their local start, how far out of their working hours it lies, and what of their calendar it clashes with.</summary>
public sealed record PersonBurden(UserRef Person, string TimeZone, DateTime LocalStart, int MinutesOutOfHours, int TentativeMinutes, int BusyMinutes)
{
    public bool InHours => MinutesOutOfHours == 0;
}

/// <summary>A proposed slot: its instants, each person's burden, and its cost (lower is better).</summary>
public sealed record ExplorationSlot(DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<PersonBurden> People)
{
    /// <summary>The sum of everyone's minutes out of hours: the burden shown on the card.</summary>
    public int MinutesOutOfHours => People.Sum(p => p.MinutesOutOfHours);

    public bool InEveryonesHours => People.All(p => p.InHours);

    /// <summary>Who pays for this slot: the people it puts outside their working hours, worst first.</summary>
    public IReadOnlyList<PersonBurden> PaidBy => [.. People.Where(p => !p.InHours).OrderByDescending(p => p.MinutesOutOfHours)];

    /// <summary>
    /// Out-of-hours minutes count in full; a tentative clash costs half its minutes; a busy clash (only when no slot
    /// is free of one) four times its minutes, so a slot people are busy in always loses to one they are not.
    /// </summary>
    public int Cost => People.Sum(p => p.MinutesOutOfHours + ((p.TentativeMinutes + 1) / 2) + (p.BusyMinutes * 4));
}

/// <summary>The answer of <see cref="ExplorationSlots.Propose"/>.</summary>
public sealed record SlotProposal(IReadOnlyList<ExplorationSlot> Slots, bool HasCommonWorkingHour, bool EveryoneBusy, DateTimeOffset WindowStart, DateTimeOffset WindowEnd);

/// <summary>
/// The exploration phase's slot policy: 45-minute slots on a 15-minute grid, from the next quarter-hour after now to
/// the end of the organizer's 10th working day, ranked by out-of-hours burden. A person's burden is how far their
/// working day would have to stretch (in their local wall clock) to hold the meeting: 0 inside their hours, 45 for a
/// meeting that starts as their day ends, 5 h 45 min for one at 22:00 for someone who stops at 17:00; the nearest
/// working day counts, so weekends cost a lot. Busy and out-of-office blocks rule a slot out unless every slot has
/// one; tentative blocks cost half their minutes. The three slots are on different days when possible.
/// </summary>
public static class ExplorationSlots
{
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(45);
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(15);
    public const int WorkingDaysAhead = 10;
    public const int SlotsProposed = 3;

    /// <summary>The search window: from the next quarter-hour to the same time <see cref="WorkingDaysAhead"/> working days later in the organizer's calendar.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Window(WorkingTime organizer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(organizer);
        var ticks = Step.Ticks;
        var utc = now.ToUniversalTime();
        var start = new DateTimeOffset((utc.UtcTicks + ticks - 1) / ticks * ticks, TimeSpan.Zero);
        return (start, organizer.AddWorkingDays(start, WorkingDaysAhead));
    }

    public static SlotProposal Propose(WorkingTime organizer, IReadOnlyList<InviteeAvailability> invitees, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(organizer);
        ArgumentNullException.ThrowIfNull(invitees);
        if (invitees.Count == 0)
        {
            throw new ArgumentException("An exploration session needs at least one person.", nameof(invitees));
        }

        var (windowStart, windowEnd) = Window(organizer, now);
        var candidates = new List<ExplorationSlot>();
        for (var start = windowStart; start + Duration <= windowEnd; start += Step)
        {
            candidates.Add(Slot(start, invitees));
        }

        var common = candidates.Any(c => c.InEveryonesHours);
        var free = candidates.Where(c => c.People.All(p => p.BusyMinutes == 0)).ToList();
        var everyoneBusy = free.Count == 0;
        var pool = everyoneBusy ? candidates : free;
        var ranked = pool
            .OrderBy(c => c.Cost)
            .ThenBy(c => c.People.Max(p => p.MinutesOutOfHours))
            .ThenBy(c => c.Start)
            .ToList();

        var chosen = new List<ExplorationSlot>();
        foreach (var sameDayAllowed in new[] { false, true })
        {
            foreach (var slot in ranked)
            {
                if (chosen.Count == SlotsProposed)
                {
                    break;
                }

                var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(slot.Start, organizer.Zone).DateTime);
                if (chosen.Contains(slot)
                    || chosen.Any(c => c.Start < slot.End && slot.Start < c.End)
                    || (!sameDayAllowed && chosen.Any(c => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(c.Start, organizer.Zone).DateTime) == day)))
                {
                    continue;
                }

                chosen.Add(slot);
            }
        }

        return new SlotProposal([.. chosen.OrderBy(c => c.Start)], common, everyoneBusy, windowStart, windowEnd);
    }

    /// <summary>What a slot starting at <paramref name="start"/> costs each invitee.</summary>
    public static ExplorationSlot Slot(DateTimeOffset start, IReadOnlyList<InviteeAvailability> invitees)
    {
        ArgumentNullException.ThrowIfNull(invitees);
        var end = start + Duration;
        return new ExplorationSlot(start, end, [.. invitees.Select(i => Burden(i, start, end))]);
    }

    private static PersonBurden Burden(InviteeAvailability invitee, DateTimeOffset start, DateTimeOffset end)
    {
        var time = invitee.WorkingTime;
        var localStart = TimeZoneInfo.ConvertTime(start, time.Zone).DateTime;
        var localEnd = TimeZoneInfo.ConvertTime(end, time.Zone).DateTime;
        return new PersonBurden(
            invitee.Person,
            time.Zone.Id,
            localStart,
            (int)Math.Round(Stretch(time, localStart, localEnd).TotalMinutes),
            Overlap(invitee.Blocks, BlockKind.Tentative, start, end),
            Overlap(invitee.Blocks, BlockKind.Busy, start, end));
    }

    /// <summary>
    /// How much the nearest working day's hours would have to stretch to hold [start, end), in local wall-clock time
    /// (a clock change inside the stretch is not counted: people feel 22:00 as 22:00).
    /// </summary>
    private static TimeSpan Stretch(WorkingTime time, DateTime start, DateTime end)
    {
        var best = TimeSpan.MaxValue;
        for (var offset = -7; offset <= 7; offset++)
        {
            var day = start.Date.AddDays(offset);
            if (!time.IsWorkingDay(DateOnly.FromDateTime(day)))
            {
                continue;
            }

            var from = day + time.Start.ToTimeSpan();
            var to = day + time.End.ToTimeSpan();
            var stretch = (from > start ? from - start : TimeSpan.Zero) + (end > to ? end - to : TimeSpan.Zero);
            if (stretch < best)
            {
                best = stretch;
            }
        }

        // A day that ends at 23:59:59 (Outlook's "until midnight") leaves a second over; that is no burden.
        return best < TimeSpan.FromMinutes(1) ? TimeSpan.Zero : best;
    }

    private static int Overlap(IReadOnlyList<CalendarBlock> blocks, BlockKind kind, DateTimeOffset start, DateTimeOffset end)
    {
        // Overlapping blocks of one kind are merged first, so two invitations for the same hour count once.
        var minutes = 0;
        var cursor = start;
        foreach (var block in blocks.Where(b => b.Kind == kind && b.Start < end && b.End > start).OrderBy(b => b.Start))
        {
            var from = block.Start > cursor ? block.Start : cursor;
            var to = block.End < end ? block.End : end;
            if (to > from)
            {
                minutes += (int)Math.Round((to - from).TotalMinutes);
                cursor = to;
            }
        }

        return minutes;
    }
}
