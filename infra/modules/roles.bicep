// The app's identity gets exactly what it uses, each role at the narrowest scope that works.
param principalId string
param hostStorageName string
param dataStorageName string
param serviceBusName string
param keyVaultName string
@description('The names of the HTTPS sources\' credentials, each the Key Vault secret source-credential-{name}.')
param sourceCredentials array
@description('The Teams channels\' keys, each the Key Vault secret teams-channel-{key} holding a webhook URL.')
param teamsChannels array
param insightsName string

// Built-in role definition ids (the same in every tenant).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource hostStorage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: hostStorageName
}

resource dataStorage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: dataStorageName
}

resource namespace 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' existing = {
  name: serviceBusName
}

resource pulls 'Microsoft.ServiceBus/namespaces/queues@2022-10-01-preview' existing = {
  parent: namespace
  name: 'snapshot-pulls'
}

resource notifications 'Microsoft.ServiceBus/namespaces/queues@2022-10-01-preview' existing = {
  parent: namespace
  name: 'notifications'
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource sendGridSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' existing = {
  parent: vault
  name: 'sendgrid-api-key'
}

resource sourceSecrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' existing = [for n in sourceCredentials: {
  parent: vault
  name: 'source-credential-${n}'
}]

resource teamsSecrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' existing = [for k in teamsChannels: {
  parent: vault
  name: 'teams-channel-${k}'
}]

resource actionSigningSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' existing = {
  parent: vault
  name: 'action-signing-key'
}

resource insights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: insightsName
}

// The host's account: the deployment package, the host's leases and timers' schedule state (blob), its queues.
resource hostBlob 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: hostStorage
  name: guid(hostStorage.id, principalId, roles.storageBlobDataOwner)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner) }
}

resource hostQueue 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: hostStorage
  name: guid(hostStorage.id, principalId, roles.storageQueueDataContributor)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor) }
}

// The data account: the product's tables, and reading the councils' blob drops.
resource dataTables 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: dataStorage
  name: guid(dataStorage.id, principalId, roles.storageTableDataContributor)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor) }
}

resource dataBlobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: dataStorage
  name: 'default'
}

resource reportingContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: dataBlobService
  name: 'reporting'
}

// What the app stores as bytes (prepared notifications, evaluations) is in one container: write access to that one only.
resource reportingBlobs 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: reportingContainer
  name: guid(reportingContainer.id, principalId, roles.storageBlobDataContributor)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor) }
}

resource dataBlobs 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: dataStorage
  name: guid(dataStorage.id, principalId, roles.storageBlobDataReader)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataReader) }
}

// Each queue: received from by its function, sent to by the timer that fills it.
resource pullsReceive 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: pulls
  name: guid(pulls.id, principalId, roles.serviceBusDataReceiver)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataReceiver) }
}

resource pullsSend 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: pulls
  name: guid(pulls.id, principalId, roles.serviceBusDataSender)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataSender) }
}

resource notificationsReceive 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: notifications
  name: guid(notifications.id, principalId, roles.serviceBusDataReceiver)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataReceiver) }
}

resource notificationsSend 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: notifications
  name: guid(notifications.id, principalId, roles.serviceBusDataSender)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataSender) }
}

// The secrets it reads: the SendGrid key, the signing key, and each source credential and Teams webhook named, one by one.
resource secretUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: sendGridSecret
  name: guid(sendGridSecret.id, principalId, roles.keyVaultSecretsUser)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser) }
}

resource actionSigningUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: actionSigningSecret
  name: guid(actionSigningSecret.id, principalId, roles.keyVaultSecretsUser)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser) }
}

resource sourceSecretUsers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (n, i) in sourceCredentials: {
  scope: sourceSecrets[i]
  name: guid(sourceSecrets[i].id, principalId, roles.keyVaultSecretsUser)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser) }
}]

resource teamsSecretUsers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (k, i) in teamsChannels: {
  scope: teamsSecrets[i]
  name: guid(teamsSecrets[i].id, principalId, roles.keyVaultSecretsUser)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser) }
}]

// Telemetry with its identity, Application Insights' local auth being off.
resource telemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: insights
  name: guid(insights.id, principalId, roles.monitoringMetricsPublisher)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher) }
}
