using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Infrastructure.Graph;
using TeamsDecisions.Infrastructure.Publishing;
using TeamsDecisions.Testing;
using static TeamsDecisions.Testing.CalendarGraphStandIn;

namespace TeamsDecisions.Infrastructure.Tests.Graph;

/// <summary>
/// AddGraph, AddDecisionPublishing, AddCalendars and AddPersonalWorkingTime composed as the app composes them, from
/// settings only: one Graph client for every feature, calendars without SharePoint, mailbox working hours whenever Graph
/// has an identity, the local run without Graph, and start-up checks that name the feature and the keys it needs.
/// </summary>
[TestClass]
public sealed class GraphRegistrationTests
{
    private const string SampleClientId = "0f5c3a4e-2b1d-4c8e-9f7a-6d5e4c3b2a19";
    private const string SharePointFeature = "SharePoint:SiteId or SharePoint:SiteUrl (decision pages in SharePoint) needs a Microsoft Graph identity";
    private const string CalendarFeature = "Calendar:Enabled=true (meeting prompts from calendars) needs a Microsoft Graph identity";
    private static readonly DateTimeOffset WindowStart = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task AddCalendars_OnlyGraphConfigured_ReaderReadsThroughGraphBaseUrlWithoutSharePoint()
    {
        // Arrange: an app registration under Graph:*, calendars on, nothing under SharePoint:*.
        await using var graph = await CalendarGraphStandIn.StartAsync();
        using var provider = GraphComposition.Provider(new Dictionary<string, string?>
        {
            ["Graph:TenantId"] = TenantId,
            ["Graph:ClientId"] = SampleClientId,
            ["Graph:ClientSecret"] = "not-a-real-secret",
            ["Graph:BaseUrl"] = graph.BaseUrl.AbsoluteUri,
            ["Calendar:Enabled"] = "true",
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // Act
        provider.GetRequiredService<IStartupValidator>().Validate();
        var reader = provider.GetRequiredService<ICalendarReader>();
        var series = await reader.RecurringSeriesAsync(OrganiserId, WindowStart, WindowStart.AddDays(28), timeout.Token);

        // Assert: the stand-in answered, so the one client went to Graph:BaseUrl; a Graph token goes to Graph only.
        Assert.IsInstanceOfType<GraphCalendarReader>(reader);
        CollectionAssert.Contains(series.Select(s => s.SeriesId).ToArray(), ArchitectureSyncId);
        Assert.IsNotEmpty(graph.Requests);
        Assert.IsTrue(graph.Requests.All(r => r.Header("Authorization") is null), "No Graph token is sent to a host other than graph.microsoft.com.");
        Assert.IsInstanceOfType<LocalDecisionPublisher>(provider.GetRequiredService<IDecisionPublisher>(), "Without SharePoint:* decision pages stay local.");
    }

    [TestMethod]
    public void AddGraph_PublishingAndCalendarsBothOn_ShareTheOneGraphServiceClient()
    {
        // Arrange
        var services = GraphComposition.Services(new Dictionary<string, string?>
        {
            ["Graph:UseManagedIdentity"] = "true",
            ["Graph:ManagedIdentityClientId"] = SampleClientId,
            ["SharePoint:SiteId"] = GraphStandIn.SiteId,
            ["Calendar:Enabled"] = "true",
        });
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        // Act
        provider.GetRequiredService<IStartupValidator>().Validate();
        var publisher = provider.GetRequiredService<IDecisionPublisher>();
        var reader = provider.GetRequiredService<ICalendarReader>();

        // Assert
        Assert.AreEqual(1, services.Count(d => d.ServiceType == typeof(GraphServiceClient)), "The Graph client is registered once.");
        Assert.IsInstanceOfType<GraphDecisionPublisher>(publisher);
        var client = provider.GetRequiredService<GraphServiceClient>();
        Assert.AreSame(client, GraphClientOf(publisher), "Publishing uses the client of AddGraph.");
        Assert.AreSame(client, GraphClientOf(reader), "Calendars use the client of AddGraph.");
    }

    [TestMethod]
    public async Task AddPersonalWorkingTime_GraphIdentityWithoutAnyFeatureSwitchedOn_ReadsMailboxesThroughTheOneGraphClient()
    {
        // Arrange: only Graph:*; neither SharePoint nor calendars.
        await using var graph = await CalendarGraphStandIn.StartAsync();
        graph.AddMailbox(Sample.Carol.Id, "Eastern Standard Time", null);
        using var provider = GraphComposition.Provider(new Dictionary<string, string?>
        {
            ["Graph:UseManagedIdentity"] = "true",
            ["Graph:BaseUrl"] = graph.BaseUrl.AbsoluteUri,
            ["Graph:WorkingHoursCacheDuration"] = "01:00:00",
        });
        provider.GetRequiredService<IStartupValidator>().Validate();

        // Act
        var people = provider.GetRequiredService<IPersonalWorkingTime>();
        var carol = await people.FindAsync(Sample.Carol, CancellationToken.None);

        // Assert
        Assert.IsInstanceOfType<GraphPersonalWorkingTime>(people);
        Assert.AreSame(provider.GetRequiredService<GraphServiceClient>(), GraphClientOf(people), "Working hours use the client of AddGraph.");
        Assert.AreEqual(TimeSpan.FromHours(-5), carol!.Zone.GetUtcOffset(WindowStart));
        Assert.AreEqual($"/v1.0/users/{Sample.Carol.Id}/mailboxSettings", graph.Requests.Single().Path);
        Assert.AreEqual(TimeSpan.FromHours(1), provider.GetRequiredService<IOptions<GraphOptions>>().Value.WorkingHoursCacheDuration);
    }

    [TestMethod]
    public async Task AddPersonalWorkingTime_NoGraphIdentity_NobodysOwnHoursAndNoGraphClientBuilt()
    {
        // Arrange: the local run.
        using var provider = GraphComposition.Provider(new Dictionary<string, string?>());
        provider.GetRequiredService<IStartupValidator>().Validate();

        // Act
        var people = provider.GetRequiredService<IPersonalWorkingTime>();
        var carol = await people.FindAsync(Sample.Carol, CancellationToken.None);

        // Assert: resolving it did not ask for the Graph client, which would throw without an identity.
        Assert.IsInstanceOfType<NoPersonalWorkingTime>(people);
        Assert.IsNull(carol);
    }

    [TestMethod]
    public void AddDecisionPublishingAddCalendarsAndAddPersonalWorkingTime_WithoutAddGraph_RegisterNoGraphClientOfTheirOwn()
    {
        // Arrange
        var services = new ServiceCollection();

        // Act
        services.AddDecisionPublishing();
        services.AddCalendars();
        services.AddPersonalWorkingTime();

        // Assert
        Assert.IsFalse(services.Any(d => d.ServiceType == typeof(GraphServiceClient)), "Only AddGraph registers the Graph client.");
    }

    [TestMethod]
    public void Validate_NothingConfigured_LocalRunStartsWithLocalPagesAndCalendarsOff()
    {
        // Arrange
        using var provider = GraphComposition.Provider(new Dictionary<string, string?>());

        // Act
        provider.GetRequiredService<IStartupValidator>().Validate();

        // Assert
        Assert.IsInstanceOfType<LocalDecisionPublisher>(provider.GetRequiredService<IDecisionPublisher>());
        Assert.IsFalse(provider.GetRequiredService<IOptions<CalendarOptions>>().Value.Enabled);
    }

    [TestMethod]
    [DataRow("SharePoint:SiteUrl", "https://contoso.sharepoint.com/sites/eng", SharePointFeature)]
    [DataRow("SharePoint:SiteId", GraphStandIn.SiteId, SharePointFeature)]
    [DataRow("Calendar:Enabled", "true", CalendarFeature)]
    public void Validate_FeatureOnWithoutGraphIdentity_FailsNamingTheFeatureAndTheGraphKeys(string key, string value, string feature)
    {
        // Arrange
        using var provider = GraphComposition.Provider(new Dictionary<string, string?> { [key] = value });

        // Act
        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        // Assert
        StringAssert.Contains(failure.Message, feature);
        StringAssert.Contains(failure.Message, "Graph:UseManagedIdentity=true");
        StringAssert.Contains(failure.Message, "Graph:TenantId, Graph:ClientId and Graph:ClientSecret");
    }

    [TestMethod]
    public void GraphServiceClient_ResolvedWithoutGraphIdentity_ThrowsNamingTheGraphKeys()
    {
        // Arrange: nothing switched on, yet something asks for Graph.
        using var provider = GraphComposition.Provider(new Dictionary<string, string?>());

        // Act
        var failure = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<GraphServiceClient>());

        // Assert
        StringAssert.Contains(failure.Message, "Graph:UseManagedIdentity=true");
        StringAssert.Contains(failure.Message, "Graph:ClientSecret");
    }

    /// <summary>The Graph client a consumer was constructed with: its one field of that type.</summary>
    private static GraphServiceClient GraphClientOf(object consumer) =>
        (GraphServiceClient)consumer.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic).Single(f => f.FieldType == typeof(GraphServiceClient)).GetValue(consumer)!;
}
