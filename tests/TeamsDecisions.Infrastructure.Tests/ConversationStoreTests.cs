using Microsoft.Extensions.Time.Testing;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Infrastructure.Storage;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Infrastructure.Tests;

[TestClass]
public sealed class ConversationStoreTests
{
    [TestMethod]
    public async Task ListTeamsAsync_TwoTeamsInstalledAndAThreadMapped_ListsTheTeamsOnly()
    {
        // Arrange
        var harness = await StoreHarness.CreateAsync();
        var store = new TableConversationStore(harness.Context, new FakeTimeProvider());
        var first = new TeamConversation(Sample.NewTeam(), "tenant-1", "Platform", new Uri("https://smba.trafficmanager.net/emea/"), "19:general-1");
        var second = new TeamConversation(Sample.NewTeam(), "tenant-2", "Payments", new Uri("https://smba.trafficmanager.net/amer/"), "19:general-2");
        await store.SaveTeamAsync(first, CancellationToken.None);
        await store.SaveTeamAsync(second, CancellationToken.None);
        await store.MapThreadAsync("19:general-1", "1730538412345", new Core.RfcId(first.Team, new Core.RfcNumber(1)), CancellationToken.None);

        // Act
        var teams = await new TableConversationStore(harness.AnotherInstance().Context, new FakeTimeProvider()).ListTeamsAsync(CancellationToken.None);

        // Assert
        CollectionAssert.AreEquivalent(new[] { first, second }, teams.ToArray());
    }
}
