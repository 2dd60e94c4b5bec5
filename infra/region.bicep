// The region's drop (docs/region.md): a deployment of its own, by the region's improvement alliance, in the
// alliance's subscription. One storage account and one container, `region`, that each council's app writes its
// monthly return to and reads every council's from. Each council named here gets one role assignment on the
// container: Storage Blob Data Contributor with a condition that lets it read the whole container and write, add or
// delete only under `returns/{its code}/` — so no council can write another's return, and nothing but returns is
// written. Deploy: az deployment group create -g rg-region-alliance -f infra/region.bicep -p name=… councils=…
targetScope = 'resourceGroup'

@description('Short name of the alliance\'s deployment, used in resource names, e.g. se-alliance.')
@minLength(3)
@maxLength(16)
param name string

@description('Azure region.')
param location string = resourceGroup().location

@description('The councils taking part: each its three-digit old LA code as DfE publishes it (its folder, returns/{code}/) and the object id of its Function App\'s managed identity (the council\'s deployment outputs it).')
param councils array = []

@description('Object ids of the alliance\'s analysts, who read every return (Storage Blob Data Reader on the container) to show the region and its tartan rug.')
param readers array = []

param tags object = {}

var container = 'region'

// Built-in role definition ids (the same in every tenant), named as the council's roles.bicep names them.
var builtInRoles = {
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
}

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('st${toLower(replace(name, '-', ''))}region', 24)
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
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    // A return corrected is a new version: the old one stays a month, for the alliance to see what changed.
    isVersioningEnabled: true
    deleteRetentionPolicy: { enabled: true, days: 30 }
  }
}

resource drop 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: container
  properties: { publicAccess: 'None' }
}

// Each council: read everything in the container; write, add or delete only its own folder's blobs.
resource councilWriters 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for council in councils: {
  scope: drop
  name: guid(drop.id, council.principalId, builtInRoles.storageBlobDataContributor)
  properties: {
    principalId: council.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.storageBlobDataContributor)
    description: 'Council ${council.code}: reads every return, writes only returns/${council.code}/.'
    conditionVersion: '2.0'
    condition: '((!(ActionMatches{\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write\'}) AND !(ActionMatches{\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action\'}) AND !(ActionMatches{\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete\'}) AND !(ActionMatches{\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/move/action\'})) OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringStartsWith \'returns/${council.code}/\'))'
  }
}]

resource analysts 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for reader in readers: {
  scope: drop
  name: guid(drop.id, reader, builtInRoles.storageBlobDataReader)
  properties: {
    principalId: reader
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.storageBlobDataReader)
    description: 'The alliance\'s analyst: reads every return.'
  }
}]

@description('What each council sets as its regionDrop parameter (Reporting__Region__Drop).')
output drop string = '${account.properties.primaryEndpoints.blob}${container}'
