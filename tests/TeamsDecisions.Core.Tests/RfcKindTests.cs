using System.Text.Json;
using System.Text.Json.Nodes;
using TeamsDecisions.Core.Norms;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Core.Tests;

[TestClass]
public sealed class RfcKindTests
{
    [TestMethod]
    [DataRow(null, RfcKind.DesignReview, DisplayName = "Not given: design review")]
    [DataRow(RfcKind.DesignReview, RfcKind.DesignReview)]
    [DataRow(RfcKind.Routine, RfcKind.Routine)]
    public void Propose_Kind_KeptOnTheRfc(RfcKind? kind, RfcKind expected)
    {
        // Arrange
        var proposal = kind is { } given ? Given.Proposal() with { Kind = given } : Given.Proposal();

        // Act
        var (rfc, _) = Rfc.Propose(Given.Id(), Given.Alice, proposal, RfcLimits.DefaultWindowDays, Given.Start);

        // Assert
        Assert.AreEqual(expected, rfc.Kind);
        Assert.AreEqual(expected, rfc.ToCore().Kind);
        Assert.AreEqual(expected, rfc.Copy().Kind);
    }

    [TestMethod]
    public void Propose_UnknownKind_RefusedNamingTheField()
    {
        // Act
        var refusal = Assert.ThrowsExactly<DomainRuleException>(() => Rfc.Propose(Given.Id(), Given.Alice, Given.Proposal() with { Kind = (RfcKind)7 }, RfcLimits.DefaultWindowDays, Given.Start));

        // Assert
        Assert.AreEqual(Rules.RfcUnknownKind, refusal.Rule);
        Assert.AreEqual("kind", refusal.Field);
    }

    [TestMethod]
    public void Json_RfcCoreStoredBeforeKinds_ReadsAsDesignReview()
    {
        // Arrange
        var rfc = Rfc.Propose(Given.Id(), Given.Alice, Given.Proposal() with { Kind = RfcKind.Routine }, RfcLimits.DefaultWindowDays, Given.Start).Rfc;
        var json = JsonNode.Parse(JsonSerializer.Serialize(rfc.ToCore()))!.AsObject();
        json.Remove(nameof(RfcCore.Kind));

        // Act
        var back = json.Deserialize<RfcCore>()!;

        // Assert
        Assert.AreEqual(RfcKind.DesignReview, back.Kind);
    }

    [TestMethod]
    [DataRow("UTC", "2025-03-03 09:00", 5, "2025-03-10T09:00+00:00", DisplayName = "Monday plus five working days is next Monday")]
    [DataRow("Europe/Paris", "2026-03-27 16:00", 1, "2026-03-30T16:00+02:00", DisplayName = "Friday plus one working day over the spring change")]
    [DataRow("America/New_York", "2026-10-30 17:00", 2, "2026-11-03T17:00-05:00", DisplayName = "Friday plus two working days over the autumn change")]
    [DataRow("Asia/Kolkata", "2026-03-07 10:00", 1, "2026-03-09T10:00+05:30", DisplayName = "Opened Saturday: Monday is the first working day")]
    public void Open_TeamCalendar_ClosesSameLocalTimeNWorkingDaysLater(string zone, string opened, int days, string expected)
    {
        // Arrange
        var at = ResponsePolicyTests.Local(zone, opened);
        var calendar = new WorkingTime(TimeZoneInfo.FindSystemTimeZoneById(zone), WeekDaysExtensions.MondayToFriday, new TimeOnly(8, 0), new TimeOnly(18, 0));
        var rfc = Rfc.Propose(Given.Id(), Given.Alice, Given.Proposal(windowDays: days), RfcLimits.DefaultWindowDays, at).Rfc;

        // Act
        rfc.Open(Given.Alice, at, calendar);

        // Assert
        Assert.AreEqual(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), rfc.Window!.ClosesAt);
    }

    [TestMethod]
    public void ExtendWindow_TeamCalendar_AddsWorkingDaysFromTheClose()
    {
        // Arrange: a Paris RFC closing Friday 27 March 16:00.
        var calendar = new WorkingTime(TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"), WeekDaysExtensions.MondayToFriday, new TimeOnly(8, 0), new TimeOnly(18, 0));
        var at = ResponsePolicyTests.Local("Europe/Paris", "2026-03-26 16:00");
        var rfc = Rfc.Propose(Given.Id(), Given.Alice, Given.Proposal(windowDays: 1), RfcLimits.DefaultWindowDays, at).Rfc;
        rfc.Open(Given.Alice, at, calendar);

        // Act
        rfc.ExtendWindow(Given.Bob, 2, "Security review", at.AddHours(1), calendar);

        // Assert
        Assert.AreEqual(ResponsePolicyTests.Local("Europe/Paris", "2026-03-31 16:00"), rfc.Window!.ClosesAt);
    }
}
