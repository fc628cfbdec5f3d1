using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Core.Norms;

namespace TeamsDecisions.Core.Tests;

[TestClass]
public sealed class ExplorationSlotsTests
{
    /// <summary>Monday 7 December 2026, 06:00 UTC (winter everywhere: Paris UTC+1, New York UTC−5, Singapore UTC+8).</summary>
    private static readonly DateTimeOffset MondayMorning = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);

    private static readonly UserRef Amelie = new("aaaaaaaa-0000-0000-0000-000000000001", "Amélie (Paris)");
    private static readonly UserRef Piotr = new("aaaaaaaa-0000-0000-0000-000000000002", "Piotr (Warsaw)");
    private static readonly UserRef Dana = new("aaaaaaaa-0000-0000-0000-000000000003", "Dana (New York)");
    private static readonly UserRef Wei = new("aaaaaaaa-0000-0000-0000-000000000004", "Wei (Singapore)");

    private static WorkingTime NineToFive(string zone) =>
        new(TimeZoneInfo.FindSystemTimeZoneById(zone), WeekDaysExtensions.MondayToFriday, new TimeOnly(9, 0), new TimeOnly(17, 0));

    private static InviteeAvailability In(UserRef person, string zone, params CalendarBlock[] blocks) => new(person, NineToFive(zone), blocks);

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [TestMethod]
    public void Propose_ParisAndWarsawWithEmptyCalendars_ThreeSlotsInEveryonesHoursOnDifferentDays()
    {
        // Act
        var proposal = ExplorationSlots.Propose(NineToFive("Europe/Paris"), [In(Amelie, "Europe/Paris"), In(Piotr, "Europe/Warsaw")], MondayMorning);

        // Assert: the first quarter-hour of each of the first three days (09:00 Paris = 08:00 UTC).
        Assert.IsTrue(proposal.HasCommonWorkingHour);
        CollectionAssert.AreEqual(new[] { Utc(12, 7, 8), Utc(12, 8, 8), Utc(12, 9, 8) }, proposal.Slots.Select(s => s.Start).ToArray());
        Assert.IsTrue(proposal.Slots.All(s => s.InEveryonesHours && s.MinutesOutOfHours == 0 && s.End - s.Start == TimeSpan.FromMinutes(45)));
    }

    [TestMethod]
    public void Propose_ParisNewYorkSingapore_SaysThereIsNoCommonHourAndSharesTheLeastBadSlot()
    {
        // Arrange: Singapore works 01:00–09:00 UTC, Paris 08:00–16:00, New York 14:00–22:00: no hour in common.
        var people = new[] { In(Amelie, "Europe/Paris"), In(Dana, "America/New_York"), In(Wei, "Asia/Singapore") };

        // Act
        var proposal = ExplorationSlots.Propose(NineToFive("Europe/Paris"), people, MondayMorning);

        // Assert: every slot between 08:15 and 14:00 UTC costs 5 h 45 min in all; the fairest split is 11:00 UTC —
        // 06:00 in New York (3 h early) and 19:00–19:45 in Singapore (2 h 45 min late), noon in Paris.
        Assert.IsFalse(proposal.HasCommonWorkingHour);
        var best = proposal.Slots[0];
        Assert.AreEqual(Utc(12, 7, 11), best.Start);
        Assert.AreEqual(345, best.MinutesOutOfHours);
        var paidBy = best.PaidBy;
        Assert.AreEqual(2, paidBy.Count);
        Assert.AreEqual(Dana, paidBy[0].Person);
        Assert.AreEqual(180, paidBy[0].MinutesOutOfHours);
        Assert.AreEqual(new DateTime(2026, 12, 7, 6, 0, 0), paidBy[0].LocalStart);
        Assert.AreEqual(Wei, paidBy[1].Person);
        Assert.AreEqual(165, paidBy[1].MinutesOutOfHours);
        Assert.AreEqual(new DateTime(2026, 12, 7, 19, 0, 0), paidBy[1].LocalStart);
        Assert.IsTrue(best.People.Single(p => p.Person == Amelie).InHours);
        Assert.AreEqual(3, proposal.Slots.Count);
        Assert.IsTrue(proposal.Slots.All(s => s.MinutesOutOfHours == 345));
    }

    [TestMethod]
    public void Slot_SameUtcInstantAcrossEuropesClockChange_InHoursBeforeAndAnHourLateAfter()
    {
        // Arrange: Europe moves its clocks on Sunday 29 March 2026; 15:15 UTC is 16:15 in Paris before, 17:15 after.
        var paris = new[] { In(Amelie, "Europe/Paris") };

        // Act
        var before = ExplorationSlots.Slot(Utc(3, 26, 15, 15), paris);
        var after = ExplorationSlots.Slot(Utc(3, 30, 15, 15), paris);

        // Assert
        Assert.AreEqual(0, before.MinutesOutOfHours);
        Assert.AreEqual(new DateTime(2026, 3, 26, 16, 15, 0), before.People[0].LocalStart);
        Assert.AreEqual(60, after.MinutesOutOfHours);
        Assert.AreEqual(new DateTime(2026, 3, 30, 17, 15, 0), after.People[0].LocalStart);
    }

    [TestMethod]
    public void Slot_SameUtcInstantAcrossTheUsClockChange_AnHourEarlyBeforeAndInHoursAfter()
    {
        // Arrange: the US moved its clocks on Sunday 8 March 2026; 13:00 UTC is 08:00 in New York before, 09:00 after.
        var newYork = new[] { In(Dana, "America/New_York") };

        // Act
        var before = ExplorationSlots.Slot(Utc(3, 6, 13), newYork);
        var after = ExplorationSlots.Slot(Utc(3, 9, 13), newYork);

        // Assert
        Assert.AreEqual(60, before.MinutesOutOfHours);
        Assert.AreEqual(0, after.MinutesOutOfHours);
        Assert.AreEqual(new DateTime(2026, 3, 9, 9, 0, 0), after.People[0].LocalStart);
    }

    [TestMethod]
    public void Propose_ParisAndNewYorkAcrossTheEuropeanClockChange_FollowsEachZonesLocalHours()
    {
        // Arrange: between 8 and 29 March New York is already on summer time and Paris is not: their common hours are
        // 13:00–16:00 UTC, then 13:00–15:00 UTC. Amélie is busy on Thursday 26 and Friday 27, so the slots fall after the change.
        var busy = new[] { new CalendarBlock(Utc(3, 26, 0), Utc(3, 28, 0), BlockKind.Busy) };
        var people = new[] { In(Amelie, "Europe/Paris", busy), In(Dana, "America/New_York") };

        // Act
        var before = ExplorationSlots.Propose(NineToFive("Europe/Paris"), [In(Amelie, "Europe/Paris"), In(Dana, "America/New_York")], Utc(3, 26, 7));
        var after = ExplorationSlots.Propose(NineToFive("Europe/Paris"), people, Utc(3, 26, 7));

        // Assert: 13:00 UTC is 14:00 in Paris before the change, 15:00 after; 09:00 in New York throughout.
        Assert.AreEqual(Utc(3, 26, 13), before.Slots[0].Start);
        Assert.AreEqual(new DateTime(2026, 3, 26, 14, 0, 0), before.Slots[0].People[0].LocalStart);
        CollectionAssert.AreEqual(new[] { Utc(3, 30, 13), Utc(3, 31, 13), Utc(4, 1, 13) }, after.Slots.Select(s => s.Start).ToArray());
        Assert.AreEqual(new DateTime(2026, 3, 30, 15, 0, 0), after.Slots[0].People[0].LocalStart);
        Assert.AreEqual(new DateTime(2026, 3, 30, 9, 0, 0), after.Slots[0].People[1].LocalStart);
        Assert.IsTrue(after.Slots.All(s => s.InEveryonesHours));
    }

    [TestMethod]
    public void Propose_BusyAndTentativeBlocks_BusyRulesOutAndTentativeCosts()
    {
        // Arrange: Amélie is busy 09:00–12:30 and tentative 13:00–17:00 on Monday (Paris), so Monday's only free
        // in-hours time (12:30–13:00) is too short: the 12:30 slot clashes with 15 tentative minutes.
        var amelie = In(
            Amelie,
            "Europe/Paris",
            new CalendarBlock(Utc(12, 7, 8), Utc(12, 7, 11, 30), BlockKind.Busy),
            new CalendarBlock(Utc(12, 7, 12), Utc(12, 7, 16), BlockKind.Tentative));
        var people = new[] { amelie, In(Piotr, "Europe/Warsaw") };

        // Act
        var proposal = ExplorationSlots.Propose(NineToFive("Europe/Paris"), people, MondayMorning);
        var clash = ExplorationSlots.Slot(Utc(12, 7, 11, 30), people);
        var busy = ExplorationSlots.Slot(Utc(12, 7, 9), people);

        // Assert
        Assert.AreEqual(15, clash.People[0].TentativeMinutes);
        Assert.AreEqual(0, clash.People[0].BusyMinutes);
        Assert.AreEqual(45, busy.People[0].BusyMinutes);
        CollectionAssert.AreEqual(new[] { Utc(12, 8, 8), Utc(12, 9, 8), Utc(12, 10, 8) }, proposal.Slots.Select(s => s.Start).ToArray());
        Assert.IsFalse(proposal.EveryoneBusy);
    }

    [TestMethod]
    public void Propose_SomeoneBusyForTheWholeWindow_StillProposesTheBestSlotsAndSaysSo()
    {
        // Arrange
        var away = new CalendarBlock(Utc(12, 1, 0), Utc(12, 31, 0), BlockKind.Busy);
        var people = new[] { In(Amelie, "Europe/Paris", away), In(Piotr, "Europe/Warsaw") };

        // Act
        var proposal = ExplorationSlots.Propose(NineToFive("Europe/Paris"), people, MondayMorning);

        // Assert
        Assert.IsTrue(proposal.EveryoneBusy);
        Assert.AreEqual(3, proposal.Slots.Count);
        Assert.IsTrue(proposal.Slots.All(s => s.InEveryonesHours && s.People[0].BusyMinutes == 45));
    }

    [TestMethod]
    public void Window_FridayEvening_RunsTenWorkingDaysOfTheOrganizerFromTheNextQuarterHour()
    {
        // Arrange: Friday 11 December 2026, 17:07 UTC (18:07 in Paris).
        var now = new DateTimeOffset(2026, 12, 11, 17, 7, 0, TimeSpan.Zero);

        // Act
        var (start, end) = ExplorationSlots.Window(NineToFive("Europe/Paris"), now);
        var proposal = ExplorationSlots.Propose(NineToFive("Europe/Paris"), [In(Amelie, "Europe/Paris")], now);

        // Assert: ten working days later is Friday 25 December at the same local time; no slot at a weekend.
        Assert.AreEqual(new DateTimeOffset(2026, 12, 11, 17, 15, 0, TimeSpan.Zero), start);
        Assert.AreEqual(new DateTimeOffset(2026, 12, 25, 17, 15, 0, TimeSpan.Zero), end);
        Assert.AreEqual(Utc(12, 14, 8), proposal.Slots[0].Start);
        Assert.IsTrue(proposal.Slots.All(s => s.Start.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)));
    }

    [TestMethod]
    public void Slot_ElevenPmForSomeoneWhoStopsAtFive_CostsTheWholeStretch()
    {
        // Arrange / Act: 22:00–22:45 in Singapore = 14:00 UTC.
        var slot = ExplorationSlots.Slot(Utc(12, 7, 14), [In(Wei, "Asia/Singapore")]);

        // Assert: the day would have to run from 17:00 to 22:45.
        Assert.AreEqual(345, slot.MinutesOutOfHours);
        Assert.AreEqual(new DateTime(2026, 12, 7, 22, 0, 0), slot.People[0].LocalStart);
    }
}
