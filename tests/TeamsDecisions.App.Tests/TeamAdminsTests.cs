using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using TeamsDecisions.App.Bot;
using TeamsDecisions.Core;
using TeamsDecisions.Teams.Connector;
using TeamsDecisions.Testing;

namespace TeamsDecisions.App.Tests;

/// <summary>
/// Who may change a team's settings: the roster's owners and the people in Teams:Admins, read through a mocked
/// Connector whose roster has Alice (owner), Bob (user), Carol (guest) and Dana (no role sent).
/// </summary>
[TestClass]
public sealed class TeamAdminsTests
{
    private static readonly TeamId Team = new("19:platformgeneral@thread.tacv2");
    private static readonly Uri ServiceUrl = new("https://smba.trafficmanager.net/emea/");
    private static readonly UserRef Outsider = new("7d3c1b2a-9e8f-4a6b-8c5d-4e3f2a1b0c9d", "Olu Outsider");

    private readonly Mock<IConnectorClient> connector = new(MockBehavior.Strict);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    [TestInitialize]
    public void Roster() =>
        connector
            .Setup(c => c.GetAllMembersAsync(ServiceUrl, Team.Value, It.IsAny<CancellationToken>()))
            .ReturnsAsync(
            [
                new TeamsMember { Id = "29:1alice", Name = Sample.Alice.DisplayName, ObjectId = Sample.Alice.Id, UserRole = TeamsUserRoles.Owner },
                new TeamsMember { Id = "29:1bob", Name = Sample.Bob.DisplayName, ObjectId = Sample.Bob.Id, UserRole = TeamsUserRoles.User },
                new TeamsMember { Id = "29:1carol", Name = Sample.Carol.DisplayName, AadObjectId = Sample.Carol.Id, UserRole = TeamsUserRoles.Guest },
                new TeamsMember { Id = "29:1dana", Name = Sample.Dana.DisplayName, ObjectId = Sample.Dana.Id },
            ]);

    [TestMethod]
    public async Task CanChangeSettings_TeamOwner_Yes()
    {
        // Act
        var access = await Admins().CanChangeSettingsAsync(Team, ServiceUrl, Sample.Alice, CancellationToken.None);

        // Assert
        Assert.IsTrue(access.CanChange);
        Assert.AreEqual(SettingsAccessReason.TeamOwner, access.Reason);
    }

    [TestMethod]
    public async Task CanChangeSettings_Member_NoAndSaysWhoCan()
    {
        // Act
        var access = await Admins().CanChangeSettingsAsync(Team, ServiceUrl, Sample.Bob, CancellationToken.None);

        // Assert
        Assert.IsFalse(access.CanChange);
        Assert.AreEqual(SettingsAccessReason.NotOwner, access.Reason);
        StringAssert.Contains(access.Explanation, "ask an owner of this team");
    }

    [TestMethod]
    public async Task CanChangeSettings_Guest_No()
    {
        // Act
        var access = await Admins().CanChangeSettingsAsync(Team, ServiceUrl, Sample.Carol, CancellationToken.None);

        // Assert
        Assert.IsFalse(access.CanChange);
        Assert.AreEqual(SettingsAccessReason.NotOwner, access.Reason);
    }

    [TestMethod]
    public async Task CanChangeSettings_NoRoleSentOrNotInTheRoster_No()
    {
        // Act
        var dana = await Admins().CanChangeSettingsAsync(Team, ServiceUrl, Sample.Dana, CancellationToken.None);
        var outsider = await Admins().CanChangeSettingsAsync(Team, ServiceUrl, Outsider, CancellationToken.None);

        // Assert
        Assert.IsFalse(dana.CanChange);
        Assert.IsFalse(outsider.CanChange);
    }

    [TestMethod]
    public async Task CanChangeSettings_ListedAdminWhoIsNotInTheTeam_YesWithoutAskingTeams()
    {
        // Act
        var access = await Admins(Outsider.Id.ToUpperInvariant()).CanChangeSettingsAsync(Team, ServiceUrl, Outsider, CancellationToken.None);

        // Assert
        Assert.IsTrue(access.CanChange);
        Assert.AreEqual(SettingsAccessReason.ListedAdmin, access.Reason);
        connector.Verify(c => c.GetAllMembersAsync(It.IsAny<Uri>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [TestMethod]
    public async Task CanChangeSettings_ConnectorUnreachable_ReadOnlyWithAClearAnswerNotACrash()
    {
        // Arrange
        connector
            .Setup(c => c.GetAllMembersAsync(ServiceUrl, Team.Value, It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ConnectorException("The Bot Connector could not be reached: connection refused.", new HttpRequestException("Connection refused")));

        // Act
        var access = await Admins().CanChangeSettingsAsync(Team, ServiceUrl, Sample.Alice, CancellationToken.None);

        // Assert
        Assert.IsFalse(access.CanChange);
        Assert.AreEqual(SettingsAccessReason.RosterUnavailable, access.Reason);
        StringAssert.Contains(access.Explanation, "Teams could not be reached");
    }

    [TestMethod]
    public async Task CanChangeSettings_FailureThenRecovery_FailureIsNotCached()
    {
        // Arrange: the first read fails, the second succeeds.
        var cache = new TeamRosterCache();
        var sequence = connector.SetupSequence(c => c.GetAllMembersAsync(ServiceUrl, Team.Value, It.IsAny<CancellationToken>()));
        sequence.ThrowsAsync(new ConnectorException("503", 503));
        sequence.ReturnsAsync([new TeamsMember { ObjectId = Sample.Alice.Id, UserRole = TeamsUserRoles.Owner }]);
        await Admins(cache: cache).CanChangeSettingsAsync(Team, ServiceUrl, Sample.Alice, CancellationToken.None);

        // Act
        var access = await Admins(cache: cache).CanChangeSettingsAsync(Team, ServiceUrl, Sample.Alice, CancellationToken.None);

        // Assert
        Assert.IsTrue(access.CanChange);
    }

    [TestMethod]
    public async Task CanChangeSettings_TwiceWithinTheCacheDuration_RosterReadOnceThenAgainAfterIt()
    {
        // Arrange
        var cache = new TeamRosterCache();
        await Admins(cache: cache).CanChangeSettingsAsync(Team, ServiceUrl, Sample.Alice, CancellationToken.None);

        // Act
        await Admins(cache: cache).CanChangeSettingsAsync(Team, ServiceUrl, Sample.Bob, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(5));
        await Admins(cache: cache).CanChangeSettingsAsync(Team, ServiceUrl, Sample.Bob, CancellationToken.None);

        // Assert
        connector.Verify(c => c.GetAllMembersAsync(ServiceUrl, Team.Value, It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [TestMethod]
    public void Options_AdminIsNotAnObjectId_FailsNamingTheKey()
    {
        // Arrange
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Teams:Admins:0"] = Sample.Alice.Id,
            ["Teams:Admins:1"] = "alice@contoso.com",
        }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddTeamAdmins().BuildServiceProvider();

        // Act
        var error = Assert.ThrowsExactly<OptionsValidationException>(() => services.GetRequiredService<IOptions<TeamAdminsOptions>>().Value);

        // Assert
        StringAssert.Contains(error.Message, "Teams:Admins:1");
        StringAssert.Contains(error.Message, "object id");
    }

    [TestMethod]
    public void Options_AdminsListed_BoundFromConfiguration()
    {
        // Arrange
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Teams:Admins:0"] = Sample.Alice.Id }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddTeamAdmins().BuildServiceProvider();

        // Act
        var options = services.GetRequiredService<IOptions<TeamAdminsOptions>>().Value;

        // Assert
        CollectionAssert.AreEqual(new[] { Sample.Alice.Id }, options.Admins.ToArray());
    }

    private TeamAdmins Admins(string? admin = null, TeamRosterCache? cache = null)
    {
        var options = new TeamAdminsOptions();
        if (admin is not null)
        {
            options.Admins.Add(admin);
        }

        return new TeamAdmins(connector.Object, cache ?? new TeamRosterCache(), Options.Create(options), clock, NullLogger<TeamAdmins>.Instance);
    }
}
