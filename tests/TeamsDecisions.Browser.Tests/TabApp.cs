using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;
using TeamsDecisions.App.Tabs;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Application;
using TeamsDecisions.Core.Meetings;
using TeamsDecisions.Core.Metrics;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Teams.Connector;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Browser.Tests;

/// <summary>
/// The real app on Kestrel at a free 127.0.0.1 port in local mode (no Bot:AppId, no TabAuth:ClientId: the tab's caller
/// is the configured developer, whose id is Alice's), on Azurite with its own tables, the Connector mocked for the
/// team's roster, and a fake clock the seed moves from July to Monday 2 November 2026 09:00 UTC.
/// </summary>
internal sealed class TabApp : WebApplicationFactory<Program>
{
    public const string TeamName = "Platform Engineering";

    private readonly Mock<IConnectorClient> connector = new(MockBehavior.Loose);
    private readonly string tablePrefix = "tab" + Guid.NewGuid().ToString("N")[..10];
    private readonly string pages = Path.Combine(Path.GetTempPath(), "teamsdecisions-tab-" + Guid.NewGuid().ToString("N")[..8]);

    private readonly IReadOnlyDictionary<string, string?> settings;

    /// <summary>The app; <paramref name="settings"/> adds to the storage settings (e.g. TabAuth:* to leave local mode).</summary>
    public TabApp(IReadOnlyDictionary<string, string?>? settings = null)
    {
        this.settings = settings ?? new Dictionary<string, string?>();
        UseKestrel();
    }

    public FakeTimeProvider Clock { get; } = new(TabSeed.Start);

    public TeamId Team { get; private set; }

    public Uri BaseAddress
    {
        get
        {
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        }
    }

    /// <summary>Installs the team (its roster: the developer, Bob, Carol, Dana) and seeds its history through <see cref="RfcService"/>.</summary>
    public async Task SeedAsync()
    {
        StartServer();
        Team = Sample.NewTeam();
        await Services.GetRequiredService<IConversationStore>().SaveTeamAsync(
            new TeamConversation(Team, new TabAuthOptions().LocalTenantId, TeamName, new Uri("http://127.0.0.1:9/_connector/"), Team.Value), CancellationToken.None);
        var members = new[] { Sample.Alice, Sample.Bob, Sample.Carol, Sample.Dana };
        connector
            .Setup(c => c.GetAllMembersAsync(It.IsAny<Uri>(), Team.Value, It.IsAny<CancellationToken>()))
            .ReturnsAsync([.. members.Select(m => new TeamsMember { Id = "29:1" + m.Id, Name = m.DisplayName, AadObjectId = m.Id, UserRole = TeamsUserRoles.User })]);
        await TabSeed.SeedAsync(Services.GetRequiredService<RfcService>(), Services.GetRequiredService<IMeetingTestLog>(), Clock, Team);
    }

    /// <summary>Core's figures for what the store holds about the team, at the app's now, in the team's zone (UTC).</summary>
    public async Task<TeamMetrics> CoreMetricsAsync()
    {
        var store = Services.GetRequiredService<IRfcStore>();
        var rfcs = new List<Rfc>();
        foreach (var summary in await store.ListAsync(Team, null, CancellationToken.None))
        {
            rfcs.Add((await store.FindAsync(summary.Id, CancellationToken.None))!);
        }

        var settings = await Services.GetRequiredService<ITeamSettingsStore>().GetAsync(Team, CancellationToken.None);
        var tests = await Services.GetRequiredService<IMeetingTestLog>().ListForTeamAsync(Team, CancellationToken.None);
        return TeamMetricsCalculator.Compute([new TeamMetricsInput(settings, rfcs, tests)], TimeZoneInfo.Utc, Clock.GetUtcNow());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(pages))
        {
            Directory.Delete(pages, recursive: true);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseUrls("http://127.0.0.1:0");
        builder.ConfigureAppConfiguration((_, config) =>
        {
            config.Sources.Clear();
            config.AddInMemoryCollection(new Dictionary<string, string?>(settings)
            {
                ["Storage:ConnectionString"] = BrowserAssembly.Azurite.ConnectionString,
                ["Storage:TablePrefix"] = tablePrefix,
                ["Publishing:LocalFolder"] = pages,
            });
        });
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(connector.Object);
            services.AddSingleton<TimeProvider>(Clock);
        });
    }
}
