using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Teams.Connector;
using TeamsDecisions.Testing;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// The real app on Kestrel in local mode (the tab's caller is the configured developer, whose id is Alice's), on its
/// own Azurite tables, the Connector mocked for rosters, the clock at <see cref="TabSeed.Start"/> until a seed moves it to <see cref="TabSeed.Now"/>.
/// </summary>
internal sealed class TabApiApp() : LocalModeApp("tab")
{
    public const string Tenant = RfcActionsApp.Tenant;
    public const string OtherTenant = RfcActionsApp.OtherTenant;

    private readonly Mock<IConnectorClient> connector = new(MockBehavior.Loose);

    public FakeTimeProvider Clock { get; } = new(TabSeed.Start);

    /// <summary>Replaces the RFC store (our port), when set: e.g. one that does not answer.</summary>
    public IRfcStore? Store { get; init; }

    /// <summary>A team of <paramref name="tenant"/> with the app installed, whose roster is <paramref name="members"/>.</summary>
    public async Task<TeamId> InstallTeamAsync(string name, string tenant, params UserRef[] members)
    {
        var team = Sample.NewTeam();
        await Services.GetRequiredService<IConversationStore>().SaveTeamAsync(
            new TeamConversation(team, tenant, name, new Uri(RfcActionsApp.ServiceUrl), team.Value), CancellationToken.None);
        connector
            .Setup(c => c.GetAllMembersAsync(It.IsAny<Uri>(), team.Value, It.IsAny<CancellationToken>()))
            .ReturnsAsync([.. members.Select(m => new TeamsMember { Id = "29:1" + m.Id, Name = m.DisplayName, AadObjectId = m.Id, UserRole = TeamsUserRoles.User })]);
        return team;
    }

    /// <summary>Seeds the teams' history (<see cref="TabSeed"/>): once per app, the clock only goes forward.</summary>
    public Task SeedAsync(params TeamId[] teams) => TabSeed.SeedAsync(Services.GetRequiredService<RfcService>(), Services.GetRequiredService<Core.Meetings.IMeetingTestLog>(), Clock, teams);

    public async Task<(int Status, string Body)> GetAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<JsonObject> GetJsonAsync(string path)
    {
        var (status, body) = await GetAsync(path);
        Assert.AreEqual(200, status, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    protected override void ReplaceServices(IServiceCollection services)
    {
        services.AddSingleton(connector.Object);
        services.AddSingleton<TimeProvider>(Clock);
        if (Store is not null)
        {
            services.AddSingleton(Store);
        }
    }
}
