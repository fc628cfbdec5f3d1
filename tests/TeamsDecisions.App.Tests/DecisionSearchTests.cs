using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Search;
using TeamsDecisions.Testing;

namespace TeamsDecisions.App.Tests;

[TestClass]
public sealed class DecisionSearchTests
{
    [TestMethod]
    public async Task App_DecisionResolvedThroughTheApp_IsFoundThroughItsSearchWithinTwoSeconds()
    {
        // Arrange
        await using var host = AppHost.WithAzurite();
        var services = host.Services;
        var team = Sample.NewTeam();
        await services.GetRequiredService<IConversationStore>().SaveTeamAsync(new TeamConversation(team, "tenant-a", "Search", new Uri("https://smba.example/"), team.Value), CancellationToken.None);
        var rfcs = services.GetRequiredService<RfcService>();
        var search = services.GetRequiredService<IDecisionSearch>();
        var rfc = await rfcs.ProposeAsync(new CommandContext(Sample.Alice), team, Sample.Proposal("Adopt Kafka for order events"), asDraft: false, CancellationToken.None);

        // Act
        await rfcs.ResolveAsync(new CommandContext(Sample.Bob), rfc.Rfc.Id, Sample.Accept("Agreed in review"), CancellationToken.None);
        var watch = Stopwatch.StartNew();
        IReadOnlyList<SearchHit> hits;
        do
        {
            hits = await search.SearchAsync("kafka", new SearchScope("tenant-a", [team]), 10, CancellationToken.None);
            await Task.Delay(20);
        }
        while ((hits.Count == 0 || hits[0].Decision is null) && watch.Elapsed < TimeSpan.FromSeconds(2));

        // Assert
        Assert.AreEqual(new DecisionNumber(1), hits.Single().Decision);
    }
}
