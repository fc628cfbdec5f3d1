@description('Azure region for the resources.')
param location string

@description('Tags for every resource (azd-env-name).')
param tags object

@description('A short unique token for resource names.')
param resourceToken string

@description('Resource name prefixes (abbreviations.json).')
param abbrs object

@description('The SharePoint site for decision pages; empty for none.')
param sharePointSiteUrl string

@description('Tenants whose Teams activities are accepted; empty for any.')
param allowedTenants array

@description('App Service plan SKU.')
param appServicePlanSku string

@description('Azure Bot SKU.')
param botSku string

// The Storage Table Data Contributor built-in role: entity data and tables, no account keys.
var tableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var webAppName = '${abbrs.webSitesAppService}${resourceToken}'
var webAppHostName = '${webAppName}.azurewebsites.net'
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
    name: 'Storage__TableServiceUri'
    value: storage.properties.primaryEndpoints.table
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
  {
    name: 'Calendar__Enabled'
    value: 'true'
  }
]
var sharePointSettings = empty(sharePointSiteUrl) ? [] : [
  {
    name: 'SharePoint__SiteUrl'
    value: sharePointSiteUrl
  }
]
var tenantSettings = [for (tenantId, i) in allowedTenants: {
  name: 'Bot__AllowedTenants__${i}'
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
      appSettings: concat(baseSettings, sharePointSettings, tenantSettings)
    }
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
