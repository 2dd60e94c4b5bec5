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
    publicNetworkAccess: 'Enabled'
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
