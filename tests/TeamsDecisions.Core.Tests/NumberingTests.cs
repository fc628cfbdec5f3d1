using System.Text.Json;

namespace TeamsDecisions.Core.Tests;

[TestClass]
public sealed class NumberingTests
{
    [TestMethod]
    [DataRow(1, "RFC-0001")]
    [DataRow(42, "RFC-0042")]
    [DataRow(12345, "RFC-12345")]
    public void RfcNumber_ToString_ShowsPrefixAndFourDigits(int value, string expected)
    {
        // Arrange
        var number = new RfcNumber(value);

        // Act
        var text = number.ToString();

        // Assert
        Assert.AreEqual(expected, text);
    }

    [TestMethod]
    [DataRow(1, "DEC-0001")]
    [DataRow(42, "DEC-0042")]
    public void DecisionNumber_ToString_ShowsPrefixAndFourDigits(int value, string expected)
    {
        // Arrange
        var number = new DecisionNumber(value);

        // Act
        var text = number.ToString();

        // Assert
        Assert.AreEqual(expected, text);
    }

    [TestMethod]
    [DataRow("RFC-0007", 7)]
    [DataRow("rfc-7", 7)]
    [DataRow(" RFC-0123 ", 123)]
    [DataRow("42", 42)]
    public void RfcNumber_TryParse_ValidText_ReturnsNumber(string text, int expected)
    {
        // Act
        var parsed = RfcNumber.TryParse(text, out var number);

        // Assert
        Assert.IsTrue(parsed);
        Assert.AreEqual(expected, number.Value);
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("RFC-")]
    [DataRow("RFC-0")]
    [DataRow("RFC--1")]
    [DataRow("RFC-1a")]
    [DataRow("DEC-0001")]
    [DataRow("RFC-99999999999")]
    public void RfcNumber_TryParse_InvalidText_ReturnsFalse(string? text)
    {
        // Act
        var parsed = RfcNumber.TryParse(text, out _);

        // Assert
        Assert.IsFalse(parsed);
    }

    [TestMethod]
    [DataRow("DEC-0042", 42)]
    [DataRow("dec-3", 3)]
    public void DecisionNumber_TryParse_ValidText_ReturnsNumber(string text, int expected)
    {
        // Act
        var parsed = DecisionNumber.TryParse(text, out var number);

        // Assert
        Assert.IsTrue(parsed);
        Assert.AreEqual(new DecisionNumber(expected), number);
    }

    [TestMethod]
    [DataRow("RFC-0001")]
    [DataRow("DEC-0000")]
    [DataRow("DEC-x")]
    public void DecisionNumber_TryParse_InvalidText_ReturnsFalse(string text)
    {
        // Act
        var parsed = DecisionNumber.TryParse(text, out _);

        // Assert
        Assert.IsFalse(parsed);
    }

    [TestMethod]
    public void Numbers_BelowOne_AreRefused()
    {
        // Act / Assert
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RfcNumber(0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new DecisionNumber(-1));
    }

    [TestMethod]
    public void Numbers_Json_WrittenAsDisplayTextAndReadBack()
    {
        // Arrange
        var id = new RfcId(Given.Team, new RfcNumber(12));

        // Act
        var json = JsonSerializer.Serialize(new { id, Decision = new DecisionNumber(3) });
        var back = JsonSerializer.Deserialize<RfcId>(JsonSerializer.Serialize(id));

        // Assert
        StringAssert.Contains(json, "\"RFC-0012\"");
        StringAssert.Contains(json, "\"DEC-0003\"");
        Assert.AreEqual(id, back);
    }

    [TestMethod]
    public void UserRef_SameIdDifferentCaseAndName_AreTheSamePerson()
    {
        // Arrange
        var shouting = new UserRef("ALICE-ID", "Alice (mobile)");

        // Act / Assert
        Assert.IsTrue(shouting.Is(Given.Alice));
        Assert.AreEqual(Given.Alice, shouting);
        Assert.AreEqual(Given.Alice.GetHashCode(), shouting.GetHashCode());
        Assert.AreNotEqual(Given.Alice, Given.Bob);
    }
}
