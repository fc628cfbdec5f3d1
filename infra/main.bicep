targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used to name and tag every resource.')
param environmentName string

@minLength(1)
@description('Azure region for all resources.')
param location string

@description('Optional: the SharePoint site that holds decision pages, e.g. https://contoso.sharepoint.com/sites/eng. Empty keeps pages in the app (not recommended in Azure).')
param sharePointSiteUrl string = ''

@description('Optional: tenant ids whose Teams activities the bot accepts (empty: any tenant the bot is installed in).')
param allowedTenants array = []

@description('App Service plan SKU. B1 is the smallest that keeps the app always on.')
param appServicePlanSku string = 'B1'

@description('Azure Bot SKU: F0 (free) or S1.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

resource rg 'Microsoft.Resources/resourceGroups@2021-04-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module resources 'app/resources.bicep' = {
  name: 'resources'
  scope: rg
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    abbrs: abbrs
    sharePointSiteUrl: sharePointSiteUrl
    allowedTenants: allowedTenants
    appServicePlanSku: appServicePlanSku
    botSku: botSku
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output BOT_ID string = resources.outputs.identityClientId
output BOT_DOMAIN string = resources.outputs.webAppHostName
output BOT_ENDPOINT string = resources.outputs.botEndpoint
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = resources.outputs.identityClientId
output AZURE_MANAGED_IDENTITY_PRINCIPAL_ID string = resources.outputs.identityPrincipalId
output AZURE_STORAGE_TABLE_ENDPOINT string = resources.outputs.tableEndpoint
output SERVICE_APP_URI string = 'https://${resources.outputs.webAppHostName}'
