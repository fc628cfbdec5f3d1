using TeamsDecisions.Cards.Builders;

namespace TeamsDecisions.Cards.Tests;

[TestClass]
public sealed class CardTextTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    [TestMethod]
    [DataRow(5 * 24 * 60 * 60 - 1, "in 5 days")]
    [DataRow(5 * 24 * 60 * 60, "in 5 days")]
    [DataRow((4 * 24 * 60 * 60) + (13 * 60 * 60), "in 5 days")]
    [DataRow((4 * 24 * 60 * 60) + (11 * 60 * 60), "in 4 days")]
    [DataRow(48 * 60 * 60 - 60, "in 2 days")]
    [DataRow(47 * 60 * 60, "in 47 hours")]
    [DataRow(2 * 60 * 60 - 10, "in 2 hours")]
    [DataRow(119 * 60, "in 119 minutes")]
    [DataRow(90, "in 2 minutes")]
    [DataRow(60, "in a moment")]
    [DataRow(-3 * 24 * 60 * 60, "3 days ago")]
    public void Relative_Span_RoundsToTheNearestUnit(int seconds, string expected)
    {
        Assert.AreEqual(expected, CardText.Relative(Now.AddSeconds(seconds), Now));
    }

    [TestMethod]
    [DataRow(0, "0 open RFCs")]
    [DataRow(1, "1 open RFC")]
    [DataRow(2, "2 open RFCs")]
    [DataRow(1200, "1,200 open RFCs")]
    public void Count_Number_ChoosesSingularOnlyForOne(int n, string expected)
    {
        Assert.AreEqual(expected, CardText.Count(n, "open RFC", "open RFCs"));
    }
}
