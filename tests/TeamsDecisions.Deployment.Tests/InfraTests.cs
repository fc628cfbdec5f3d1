using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TeamsDecisions.App.Notifications;
using TeamsDecisions.Infrastructure;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Deployment.Tests;

/// <summary>The Bicep compiles and lints clean, and says what the app needs — no more, no less.</summary>
[TestClass]
public sealed partial class InfraTests
{
    private const string SampleIdentityClientId = "0f5c3a4e-2b1d-4c8e-9f7a-6d5e4c3b2a19";
    private const string SampleTabClientId = "9b1e6f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
    private static JsonObject main = null!;
    private static JsonObject resources = null!;

    [ClassInitialize]
    public static void Compile(TestContext context)
    {
        _ = context;
        main = Build(Path.Combine("infra", "main.bicep"));
        resources = Build(Path.Combine("infra", "app", "resources.bicep"));
    }

    [TestMethod]
    [DataRow("infra/main.bicep")]
    [DataRow("infra/app/resources.bicep")]
    public void Bicep_Build_NoErrorsAndNoBcpWarnings(string file)
    {
        // Act
        var (exitCode, _, stderr) = Tools.Run(Tools.Bicep, ["build", file, "--stdout"]);

        // Assert: resource-type mistakes are only warnings (BCP036/BCP037/BCP333), so any "Warning BCP" fails too.
        Assert.AreEqual(0, exitCode, stderr);
        Assert.DoesNotContain("Warning BCP", stderr);
        Assert.DoesNotContain("Error", stderr);
    }

    [TestMethod]
    [DataRow("infra/main.bicep")]
    [DataRow("infra/app/resources.bicep")]
    public void Bicep_Lint_NoFindings(string file)
    {
        // Act
        var (exitCode, stdout, stderr) = Tools.Run(Tools.Bicep, ["lint", file]);

        // Assert
        Assert.AreEqual(0, exitCode, stdout + stderr);
        Assert.DoesNotContain("Warning", stdout + stderr);
        Assert.DoesNotContain("Error", stdout + stderr);
    }

    [TestMethod]
    public void Bicep_BrokenResourceProperty_IsCaughtAsBcpWarning()
    {
        // Arrange: proves the check above can fail — a misspelt property is only a warning to Bicep.
        var broken = Path.Combine(Path.GetTempPath(), "broken-" + Guid.NewGuid().ToString("N")[..8] + ".bicep");
        File.WriteAllText(broken, "resource st 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'stbroken'\n  location: 'westeurope'\n  kind: 'StorageV2'\n  sku: { name: 'Standard_LRS' }\n  properties: { allowSharedKeyAcess: false }\n}\n");

        // Act
        var (_, _, stderr) = Tools.Run(Tools.Bicep, ["build", broken, "--stdout"]);

        // Assert
        StringAssert.Contains(stderr, "Warning BCP");
    }

    [TestMethod]
    public void Main_Scope_IsSubscriptionWithEnvironmentTagAndUpperSnakeOutputs()
    {
        // Assert
        StringAssert.Contains(main["$schema"]!.ToString(), "subscriptionDeploymentTemplate");
        foreach (var (name, _) in main["outputs"]!.AsObject())
        {
            Assert.IsTrue(UpperSnake().IsMatch(name), $"Output {name} is not UPPER_SNAKE.");
        }

        CollectionAssert.IsSubsetOf(new[] { "BOT_ID", "BOT_DOMAIN", "AZURE_LOCATION", "TAB_CLIENT_ID" }, main["outputs"]!.AsObject().Select(p => p.Key).ToArray());
        StringAssert.Contains(main.ToJsonString(), "azd-env-name");
    }

    [TestMethod]
    public void Parameters_EveryParameterHasADescription()
    {
        foreach (var template in new[] { main, resources })
        {
            foreach (var (name, parameter) in template["parameters"]!.AsObject())
            {
                Assert.IsNotNull(parameter!["metadata"]?["description"], $"Parameter {name} has no @description.");
            }
        }
    }

    [TestMethod]
    public void MainParameters_UseTheAzdEnvironment()
    {
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "infra", "main.parameters.json")))!["parameters"]!;
        Assert.AreEqual("${AZURE_ENV_NAME}", parameters["environmentName"]!["value"]!.ToString());
        Assert.AreEqual("${AZURE_LOCATION}", parameters["location"]!["value"]!.ToString());
    }

    [TestMethod]
    public void WebApp_IsLinuxDotnet10HttpsOnlyWithHealthCheckAndTheAzdServiceTag()
    {
        // Arrange
        var site = Resource("Microsoft.Web/sites");
        var config = site["properties"]!["siteConfig"]!;

        // Assert
        Assert.AreEqual("DOTNETCORE|10.0", config["linuxFxVersion"]!.ToString());
        Assert.AreEqual("/healthz", config["healthCheckPath"]!.ToString());
        Assert.IsTrue(site["properties"]!["httpsOnly"]!.GetValue<bool>());
        Assert.AreEqual("UserAssigned", site["identity"]!["type"]!.ToString());
        StringAssert.Contains(site["tags"]!.ToString(), "'azd-service-name', 'app'");
        Assert.AreEqual("app", AzureYamlServices().Single(), "The azd-service-name tag must equal the service key in azure.yaml.");
    }

    [TestMethod]
    public void Storage_HasNoSharedKeyAccessAndTheTablesTheAppUses()
    {
        // Arrange
        var storage = Resource("Microsoft.Storage/storageAccounts");
        var tableNames = resources["variables"]!["tableNames"]!.AsArray().Select(n => n!.ToString()).ToArray();
        var keys = new TeamsDecisions.Infrastructure.Storage.TableKeys(string.Empty).AllTables.ToArray();

        // Assert
        Assert.IsFalse(storage["properties"]!["allowSharedKeyAccess"]!.GetValue<bool>());
        CollectionAssert.AreEquivalent(keys, tableNames, "The Bicep creates exactly the tables the app uses (it may not create them itself with data-plane rights).");
        StringAssert.Contains(Resource("Microsoft.Authorization/roleAssignments")["properties"]!["roleDefinitionId"]!.ToString(), "tableDataContributorRoleId");
        Assert.AreEqual("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", resources["variables"]!["tableDataContributorRoleId"]!.ToString(), "Storage Table Data Contributor.");
    }

    [TestMethod]
    public void Bot_IsSingleTenantUserAssignedMsiWithTheTeamsChannel()
    {
        // Arrange
        var bot = Resource("Microsoft.BotService/botServices");
        var channel = Resource("Microsoft.BotService/botServices/channels");

        // Assert
        Assert.AreEqual("UserAssignedMSI", bot["properties"]!["msaAppType"]!.ToString());
        StringAssert.Contains(bot["properties"]!["endpoint"]!.ToString(), "/api/messages");
        Assert.IsNotNull(bot["properties"]!["msaAppMSIResourceId"]);
        Assert.IsNotNull(bot["properties"]!["msaAppTenantId"]);
        Assert.AreEqual("MsTeamsChannel", channel["properties"]!["channelName"]!.ToString());
    }

    [TestMethod]
    public void AppSettings_EverySettingIsReadByTheAppAndEveryRequiredOneIsSet()
    {
        // Arrange: setting names in the compiled template ("Section__Property"), and the app's options.
        var json = resources.ToJsonString();
        var settings = SettingName().Matches(json).Select(m => m.Value).Distinct().ToList();
        var platform = new[] { "ASPNETCORE_ENVIRONMENT", "AZURE_CLIENT_ID", "APPLICATIONINSIGHTS_CONNECTION_STRING" };
        var options = OptionKeys();

        // Assert: nothing set that the app does not read…
        Assert.IsNotEmpty(settings);
        foreach (var setting in settings)
        {
            var key = setting.Replace("__", ":", StringComparison.Ordinal);
            Assert.Contains(key, options, $"The Bicep sets {setting}, which no options class reads.");
        }

        foreach (var name in platform)
        {
            StringAssert.Contains(json, name, $"{name} is read by the platform (Azure.Identity, OpenTelemetry, ASP.NET Core).");
        }

        // …and everything the app requires in Azure is set.
        foreach (var required in new[] { "Storage__TableServiceUri", "Storage__ManagedIdentityClientId", "Telemetry__ManagedIdentityClientId", "Bot__AppId", "Bot__TenantId", "Bot__UseManagedIdentity", "Bot__ManagedIdentityClientId", "Graph__UseManagedIdentity", "Graph__ManagedIdentityClientId", "Publishing__PublicBaseUrl", "TabAuth__ClientId", "TabAuth__ApplicationIdUri", "TabAuth__TenantId" })
        {
            Assert.Contains(required, settings);
        }
    }

    [TestMethod]
    [DataRow("SharePoint__SiteUrl")]
    [DataRow("SharePoint__SiteId")]
    public void AppSettings_GraphFeaturesAsDeployed_PassTheAppsStartupChecks(string sharePointKey)
    {
        // Arrange: the Graph, SharePoint and calendar settings as Azure receives them (the site named one way, calendar
        // prompts switched on: the stricter case).
        var settings = DeployedGraphFeatureSettings(sharePointKey);

        // Act
        var failure = StartupFailure(settings);

        // Assert: with calendar prompts on, the Graph identity must be there for the app to start at all.
        Assert.IsNull(failure, failure?.Message);
        Assert.AreEqual("true", settings["Calendar:Enabled"]);
        Assert.AreEqual("true", settings["Notifications:ActivityFeed"]);
        Assert.AreEqual("true", settings["Graph:UseManagedIdentity"]);
        Assert.AreEqual(SampleIdentityClientId, settings["Graph:ManagedIdentityClientId"], "Graph is called as the user-assigned identity the app runs as, whose principal id is output for the Graph grants.");
    }

    [TestMethod]
    public void AppSettings_GraphFeaturesWithoutTheGraphIdentity_FailTheSameCheckNamingEachFeature()
    {
        // Arrange: proves the check above can fail — the same settings without Graph:*.
        var settings = DeployedGraphFeatureSettings("SharePoint__SiteUrl").Where(s => !s.Key.StartsWith("Graph:", StringComparison.Ordinal)).ToDictionary();

        // Act
        var failure = StartupFailure(settings);

        // Assert
        Assert.IsNotNull(failure);
        StringAssert.Contains(failure.Message, "Calendar:Enabled=true (meeting prompts from calendars) needs a Microsoft Graph identity");
        StringAssert.Contains(failure.Message, "SharePoint:SiteId or SharePoint:SiteUrl (decision pages in SharePoint) needs a Microsoft Graph identity");
        StringAssert.Contains(failure.Message, "Notifications:ActivityFeed=true (the Teams activity feed) needs a Microsoft Graph identity");
    }

    [TestMethod]
    public void MainParameters_MapEveryParameterToAnAzdVariable()
    {
        // Arrange
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "infra", "main.parameters.json")))!["parameters"]!.AsObject();
        var expected = new Dictionary<string, string>
        {
            ["sharePointSiteUrl"] = "${SHAREPOINT_SITE_URL=}",
            ["sharePointSiteId"] = "${SHAREPOINT_SITE_ID=}",
            ["allowedTenants"] = "${ALLOWED_TENANTS=}",
            ["tabClientId"] = "${TAB_CLIENT_ID=}",
            ["appServicePlanSku"] = "${APP_SERVICE_PLAN_SKU=B1}",
            ["botSku"] = "${BOT_SKU=F0}",
            ["calendarEnabled"] = "${CALENDAR_ENABLED=false}",
            ["activityFeedEnabled"] = "${ACTIVITY_FEED_ENABLED=false}",
        };

        // Assert: every parameter of main.bicep can be set with azd env set, and nothing else is mapped.
        CollectionAssert.AreEquivalent(main["parameters"]!.AsObject().Select(p => p.Key).ToArray(), parameters.Select(p => p.Key).ToArray());
        foreach (var (name, value) in expected)
        {
            Assert.AreEqual(value, parameters[name]!["value"]!.ToString(), name);
        }
    }

    [TestMethod]
    public void Calendar_IsAParameterOffByDefault_NeverHardCodedOn()
    {
        // Arrange
        var parameter = main["parameters"]!["calendarEnabled"]!;

        // Assert
        Assert.AreEqual("bool", parameter["type"]!.ToString());
        Assert.IsFalse(parameter["defaultValue"]!.GetValue<bool>());
        Assert.AreEqual("if(parameters('calendarEnabled'), 'true', 'false')", SettingValue("Calendar__Enabled"));
        Assert.DoesNotContain("'Calendar__Enabled', 'value', 'true'", resources.ToJsonString());
    }

    [TestMethod]
    public void ActivityFeed_IsAParameterOffByDefault_NeverHardCodedOn()
    {
        // Arrange
        var parameter = main["parameters"]!["activityFeedEnabled"]!;

        // Assert
        Assert.AreEqual("bool", parameter["type"]!.ToString());
        Assert.IsFalse(parameter["defaultValue"]!.GetValue<bool>());
        Assert.AreEqual("if(parameters('activityFeedEnabled'), 'true', 'false')", SettingValue("Notifications__ActivityFeed"));
        Assert.DoesNotContain("'Notifications__ActivityFeed', 'value', 'true'", resources.ToJsonString());
    }

    [TestMethod]
    public void AllowedTenants_CommaSeparated_DefaultIsTheDeployingTenantNotAnyTenant()
    {
        // Arrange
        var tenantIds = main["variables"]!["tenantIds"]!.ToString();

        // Assert: empty → [tenant().tenantId]; else split on commas, trimmed, blanks dropped; never an empty list.
        Assert.AreEqual("string", main["parameters"]!["allowedTenants"]!["type"]!.ToString());
        StringAssert.StartsWith(tenantIds, "[if(empty(trim(parameters('allowedTenants'))), createArray(tenant().tenantId), ");
        StringAssert.Contains(tenantIds, "split(parameters('allowedTenants'), ',')");
        StringAssert.Contains(tenantIds, "trim(lambdaVariables('t'))");
        Assert.AreEqual(1, resources["parameters"]!["allowedTenants"]!["minLength"]!.GetValue<int>());
        StringAssert.Contains(resources.ToJsonString(), "Bot__AllowedTenants__");
    }

    [TestMethod]
    public void SharePoint_NoneOrBoth_StopsTheProvisionSayingWhy()
    {
        // Arrange
        var sharePoint = main["variables"]!["sharePoint"]!.ToString();
        var settings = resources["variables"]!["sharePointSettings"]!.ToString();

        // Assert: the same rule the app enforces in Production, said before anything is deployed.
        StringAssert.Contains(sharePoint, "fail('Set SHAREPOINT_SITE_URL or SHAREPOINT_SITE_ID, not both");
        StringAssert.Contains(sharePoint, "fail('Set SHAREPOINT_SITE_URL (or SHAREPOINT_SITE_ID) with azd env set");
        StringAssert.Contains(settings, "'SharePoint__SiteId', 'value', parameters('sharePointSiteId')");
        StringAssert.Contains(settings, "'SharePoint__SiteUrl', 'value', parameters('sharePointSiteUrl')");
    }

    [TestMethod]
    public void WebApp_BasicAuthPublishingCredentials_FtpAndScmOff()
    {
        // Arrange
        var policies = Resources("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();

        // Assert
        CollectionAssert.AreEquivalent(
            new[] { "[format('{0}/{1}', variables('webAppName'), 'ftp')]", "[format('{0}/{1}', variables('webAppName'), 'scm')]" },
            policies.Select(p => p["name"]!.ToString()).ToArray());
        Assert.IsTrue(policies.All(p => !p["properties"]!["allow"]!.GetValue<bool>()));
        Assert.AreEqual("Disabled", Resource("Microsoft.Web/sites")["properties"]!["siteConfig"]!["ftpsState"]!.ToString());
    }

    [TestMethod]
    public void Insights_LocalAuthDisabled_TheAppSendsTelemetryAsItsIdentity()
    {
        // Arrange
        var insights = Resource("Microsoft.Insights/components");
        var publisher = Resources("Microsoft.Authorization/roleAssignments").Single(r => r["scope"]!.ToString().Contains("Microsoft.Insights/components", StringComparison.Ordinal));

        // Assert
        Assert.IsTrue(insights["properties"]!["DisableLocalAuth"]!.GetValue<bool>());
        StringAssert.Contains(publisher["properties"]!["roleDefinitionId"]!.ToString(), "metricsPublisherRoleId");
        Assert.AreEqual("3913510d-42f4-4e42-8a64-420c390055eb", resources["variables"]!["metricsPublisherRoleId"]!.ToString(), "Monitoring Metrics Publisher.");
        StringAssert.Contains(publisher["properties"]!["principalId"]!.ToString(), "principalId");
        Assert.AreEqual(SettingValue("AZURE_CLIENT_ID"), SettingValue("Telemetry__ManagedIdentityClientId"), "Telemetry is sent as the identity the app runs as.");
    }

    [TestMethod]
    public void Storage_SignsInAsTheNamedIdentity_NotDefaultAzureCredential()
    {
        Assert.AreEqual(SettingValue("AZURE_CLIENT_ID"), SettingValue("Storage__ManagedIdentityClientId"));
        Assert.AreEqual(SettingValue("AZURE_CLIENT_ID"), SettingValue("Bot__ManagedIdentityClientId"));
    }

    [TestMethod]
    public void WebApp_DiagnosticSettings_SendLogsAndMetricsToLogAnalytics()
    {
        // Arrange
        var diagnostics = Resource("Microsoft.Insights/diagnosticSettings");
        var categories = diagnostics["properties"]!["logs"]!.AsArray().Where(l => l!["enabled"]!.GetValue<bool>()).Select(l => l!["category"]!.ToString()).ToArray();

        // Assert
        StringAssert.Contains(diagnostics["scope"]!.ToString(), "Microsoft.Web/sites");
        StringAssert.Contains(diagnostics["properties"]!["workspaceId"]!.ToString(), "Microsoft.OperationalInsights/workspaces");
        CollectionAssert.IsSubsetOf(new[] { "AppServiceHTTPLogs", "AppServiceConsoleLogs", "AppServiceAppLogs", "AppServicePlatformLogs" }, categories);
        Assert.AreEqual("AllMetrics", diagnostics["properties"]!["metrics"]![0]!["category"]!.ToString());
    }

    [TestMethod]
    public void Storage_NetworkRulesAreStated_KeysOffHttpsOnly()
    {
        // Arrange
        var properties = Resource("Microsoft.Storage/storageAccounts")["properties"]!;

        // Assert: the public endpoint is open on purpose (README, "Storage network rules"), with no key that works.
        Assert.AreEqual("Enabled", properties["publicNetworkAccess"]!.ToString());
        Assert.AreEqual("Allow", properties["networkAcls"]!["defaultAction"]!.ToString());
        Assert.AreEqual("AzureServices", properties["networkAcls"]!["bypass"]!.ToString());
        Assert.IsFalse(properties["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.IsTrue(properties["supportsHttpsTrafficOnly"]!.GetValue<bool>());
        Assert.AreEqual("TLS1_2", properties["minimumTlsVersion"]!.ToString());
        Assert.IsTrue(File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")).Contains("Storage network rules", StringComparison.Ordinal), "README.md must say how to close the storage account's public endpoint (\"Storage network rules\").");
    }

    [TestMethod]
    public void AzureYaml_PackageHookStopsAzdOnFailure()
    {
        // Arrange: azd stops with the script's message rather than carrying on without a package.
        var yaml = File.ReadAllText(Path.Combine(RepoPaths.Root, "azure.yaml"));

        // Assert
        Assert.AreEqual(2, Regex.Count(yaml, @"run: node scripts/build-app-package\.mjs\s+continueOnError: false"), yaml);
    }

    [TestMethod]
    public void TabAuth_AppSettings_AreTheTabRegistrationItsApplicationIdUriAndTheBotsTenants()
    {
        // Assert: the audience is the manifest's webApplicationInfo.resource, api://<BOT_DOMAIN>/<TAB_CLIENT_ID>.
        Assert.AreEqual("parameters('tabClientId')", SettingValue("TabAuth__ClientId"));
        Assert.AreEqual("variables('tabApplicationIdUri')", SettingValue("TabAuth__ApplicationIdUri"));
        Assert.AreEqual("[format('api://{0}/{1}', variables('webAppHostName'), parameters('tabClientId'))]", resources["variables"]!["tabApplicationIdUri"]!.ToString());
        Assert.AreEqual("tenant().tenantId", SettingValue("TabAuth__TenantId"));
        StringAssert.Contains(resources.ToJsonString(), "TabAuth__AllowedTenants__");
        Assert.AreEqual(36, resources["parameters"]!["tabClientId"]!["minLength"]!.GetValue<int>());
    }

    [TestMethod]
    public void TabAuth_AsDeployed_PassesTheAppsProductionStartupCheck()
    {
        // Arrange: the TabAuth settings with the values Azure fills in.
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TabAuth:ClientId"] = SampleTabClientId,
            ["TabAuth:ApplicationIdUri"] = $"api://app-abc123.azurewebsites.net/{SampleTabClientId}",
            ["TabAuth:TenantId"] = "3f1d2c4b-5a69-4788-9c0d-1e2f3a4b5c6d",
            ["TabAuth:AllowedTenants:0"] = "3f1d2c4b-5a69-4788-9c0d-1e2f3a4b5c6d",
        }).Build());
        services.AddOptions<TeamsDecisions.App.Tabs.TabAuthOptions>().BindConfiguration(TeamsDecisions.App.Tabs.TabAuthOptions.SectionName).ValidateDataAnnotations();
        using var provider = services.BuildServiceProvider();

        // Act
        var options = provider.GetRequiredService<IOptions<TeamsDecisions.App.Tabs.TabAuthOptions>>().Value;

        // Assert
        Assert.IsFalse(options.IsLocalMode);
        Assert.AreEqual(SampleTabClientId, options.ClientId);
    }

    [TestMethod]
    public void TabAuth_Outputs_NameTheApplicationIdUriTheScopeAndTheTeamsAndOfficeClients()
    {
        // Arrange
        var outputs = main["outputs"]!.AsObject();

        // Assert: what the README's app registration steps read with azd env get-value.
        Assert.AreEqual("[variables('tabClient')]", outputs["TAB_CLIENT_ID"]!["value"]!.ToString());
        StringAssert.Contains(outputs["TAB_APPLICATION_ID_URI"]!["value"]!.ToString(), "outputs.tabApplicationIdUri.value");
        Assert.AreEqual(TeamsDecisions.App.Tabs.TabAuth.Scope, main["variables"]!["tabScope"]!.ToString());
        StringAssert.Contains(outputs["TAB_SCOPE_URI"]!["value"]!.ToString(), "variables('tabScope')");
        CollectionAssert.AreEqual(TeamsDecisions.App.Tabs.TabAuth.TeamsClientIds.ToArray(), main["variables"]!["teamsClientIds"]!.AsArray().Select(c => c!.ToString()).ToArray());
        Assert.AreEqual("ea5a67f6-b6f3-4338-b240-c655ddc3cc8e", main["variables"]!["officeClientId"]!.ToString(), "Office SSO for the Outlook add-in.");
        Assert.AreEqual("[join(concat(variables('teamsClientIds'), createArray(variables('officeClientId'))), ',')]", outputs["TAB_PREAUTHORIZED_CLIENT_IDS"]!["value"]!.ToString());
    }

    [TestMethod]
    public void TabAuth_WithoutTabClientId_StopsTheProvisionSayingWhatToCreate()
    {
        // Arrange
        var tabClient = main["variables"]!["tabClient"]!.ToString();

        // Assert: the app would refuse to start in Production; the message names the Application ID URI to give it.
        StringAssert.StartsWith(tabClient, "[if(empty(trim(parameters('tabClientId'))), fail(format('Set TAB_CLIENT_ID");
        StringAssert.Contains(tabClient, "api://{0}/<client id>");
        StringAssert.Contains(tabClient, "access_as_user");
        foreach (var client in TeamsDecisions.App.Tabs.TabAuth.TeamsClientIds)
        {
            StringAssert.Contains(tabClient, client);
        }
    }

    [TestMethod]
    public void WebApp_RunsInProduction()
    {
        // In Production the app refuses local mode and local decision pages, and /healthz says only its status.
        Assert.AreEqual("'Production'", SettingValue("ASPNETCORE_ENVIRONMENT"));
    }


    /// <summary>
    /// Graph__*, SharePoint__* and Calendar__* from the web app's appSettings expression and the optional SharePoint
    /// settings, as configuration keys. Literal values are kept; values Azure fills in at deployment get a sample of
    /// their kind, and a value of an unknown kind fails the test so that it is given one.
    /// </summary>
    private static Dictionary<string, string?> DeployedGraphFeatureSettings(string sharePointKey)
    {
        var expressions = Resource("Microsoft.Web/sites")["properties"]!["siteConfig"]!["appSettings"]!.ToString() + resources["variables"]!["sharePointSettings"]!.ToString();
        var all = SettingObjects(expressions).ToList();
        var runsAs = all.Single(s => s.Name == "AZURE_CLIENT_ID").Value;
        var settings = new Dictionary<string, string?>();
        foreach (var (name, value) in all.Where(s => s.Name.Split("__")[0] is "Graph" or "Calendar" || s.Name == "Notifications__ActivityFeed" || s.Name == sharePointKey))
        {
            settings[name.Replace("__", ":", StringComparison.Ordinal)] = value switch
            {
                ['\'', .. var literal, '\''] => literal.Replace("''", "'", StringComparison.Ordinal),
                _ when value == runsAs => SampleIdentityClientId,
                "parameters('sharePointSiteUrl')" => "https://contoso.sharepoint.com/sites/eng",
                "parameters('sharePointSiteId')" => "contoso.sharepoint.com,2c1a5e9b-1f0d-4c3e-9a8b-7d6e5f4a3b2c,0e9d8c7b-6a5f-4e3d-2c1b-0a9f8e7d6c5b",
                "if(parameters('calendarEnabled'), 'true', 'false')" => "true",
                "if(parameters('activityFeedEnabled'), 'true', 'false')" => "true",
                _ => throw new AssertFailedException($"{name} is set to {value}: give this test a sample value for it."),
            };
        }

        return settings;
    }

    /// <summary>What the app's start-up check says about these settings for Graph, decision pages and calendars; null if it passes.</summary>
    private static Exception? StartupFailure(IDictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddGraph();
        services.AddDecisionPublishing();
        services.AddCalendars();
        services.AddNotifications();
        using var provider = services.BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            return null;
        }
        catch (Exception ex) when (ex is OptionsValidationException or AggregateException)
        {
            return ex;
        }
    }

    /// <summary>Each createObject('name', 'N', 'value', V) in an ARM expression: N, and V as written ('literal' or an expression).</summary>
    private static IEnumerable<(string Name, string Value)> SettingObjects(string expression)
    {
        foreach (Match match in SettingObject().Matches(expression))
        {
            var start = match.Index + match.Length;
            var (end, depth, quoted) = (start, 0, false);
            for (; end < expression.Length; end++)
            {
                var c = expression[end];
                if (c == '\'')
                {
                    quoted = !quoted;
                }
                else if (!quoted && c == '(')
                {
                    depth++;
                }
                else if (!quoted && c == ')')
                {
                    if (depth == 0)
                    {
                        break;
                    }

                    depth--;
                }
            }

            yield return (match.Groups[1].Value, expression[start..end]);
        }
    }

    private static JsonObject Resource(string type) => Resources(type).First();

    private static IEnumerable<JsonObject> Resources(string type)
    {
        var list = resources["resources"]!;
        IEnumerable<JsonNode?> all = list is JsonArray array ? array : list.AsObject().Select(p => p.Value);
        return all.OfType<JsonObject>().Where(r => r["type"]?.ToString() == type);
    }

    /// <summary>The value expression of app setting <paramref name="name"/> on the web app, as compiled.</summary>
    private static string SettingValue(string name) =>
        SettingObjects(Resource("Microsoft.Web/sites")["properties"]!["siteConfig"]!["appSettings"]!.ToString()).Single(s => s.Name == name).Value;

    private static HashSet<string> OptionKeys()
    {
        var types = new[]
        {
            typeof(TeamsDecisions.Infrastructure.Storage.StorageOptions),
            typeof(TeamsDecisions.Teams.BotOptions),
            typeof(TeamsDecisions.Infrastructure.Graph.GraphOptions),
            typeof(TeamsDecisions.Infrastructure.Publishing.SharePointOptions),
            typeof(TeamsDecisions.Infrastructure.Publishing.PublishingOptions),
            typeof(TeamsDecisions.App.Bot.SchedulerOptions),
            typeof(TeamsDecisions.Infrastructure.Graph.CalendarOptions),
            typeof(TeamsDecisions.App.TelemetryOptions),
            typeof(TeamsDecisions.App.Notifications.NotificationOptions),
            typeof(TeamsDecisions.App.Tabs.TabAuthOptions),
        };
        return [.. types.SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => $"{t.GetField("SectionName")!.GetValue(null)}:{p.Name}"))];
    }

    private static IEnumerable<string> AzureYamlServices()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "azure.yaml"));
        var inServices = false;
        foreach (var line in lines)
        {
            if (line.StartsWith("services:", StringComparison.Ordinal))
            {
                inServices = true;
                continue;
            }

            if (inServices && line.Length > 0 && !char.IsWhiteSpace(line[0]) && !line.StartsWith('#'))
            {
                yield break;
            }

            if (inServices && ServiceKey().Match(line) is { Success: true } match)
            {
                yield return match.Groups[1].Value;
            }
        }
    }

    private static JsonObject Build(string file)
    {
        var (exitCode, stdout, stderr) = Tools.Run(Tools.Bicep, ["build", file, "--stdout"]);
        Assert.AreEqual(0, exitCode, stderr);
        return JsonNode.Parse(stdout)!.AsObject();
    }

    [GeneratedRegex("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")]
    private static partial Regex UpperSnake();

    [GeneratedRegex("[A-Za-z]+(?:__[A-Za-z]+)+")]
    private static partial Regex SettingName();

    [GeneratedRegex(@"createObject\('name', '([A-Za-z_]+)', 'value', ")]
    private static partial Regex SettingObject();

    [GeneratedRegex(@"^  ([a-zA-Z][\w-]*):\s*$")]
    private static partial Regex ServiceKey();
}
