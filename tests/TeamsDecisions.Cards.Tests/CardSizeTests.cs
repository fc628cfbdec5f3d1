using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.Cards.Tests;

[TestClass]
public sealed class CardSizeTests
{
    /// <summary>Teams rejects bot messages over ~100 KB; we keep every card under 40 KB of JSON.</summary>
    private const int Budget = 40 * 1024;

    [TestMethod]
    [DynamicData(nameof(Gallery.Names), typeof(Gallery))]
    public void GalleryCard_Serialized_StaysUnder40KB(string name)
    {
        // Act
        var size = CardJson.SizeInBytes(Gallery.Card(name));

        // Assert
        Assert.IsLessThan(Budget, size, $"{name} is {size:N0} bytes.");
    }

    [TestMethod]
    [DataRow("rfc-large-shared")]
    [DataRow("rfc-large-decider")]
    [DataRow("rfc-large-voter")]
    [DataRow("resolve-form-large")]
    [DataRow("final-large")]
    public void LargeRfc_1000Voters500Comments50Concerns_IsSummarisedUnder40KB(string name)
    {
        // Arrange
        var card = Gallery.Card(name);
        var json = CardJson.Serialize(card);

        // Assert: the size, and that it summarises instead of listing everything.
        Assert.IsLessThan(Budget, CardJson.SizeInBytes(card));
        Assert.IsLessThanOrEqualTo(CardRefresh.MaxUserIds, card.Refresh?.UserIds.Count ?? 0);
        if (name.StartsWith("rfc-", StringComparison.Ordinal))
        {
            StringAssert.Contains(json, "500 comments");
            StringAssert.Contains(json, $"and {50 - RfcCard.ConcernsShown} more open concerns");
            Assert.DoesNotContain("Comment 1:", json, "Old comments are not listed on the card.");
        }
    }
}
