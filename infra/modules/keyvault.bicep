// Key Vault with RBAC and purge protection, holding the SendGrid API key, the breach links' signing key and the
// HTTPS sources' credentials.
param name string
param location string
param tags object
@secure()
@description('The SendGrid API key; empty leaves the secret to be set by hand (docs/operations.md).')
param sendGridApiKey string
@secure()
@description('The key the breach pages\' links are signed with (at least 32 characters); empty leaves the secret to be set by hand.')
param actionSigningKey string
@description('The Log Analytics workspace the audit events go to.')
param workspaceId string
@description('Refuse the internet: reached only through its private endpoint (network.bicep).')
param isolated bool = false

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-${name}'
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enablePurgeProtection: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    publicNetworkAccess: isolated ? 'Disabled' : 'Enabled'
    networkAcls: { defaultAction: isolated ? 'Deny' : 'Allow', bypass: 'None' }
  }
}

// Every read of a secret, and every change, by whom: AuditEvent to Log Analytics.
resource audit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: vault
  name: 'audit-to-log-analytics'
  properties: {
    workspaceId: workspaceId
    logs: [ { category: 'AuditEvent', enabled: true } ]
  }
}

resource sendGrid 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(sendGridApiKey)) {
  parent: vault
  name: 'sendgrid-api-key'
  properties: { value: sendGridApiKey }
}

resource actionSigning 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(actionSigningKey)) {
  parent: vault
  name: 'action-signing-key'
  properties: { value: actionSigningKey }
}

output id string = vault.id
output name string = vault.name
output vaultUri string = vault.properties.vaultUri
output sendGridSecretUri string = '${vault.properties.vaultUri}secrets/sendgrid-api-key'
