// The app's right to the backup store, deployed where the store is: it may list, read and add blobs in the backups
// container, and the role's condition refuses it every delete (and the immutability policy every overwrite of a
// version), so that a compromised app identity cannot take a backup away.
param principalId string
param accountName string

// Built-in role definition ids (the same in every tenant), named as roles.bicep names them.
var builtInRoles = {
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
}

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: accountName
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: account
  name: 'default'
}

resource backups 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: blobs
  name: 'backups'
}

resource writer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: backups
  name: guid(backups.id, principalId, builtInRoles.storageBlobDataContributor)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.storageBlobDataContributor)
    description: 'Caseload Reporting writes backup points here and deletes nothing.'
    conditionVersion: '2.0'
    condition: '((!(ActionMatches{\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete\'})) AND (!(ActionMatches{\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/move/action\'})))'
  }
}
