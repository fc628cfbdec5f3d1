@description('Azure region for the resources.')
param location string

@description('Tags for every resource (azd-env-name).')
param tags object

@description('A short unique token for resource names.')
param resourceToken string

@description('Resource name prefixes (abbreviations.json).')
param abbrs object

@description('The SharePoint site URL for decision pages (or empty when sharePointSiteId names it).')
param sharePointSiteUrl string

@description('The Graph id of the SharePoint site (or empty when sharePointSiteUrl names it).')
param sharePointSiteId string

@description('Tenants whose Teams activities are accepted (at least the deploying tenant).')
@minLength(1)
param allowedTenants array

@description('Client id of the tab\'s Entra app registration (the tab API\'s token audience, with its Application ID URI).')
@minLength(36)
param tabClientId string

@description('Meeting prompts from calendars: needs the Graph calendar permissions.')
param calendarEnabled bool

@description('Reminders also in the activity feed: needs the Graph permission TeamsActivity.Send.')
param activityFeedEnabled bool

@description('App Service plan SKU.')
param appServicePlanSku string

@description('Azure Bot SKU.')
param botSku string

// The Storage Table Data Contributor built-in role: entity data and tables, no account keys.
var tableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
// Monitoring Metrics Publisher: lets the identity send telemetry to Application Insights with local auth disabled.
var metricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'
var webAppName = '${abbrs.webSitesAppService}${resourceToken}'
var webAppHostName = '${webAppName}.azurewebsites.net'
// The manifest's webApplicationInfo.resource: the audience of the tokens Teams SSO gets for the tab.
var tabApplicationIdUri = 'api://${webAppHostName}/${tabClientId}'
var tableNames = [
  'Rfcs'
  'TeamIndex'
  'DueWindows'
  'Decisions'
  'TeamSettings'
  'Conversations'
  'Outbox'
  'MeetingTests'
  'MeetingPrompts'
]

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
  location: location
  tags: tags
}

resource storage 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: '${abbrs.storageStorageAccounts}${resourceToken}'
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
    // Network rules, stated rather than defaulted: the public endpoint stays reachable because the web app (no
    // VNet integration on B1) reaches Table Storage over it; no key works (shared keys are off), only Entra tokens
    // with a data role. To close it, put the app in a VNet (P0v3 or above) with a private endpoint for the table
    // service and set publicNetworkAccess to 'Disabled' (README, "Storage network rules").
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
      ipRules: []
      virtualNetworkRules: []
    }
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-01-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-01-01' = [for table in tableNames: {
  parent: tableService
  name: table
}]

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, tableDataContributorRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', tableDataContributorRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${abbrs.insightsComponents}${resourceToken}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    // Only Entra-authenticated telemetry (the app's managed identity) is accepted: the connection string's
    // instrumentation key alone cannot write to it.
    DisableLocalAuth: true
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, identity.id, metricsPublisherRoleId)
  scope: insights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', metricsPublisherRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource plan 'Microsoft.Web/serverfarms@2022-09-01' = {
  name: '${abbrs.webServerFarms}${resourceToken}'
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: appServicePlanSku
  }
  properties: {
    reserved: true
  }
}

var baseSettings = [
  {
    name: 'ASPNETCORE_ENVIRONMENT'
    value: 'Production'
  }
  {
    name: 'AZURE_CLIENT_ID'
    value: identity.properties.clientId
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: insights.properties.ConnectionString
  }
  {
    name: 'Telemetry__ManagedIdentityClientId'
    value: identity.properties.clientId
  }
  {
    name: 'Storage__TableServiceUri'
    value: storage.properties.primaryEndpoints.table
  }
  {
    name: 'Storage__ManagedIdentityClientId'
    value: identity.properties.clientId
  }
  {
    name: 'Bot__AppId'
    value: identity.properties.clientId
  }
  {
    name: 'Bot__TenantId'
    value: tenant().tenantId
  }
  {
    name: 'Bot__UseManagedIdentity'
    value: 'true'
  }
  {
    name: 'Bot__ManagedIdentityClientId'
    value: identity.properties.clientId
  }
  // Decision pages and calendar prompts call Microsoft Graph as this identity (grant it the Graph app roles).
  {
    name: 'Graph__UseManagedIdentity'
    value: 'true'
  }
  {
    name: 'Graph__ManagedIdentityClientId'
    value: identity.properties.clientId
  }
  {
    name: 'Publishing__PublicBaseUrl'
    value: 'https://${webAppHostName}'
  }
  // The tab API accepts Entra tokens for the tab's app registration from the tenants the bot accepts.
  {
    name: 'TabAuth__ClientId'
    value: tabClientId
  }
  {
    name: 'TabAuth__ApplicationIdUri'
    value: tabApplicationIdUri
  }
  {
    name: 'TabAuth__TenantId'
    value: tenant().tenantId
  }
  {
    name: 'Calendar__Enabled'
    value: calendarEnabled ? 'true' : 'false'
  }
  {
    name: 'Notifications__ActivityFeed'
    value: activityFeedEnabled ? 'true' : 'false'
  }
]
// One of the two (main.bicep refuses both): the app stops at start-up when given both.
var sharePointSettings = !empty(sharePointSiteId)
  ? [
      {
        name: 'SharePoint__SiteId'
        value: sharePointSiteId
      }
    ]
  : empty(sharePointSiteUrl)
      ? []
      : [
          {
            name: 'SharePoint__SiteUrl'
            value: sharePointSiteUrl
          }
        ]
var tenantSettings = [for (tenantId, i) in allowedTenants: {
  name: 'Bot__AllowedTenants__${i}'
  value: tenantId
}]
var tabTenantSettings = [for (tenantId, i) in allowedTenants: {
  name: 'TabAuth__AllowedTenants__${i}'
  value: tenantId
}]

resource webApp 'Microsoft.Web/sites@2022-09-01' = {
  name: webAppName
  location: location
  tags: union(tags, {
    'azd-service-name': 'app'
  })
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      healthCheckPath: '/healthz'
      appSettings: concat(baseSettings, sharePointSettings, tenantSettings, tabTenantSettings)
    }
  }
}

// No FTP or Kudu (SCM) basic-auth publishing credentials: azd deploys with an Entra token.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2022-09-01' = {
  parent: webApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2022-09-01' = {
  parent: webApp
  name: 'scm'
  properties: {
    allow: false
  }
}

resource webAppDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: webApp
  properties: {
    workspaceId: logs.id
    logs: [
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceAppLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${abbrs.botServicesBots}${resourceToken}'
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: 'TeamsDecisions'
    endpoint: 'https://${webAppHostName}/api/messages'
    msaAppId: identity.properties.clientId
    msaAppType: 'UserAssignedMSI'
    msaAppTenantId: tenant().tenantId
    msaAppMSIResourceId: identity.id
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

@description('Client id of the managed identity: the bot\'s app id.')
output identityClientId string = identity.properties.clientId

@description('Principal id of the managed identity, for Graph permission grants.')
output identityPrincipalId string = identity.properties.principalId

@description('The web app\'s host name.')
output webAppHostName string = webAppHostName

@description('The messaging endpoint registered on the Azure Bot.')
output botEndpoint string = bot.properties.endpoint

@description('The Table service endpoint.')
output tableEndpoint string = storage.properties.primaryEndpoints.table

@description('The tab app registration\'s Application ID URI (webApplicationInfo.resource).')
output tabApplicationIdUri string = tabApplicationIdUri
