using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TeamsDecisions.Infrastructure.Graph;

namespace TeamsDecisions.Infrastructure.Tests.Graph;

/// <summary>The Graph:* start-up check on its own: one complete identity or none, Graph's own address, a sane cache duration.</summary>
[TestClass]
public sealed class GraphOptionsTests
{
    [TestMethod]
    [DataRow("", false)]
    [DataRow("Graph:UseManagedIdentity=true", true)]
    [DataRow("Graph:UseManagedIdentity=true|Graph:ManagedIdentityClientId=0f5c3a4e-2b1d-4c8e-9f7a-6d5e4c3b2a19", true)]
    [DataRow("Graph:TenantId=72f988bf-86f1-41af-91ab-2d7cd011db47|Graph:ClientId=0f5c3a4e-2b1d-4c8e-9f7a-6d5e4c3b2a19|Graph:ClientSecret=s", true)]
    [DataRow("Graph:UseManagedIdentity=true|Graph:BaseUrl=http://127.0.0.1:5123/v1.0", true)]
    public void Validate_OneCompleteIdentityOrNone_Passes(string settings, bool hasIdentity)
    {
        // Arrange
        using var provider = GraphComposition.Provider(GraphComposition.Parse(settings));

        // Act
        provider.GetRequiredService<IStartupValidator>().Validate();

        // Assert
        Assert.AreEqual(hasIdentity, provider.GetRequiredService<IOptions<GraphOptions>>().Value.HasIdentity);
    }

    [TestMethod]
    [DataRow("Graph:UseManagedIdentity=true|Graph:TenantId=t|Graph:ClientId=c|Graph:ClientSecret=s", "Graph:UseManagedIdentity=true or Graph:ClientSecret, not both")]
    [DataRow("Graph:ManagedIdentityClientId=0f5c3a4e-2b1d-4c8e-9f7a-6d5e4c3b2a19", "Graph:ManagedIdentityClientId needs Graph:UseManagedIdentity=true")]
    [DataRow("Graph:ClientId=c|Graph:ClientSecret=s", "Graph:ClientSecret needs Graph:ClientId and Graph:TenantId")]
    [DataRow("Graph:TenantId=t|Graph:ClientId=c", "need Graph:ClientSecret")]
    [DataRow("Graph:BaseUrl=https://graph.example.com/v1.0", "Graph:BaseUrl must be https://graph.microsoft.com/v1.0")]
    [DataRow("Graph:BaseUrl=http://graph.microsoft.com/v1.0", "Graph:BaseUrl must be https://graph.microsoft.com/v1.0")]
    [DataRow("Graph:WorkingHoursCacheDuration=00:00:00", "Graph:WorkingHoursCacheDuration must be a positive time span")]
    [DataRow("Graph:WorkingHoursCacheDuration=8.00:00:00", "Graph:WorkingHoursCacheDuration must be a positive time span")]
    public void Validate_IncompleteOrContradictoryGraphSettings_FailsNamingTheKey(string settings, string expected)
    {
        // Arrange
        using var provider = GraphComposition.Provider(GraphComposition.Parse(settings));

        // Act
        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        // Assert
        StringAssert.Contains(failure.Message, expected);
    }
}
