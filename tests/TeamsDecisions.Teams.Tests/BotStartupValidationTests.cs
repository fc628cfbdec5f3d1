using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TeamsDecisions.Teams.Tests.Support;

namespace TeamsDecisions.Teams.Tests;

/// <summary>AddTeamsBot() + ValidateOnStart: configuration mistakes stop the host at start-up, naming the key.</summary>
[TestClass]
public sealed class BotStartupValidationTests
{
    [TestMethod]
    public async Task StartAsync_LocalModeInProduction_FailsNamingAppId()
    {
        // Arrange
        using var host = BotHost.Build(new Dictionary<string, string?>(), environment: Environments.Production);

        // Act
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        // Assert
        Assert.Contains("Bot:AppId", error.Message);
    }

    [TestMethod]
    public async Task StartAsync_LocalModeInDevelopment_Starts()
    {
        // Arrange
        using var host = BotHost.Build(new Dictionary<string, string?>(), environment: Environments.Development);

        // Act
        await host.StartAsync();

        // Assert
        Assert.IsTrue(host.Services.GetService(typeof(IOptions<BotOptions>)) is IOptions<BotOptions> { Value.IsLocalMode: true });
        await host.StopAsync();
    }

    [TestMethod]
    [DataRow("Production")]
    [DataRow("Development")]
    public async Task StartAsync_AppIdWithoutCredential_FailsNamingClientSecret(string environment)
    {
        // Arrange
        using var host = BotHost.Build(new Dictionary<string, string?> { ["Bot:AppId"] = Sample.AppId }, environment);

        // Act
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        // Assert
        Assert.Contains("Bot:ClientSecret", error.Message);
    }

    [TestMethod]
    public async Task StartAsync_AppIdWithSecretAndCertificate_Fails()
    {
        // Arrange
        using var host = BotHost.Build(new Dictionary<string, string?>
        {
            ["Bot:AppId"] = Sample.AppId,
            ["Bot:ClientSecret"] = "secret",
            ["Bot:CertificatePath"] = "/certs/bot.pfx",
        });

        // Act
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        // Assert
        Assert.Contains("exactly one", error.Message);
    }

    [TestMethod]
    public async Task StartAsync_AppIdWithSecretInProduction_Starts()
    {
        // Arrange
        using var host = BotHost.Build(new Dictionary<string, string?> { ["Bot:AppId"] = Sample.AppId, ["Bot:ClientSecret"] = "secret" }, Environments.Production);

        // Act
        await host.StartAsync();

        // Assert
        Assert.IsTrue(host.Services.GetService(typeof(IOptions<BotOptions>)) is IOptions<BotOptions> { Value.IsLocalMode: false });
        await host.StopAsync();
    }

    [TestMethod]
    public async Task StartAsync_PlainHttpMetadataUrlOffLoopback_FailsNamingOpenIdMetadataUrl()
    {
        // Arrange
        using var host = BotHost.Build(new Dictionary<string, string?>
        {
            ["Bot:AppId"] = Sample.AppId,
            ["Bot:ClientSecret"] = "secret",
            ["Bot:OpenIdMetadataUrl"] = "http://login.botframework.com/v1/.well-known/openidconfiguration",
        });

        // Act
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        // Assert
        Assert.Contains("Bot:OpenIdMetadataUrl", error.Message);
    }
}
