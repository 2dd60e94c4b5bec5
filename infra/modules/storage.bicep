// A storage account with shared key access off, no public blob access, TLS 1.2 and HTTPS only; its blob, table and
// queue reads, writes and deletes logged to Log Analytics; closed to the internet when the network is isolated.
param name string
param location string
param tags object
@description('The Log Analytics workspace the access logs go to.')
param workspaceId string
@description('Refuse the internet: reached only through private endpoints (network.bicep).')
param isolated bool = false
@description('Blob containers to create.')
param containers array = []
@description('Days after which blobs under these prefixes (container/prefix) are deleted: children\'s data is not kept longer than needed.')
param retention object = {}

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
    publicNetworkAccess: isolated ? 'Disabled' : 'Enabled'
    networkAcls: { defaultAction: isolated ? 'Deny' : 'Allow', bypass: 'None' }
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: { enabled: true, days: 7 }
  }
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

// Who read, wrote or deleted what, for each service: the record an audit of children's data asks for.
var accessLogs = [ { category: 'StorageRead', enabled: true }, { category: 'StorageWrite', enabled: true }, { category: 'StorageDelete', enabled: true } ]

resource blobLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: blobs
  name: 'access-to-log-analytics'
  properties: { workspaceId: workspaceId, logs: accessLogs }
}

resource tableLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: tables
  name: 'access-to-log-analytics'
  properties: { workspaceId: workspaceId, logs: accessLogs }
}

resource queueLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: queues
  name: 'access-to-log-analytics'
  properties: { workspaceId: workspaceId, logs: accessLogs }
}

resource created 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for container in containers: {
  parent: blobs
  name: container
  properties: { publicAccess: 'None' }
}]

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = if (!empty(retention)) {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [for item in items(retention): {
        name: 'delete-${replace(item.key, '/', '-')}'
        enabled: true
        type: 'Lifecycle'
        definition: {
          filters: { blobTypes: [ 'blockBlob' ], prefixMatch: [ item.key ] }
          actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: item.value } } }
        }
      }]
    }
  }
}

output id string = account.id
output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
