targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used to name and tag every resource.')
param environmentName string

@minLength(1)
@description('Azure region for all resources.')
param location string

@description('The SharePoint site that holds decision pages, e.g. https://contoso.sharepoint.com/sites/eng (azd: SHAREPOINT_SITE_URL). This or sharePointSiteId is required: without SharePoint the app would serve decision pages itself, without sign-in, so it refuses to start in Production.')
param sharePointSiteUrl string = ''

@description('Or the Graph id of that site, contoso.sharepoint.com,<site-collection-guid>,<web-guid> (azd: SHAREPOINT_SITE_ID). Set one of the two, not both.')
param sharePointSiteId string = ''

@description('Tenant ids whose Teams activities the bot accepts, comma-separated (azd: ALLOWED_TENANTS). Empty: only the tenant you deploy to.')
param allowedTenants string = ''

@description('Client id of the tab\'s Entra app registration (azd: TAB_CLIENT_ID): its Application ID URI is api://<BOT_DOMAIN>/<this id>, it exposes the scope access_as_user and pre-authorizes the Teams clients (README, "Tab sign-in"). Required: without it the app refuses to start in Production.')
param tabClientId string = ''

@description('App Service plan SKU (azd: APP_SERVICE_PLAN_SKU). B1 is the smallest that keeps the app always on.')
param appServicePlanSku string = 'B1'

@description('Azure Bot SKU, F0 (free) or S1 (azd: BOT_SKU).')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Meeting prompts from calendars (azd: CALENDAR_ENABLED). Off by default: it needs the Graph application permissions Calendars.ReadBasic and MailboxSettings.Read, which cover every mailbox unless an Exchange admin scopes them (see README).')
param calendarEnabled bool = false

@description('Reminders also in the person\'s Teams activity feed (azd: ACTIVITY_FEED_ENABLED). Off by default: it needs the Graph application permission TeamsActivity.Send (see README).')
param activityFeedEnabled bool = false

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
// One SharePoint site, named one way: checked here so that `azd provision` stops with the reason, before the app would.
var sharePoint = !empty(sharePointSiteUrl) && !empty(sharePointSiteId)
  ? fail('Set SHAREPOINT_SITE_URL or SHAREPOINT_SITE_ID, not both (azd env set ...; the app refuses both).')
  : empty(sharePointSiteUrl) && empty(sharePointSiteId)
      ? fail('Set SHAREPOINT_SITE_URL (or SHAREPOINT_SITE_ID) with azd env set: decision pages go to SharePoint in Azure, because the app serves its own pages without sign-in and refuses to start that way in Production.')
      : {
          siteUrl: sharePointSiteUrl
          siteId: sharePointSiteId
        }
var appHostName = '${abbrs.webSitesAppService}${resourceToken}.azurewebsites.net'
// The tab's sign-in needs an app registration, which ARM cannot create; its Application ID URI names this host, so the
// message gives it (a managed identity, the bot's id, cannot expose an API scope).
var tabClient = empty(trim(tabClientId))
  ? fail('Set TAB_CLIENT_ID (azd env set TAB_CLIENT_ID <client id>): the tab\'s Entra app registration, with Application ID URI api://${appHostName}/<client id>, the scope access_as_user and the Teams clients 1fec8e78-bce4-4aaf-ab1b-5451cc387264 and 5e3ce6c0-2b1f-4285-8d4b-75ee78787346 pre-authorized (README, "Tab sign-in"). The app refuses to start in Production without it.')
  : trim(tabClientId)
var tabScope = 'access_as_user'
var teamsClientIds = [
  '1fec8e78-bce4-4aaf-ab1b-5451cc387264'
  '5e3ce6c0-2b1f-4285-8d4b-75ee78787346'
]
// Office SSO for the Outlook add-in's task pane and send-time check: all Microsoft Office application endpoints.
var officeClientId = 'ea5a67f6-b6f3-4338-b240-c655ddc3cc8e'
var tenantIds = empty(trim(allowedTenants))
  ? [tenant().tenantId]
  : filter(map(split(allowedTenants, ','), t => trim(t)), t => !empty(t))
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
    sharePointSiteUrl: sharePoint.siteUrl
    sharePointSiteId: sharePoint.siteId
    allowedTenants: tenantIds
    tabClientId: tabClient
    appServicePlanSku: appServicePlanSku
    botSku: botSku
    calendarEnabled: calendarEnabled
    activityFeedEnabled: activityFeedEnabled
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
output ALLOWED_TENANT_IDS string = join(tenantIds, ',')
output SERVICE_APP_URI string = 'https://${resources.outputs.webAppHostName}'
output TAB_CLIENT_ID string = tabClient
output TAB_APPLICATION_ID_URI string = resources.outputs.tabApplicationIdUri
output TAB_SCOPE string = tabScope
output TAB_SCOPE_URI string = '${resources.outputs.tabApplicationIdUri}/${tabScope}'
output TAB_PREAUTHORIZED_CLIENT_IDS string = join(concat(teamsClientIds, [officeClientId]), ',')
