using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.Cards.Tests;

/// <summary>The gallery, built once, as test data rows: one test case per card.</summary>
internal static class Gallery
{
    private static readonly Lazy<IReadOnlyList<GalleryCard>> Cards = new(CardGallery.Build);

    public static IReadOnlyList<GalleryCard> All => Cards.Value;

    public static IEnumerable<object[]> Names => All.Select(c => new object[] { c.Name });

    public static AdaptiveCard Card(string name) => All.Single(c => c.Name == name).Card;

    public static string Json(string name) => CardJson.Serialize(Card(name));
}
