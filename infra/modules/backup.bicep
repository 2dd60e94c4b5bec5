// The backup store (docs/operations.md, "Backup and restore"): a storage account of its own, in the resource group
// (and subscription) the council keeps it in, so that neither a compromised app identity nor an administrator of the
// app's resource group can reach it with more than the app's own right to add. Every blob version is immutable for
// the retention (version-level immutability with a time-based policy, locked in production: then not even the
// account's owner can shorten it or delete a backup before it expires), and the account itself cannot be deleted
// while the lock stands. Geo-zone-redundant, so that a region's loss leaves a readable copy.
param name string
param location string
param tags object
@description('The Log Analytics workspace its access logs go to.')
param workspaceId string
@description('Refuse the internet: reached only through a private endpoint (network.bicep).')
param isolated bool
@description('Days each backup is kept immutable before the store may expire it.')
@minValue(1)
param retentionDays int
@description('Lock the immutability policy (production): once locked, it can be lengthened but never shortened or removed.')
param locked bool

@description('The container points are written to.')
var container = 'backups'

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_RAGZRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
    publicNetworkAccess: isolated ? 'Disabled' : 'Enabled'
    networkAcls: { defaultAction: isolated ? 'Deny' : 'Allow', bypass: 'None' }
    immutableStorageWithVersioning: {
      enabled: true
      immutabilityPolicy: {
        immutabilityPeriodSinceCreationInDays: retentionDays
        state: locked ? 'Locked' : 'Unlocked'
        allowProtectedAppendWrites: false
      }
    }
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    isVersioningEnabled: true
    deleteRetentionPolicy: { enabled: true, days: 7 }
    containerDeleteRetentionPolicy: { enabled: true, days: 7 }
  }
}

resource backups 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: container
  properties: {
    publicAccess: 'None'
    immutableStorageWithVersioning: { enabled: true }
  }
}

resource noDelete 'Microsoft.Authorization/locks@2020-05-01' = {
  scope: account
  name: 'backups-cannot-be-deleted'
  properties: {
    level: 'CanNotDelete'
    notes: 'The council\'s backups of Caseload Reporting (docs/operations.md, "Backup and restore").'
  }
}

resource accessLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: blobs
  name: 'access-to-log-analytics'
  properties: {
    workspaceId: workspaceId
    logs: [ { category: 'StorageRead', enabled: true }, { category: 'StorageWrite', enabled: true }, { category: 'StorageDelete', enabled: true } ]
  }
}

output id string = account.id
output name string = account.name
output target string = '${account.properties.primaryEndpoints.blob}${container}'
