// Caseload Reporting in one resource group: the Functions app (Flex Consumption, custom handler), its storage,
// the data storage, Service Bus, Key Vault, monitoring, the app identity's roles and the alerts.
// Deploy: docs/operations.md. Checked in CI: bicep build and lint, and tests over the built template.
targetScope = 'resourceGroup'

@description('Short name of the deployment, used in every resource name, e.g. caseload-dev.')
@minLength(3)
@maxLength(20)
param name string

@description('Azure region.')
param location string = resourceGroup().location

@description('Where alerts are emailed.')
param alertEmail string

@description('Flex Consumption: the most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Flex Consumption: memory per instance.')
@allowed([ 512, 2048, 4096 ])
param instanceMemoryMB int = 2048

@description('Service Bus deliveries before dead-lettering (and the app records poison on the last).')
param maxDeliveryCount int = 10

@description('Days a blob drop\'s extract is kept before the lifecycle rule deletes it.')
param extractRetentionDays int = 35

@description('Days a prepared notification (the exact email sent, worker names but no child ids) is kept as the record of what was sent.')
param preparedRetentionDays int = 400

@description('Days snapshots and allocation history (pseudonymous child ids) are kept before the daily Retention function deletes them.')
@minValue(1)
param snapshotRetentionDays int = 730

@description('Days staff data is kept as it is (docs/data-protection.md): past it, stored message texts are deleted, names and addresses in evaluations and actions pseudonymised, managers\' notes deleted; every figure kept. 0 keeps it (set it from the council\'s retention schedule).')
@minValue(0)
param staffRetentionDays int = 0

@description('Days of logs kept.')
param logRetentionDays int = 90

@description('Days each backup point stays immutable in the backup store: no one can delete or overwrite it before (docs/operations.md, "Backup and restore").')
@minValue(1)
param backupRetentionDays int = 35

@description('Lock the backup store\'s immutability policy: once locked it can be lengthened, never shortened or removed. True in prod; false in dev, where the store may be torn down.')
param backupImmutabilityLocked bool = true

@description('The subscription of the resource group the backup store is in: a different one from the app\'s where the council keeps one, so that the app\'s administrators cannot reach it. Default: this deployment\'s.')
param backupSubscriptionId string = subscription().subscriptionId

@description('The resource group the backup store is in (it must exist). Default: this deployment\'s.')
param backupResourceGroup string = resourceGroup().name

@secure()
@description('The SendGrid API key: given on the first deployment, empty afterwards (rotate in Key Vault, docs/operations.md).')
param sendGridApiKey string = ''

@secure()
@description('The key the breach pages\' links are signed with, at least 32 characters: given on the first deployment, empty afterwards (rotate in Key Vault, docs/operations.md).')
param actionSigningKey string = ''

@description('Rotating the breach links\' signing key (docs/operations.md, "Rotating the signing key"): the version id of the secret action-signing-key that signed the links still in inboxes. Its links keep working until they expire; empty once they have.')
param previousActionSigningKeyVersion string = ''

@description('The names of the HTTPS sources\' credentials (authSetting in sources.json): each a Key Vault secret "source-credential-{name}", created by hand before it is listed (docs/operations.md), read by the app as Reporting__SourceCredentials__{name}.')
param sourceCredentials array = []

@description('The Teams channels the weekly team summaries are posted to, each a team id, a service\'s name in letters and digits, or "default": each a Key Vault secret "teams-channel-{key}" holding the channel\'s Workflows webhook URL, created by hand before it is listed (docs/teams.md), read by the app as Reporting__Teams__Channels__{key}.')
param teamsChannels array = []

@description('The council\'s three-digit old LA code as DfE publishes it (Medway 887): leadership\'s digest compares the council with its statistical neighbours, its region and England on DfE\'s published figures (docs/benchmarks.md). Empty: no comparison. The app refuses to start when the code is not in the figures in use.')
@maxLength(3)
param councilCode string = ''

@description('The region\'s drop the council returns its monthly figures to and reads its region\'s from (docs/region.md): the URL of the alliance\'s container (infra/region.bicep outputs it), which grants this app\'s identity its folder. Empty: the council takes no part.')
param regionDrop string = ''

@description('App settings for the product (Reporting__Email__From, Reporting__Email__LeadershipTo, ...).')
param appSettings object = {}

@description('Close storage and Key Vault to the internet: the app reaches them through its VNet integration and private endpoints (docs/operations.md). True in prod.')
param networkIsolation bool = false

param tags object = {}

var compact = toLower(replace(name, '-', ''))
var deploymentContainer = 'app-package'

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: { name: name, location: location, retentionDays: logRetentionDays, tags: tags }
}

module hostStorage 'modules/storage.bicep' = {
  name: 'host-storage'
  params: { name: take('st${compact}host', 24), location: location, tags: tags, containers: [ deploymentContainer ], workspaceId: monitoring.outputs.workspaceId, isolated: networkIsolation }
}

module dataStorage 'modules/storage.bicep' = {
  name: 'data-storage'
  params: {
    name: take('st${compact}data', 24)
    location: location
    tags: tags
    containers: [ 'extracts', 'reporting' ]
    retention: { 'extracts/': extractRetentionDays, 'reporting/prepared/': preparedRetentionDays }
    workspaceId: monitoring.outputs.workspaceId
    isolated: networkIsolation
  }
}

// The backup store: an account of its own, possibly in another subscription's resource group, immutable.
module backupStore 'modules/backup.bicep' = {
  name: 'backup-store'
  scope: resourceGroup(backupSubscriptionId, backupResourceGroup)
  params: {
    name: take('st${compact}bkp', 24)
    location: location
    tags: tags
    workspaceId: monitoring.outputs.workspaceId
    isolated: networkIsolation
    retentionDays: backupRetentionDays
    locked: backupImmutabilityLocked
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'service-bus'
  params: { name: name, location: location, tags: tags, maxDeliveryCount: maxDeliveryCount }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'key-vault'
  params: { name: name, location: location, tags: tags, sendGridApiKey: sendGridApiKey, actionSigningKey: actionSigningKey, workspaceId: monitoring.outputs.workspaceId, isolated: networkIsolation }
}

module network 'modules/network.bicep' = if (networkIsolation) {
  name: 'network'
  params: {
    name: name
    location: location
    tags: tags
    storageAccounts: [
      { id: hostStorage.outputs.id, name: hostStorage.outputs.name, services: [ 'blob', 'queue', 'table' ] }
      { id: dataStorage.outputs.id, name: dataStorage.outputs.name, services: [ 'blob', 'table' ] }
      { id: backupStore.outputs.id, name: backupStore.outputs.name, services: [ 'blob' ] }
    ]
    keyVaultId: keyVault.outputs.id
    keyVaultName: keyVault.outputs.name
  }
}

module app 'modules/functionapp.bicep' = {
  name: 'function-app'
  params: {
    name: name
    location: location
    tags: tags
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    hostBlobEndpoint: hostStorage.outputs.blobEndpoint
    hostQueueEndpoint: hostStorage.outputs.queueEndpoint
    hostTableEndpoint: hostStorage.outputs.tableEndpoint
    deploymentContainer: deploymentContainer
    dataTableEndpoint: dataStorage.outputs.tableEndpoint
    dataBlobEndpoint: dataStorage.outputs.blobEndpoint
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    insightsConnectionString: monitoring.outputs.connectionString
    sendGridSecretUri: keyVault.outputs.sendGridSecretUri
    vaultUri: keyVault.outputs.vaultUri
    sourceCredentials: sourceCredentials
    teamsChannels: teamsChannels
    previousActionSigningKeyVersion: previousActionSigningKeyVersion
    subnetId: networkIsolation ? network!.outputs.appSubnetId : ''
    appSettings: union(appSettings, {
      Reporting__Queues__MaxDeliveryCount: string(maxDeliveryCount)
      Reporting__Retention__Days: string(snapshotRetentionDays)
      Reporting__Retention__StaffDays: string(staffRetentionDays)
      Reporting__Backup__Target: backupStore.outputs.target
    }, empty(councilCode) ? {} : { Reporting__Council__Code: councilCode }, empty(regionDrop) ? {} : { Reporting__Region__Drop: regionDrop })
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    principalId: app.outputs.principalId
    hostStorageName: hostStorage.outputs.name
    dataStorageName: dataStorage.outputs.name
    serviceBusName: serviceBus.outputs.name
    keyVaultName: keyVault.outputs.name
    sourceCredentials: sourceCredentials
    teamsChannels: teamsChannels
    insightsName: monitoring.outputs.insightsName
  }
}

// The app may add to the backup store and delete nothing there: assigned where the store is.
module backupRole 'modules/backup-role.bicep' = {
  name: 'backup-role'
  scope: resourceGroup(backupSubscriptionId, backupResourceGroup)
  params: {
    principalId: app.outputs.principalId
    accountName: backupStore.outputs.name
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    name: name
    location: location
    tags: tags
    alertEmail: alertEmail
    serviceBusId: serviceBus.outputs.id
    insightsId: monitoring.outputs.insightsId
  }
}

module workbook 'modules/workbook.bicep' = {
  name: 'workbook'
  params: {
    name: name
    location: location
    tags: tags
    insightsId: monitoring.outputs.insightsId
    serviceBusId: serviceBus.outputs.id
  }
}

output functionAppName string = app.outputs.name
output dataTableEndpoint string = dataStorage.outputs.tableEndpoint
output keyVaultName string = keyVault.outputs.name
output backupTarget string = backupStore.outputs.target
@description('The app\'s identity: what the region\'s alliance names in infra/region.bicep\'s councils to give it its folder of the drop.')
output principalId string = app.outputs.principalId
