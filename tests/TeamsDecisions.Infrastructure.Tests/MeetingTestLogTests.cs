using TeamsDecisions.Core;
using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Infrastructure.Storage;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Infrastructure.Tests;

[TestClass]
public sealed class MeetingTestLogTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task ListForTeamAsync_TestsOfSeveralOrganisersAndTeams_OnlyThatTeamsNewestFirst()
    {
        // Arrange
        var harness = await StoreHarness.CreateAsync();
        var log = new TableMeetingTestLog(harness.Context);
        var team = Sample.NewTeam();
        var otherTeam = Sample.NewTeam();
        var oldest = Record(Sample.Alice, Monday, team, MeetingChoice.AsyncThread);
        var newest = Record(Sample.Bob, Monday.AddDays(2), team, MeetingChoice.Rfc);
        var middle = Record(Sample.Alice, Monday.AddDays(1), team, MeetingChoice.KeptMeeting);
        await log.RecordAsync(oldest, CancellationToken.None);
        await log.RecordAsync(newest, CancellationToken.None);
        await log.RecordAsync(middle, CancellationToken.None);
        await log.RecordAsync(Record(Sample.Alice, Monday.AddDays(3), otherTeam, MeetingChoice.Rfc), CancellationToken.None);
        await log.RecordAsync(Record(Sample.Carol, Monday.AddDays(4), team: null, MeetingChoice.Rfc), CancellationToken.None);
        var other = new TableMeetingTestLog(harness.AnotherInstance().Context);

        // Act
        var listed = await other.ListForTeamAsync(team, CancellationToken.None);
        var none = await other.ListForTeamAsync(Sample.NewTeam(), CancellationToken.None);

        // Assert
        CollectionAssert.AreEqual(new[] { newest, middle, oldest }, listed.ToArray(), "The team's tests from every organiser, newest first.");
        Assert.IsEmpty(none);
    }

    [TestMethod]
    public async Task ListAsync_TestsRecordedWithTeams_OrganiserSeesEachOnceWithoutTeamCopies()
    {
        // Arrange
        var harness = await StoreHarness.CreateAsync();
        var log = new TableMeetingTestLog(harness.Context);
        var team = Sample.NewTeam();
        var first = Record(Sample.Alice, Monday, team, MeetingChoice.AsyncThread);
        var second = Record(Sample.Alice, Monday.AddHours(1), team: null, MeetingChoice.KeptMeeting);
        await log.RecordAsync(first, CancellationToken.None);
        await log.RecordAsync(second, CancellationToken.None);
        await log.RecordAsync(Record(Sample.Bob, Monday.AddHours(2), team, MeetingChoice.Rfc), CancellationToken.None);

        // Act
        var alices = await log.ListAsync(new UserRef(Sample.Alice.Id.ToLowerInvariant(), "Alice"), CancellationToken.None);

        // Assert
        CollectionAssert.AreEqual(new[] { second, first }, alices.ToArray());
    }

    private static MeetingTestRecord Record(UserRef organiser, DateTimeOffset at, TeamId? team, MeetingChoice choice) =>
        new(organiser, at, "Weekly sync " + at.ToString("O", System.Globalization.CultureInfo.InvariantCulture), MeetingPurpose.StatusUpdate, MeetingVerdict.MakeItAThread, choice, "Nothing to decide", team);
}
