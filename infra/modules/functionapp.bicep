// The Functions app on Flex Consumption: Linux, a custom handler, deployed from a blob container it reads with
// its own identity; HTTPS only, TLS 1.2, FTP(S) and basic publishing credentials off.
param name string
param location string
param tags object
param maximumInstanceCount int
@allowed([ 512, 2048, 4096 ])
param instanceMemoryMB int
param hostBlobEndpoint string
param hostQueueEndpoint string
param hostTableEndpoint string
param deploymentContainer string
param dataTableEndpoint string
param dataBlobEndpoint string
param serviceBusNamespace string
param insightsConnectionString string
param sendGridSecretUri string
param vaultUri string
@description('The names of the HTTPS sources\' credentials, each the Key Vault secret source-credential-{name}.')
param sourceCredentials array
@description('The Teams channels\' keys, each the Key Vault secret teams-channel-{key} holding a webhook URL.')
param teamsChannels array
param appSettings object
@description('The version of the secret action-signing-key whose links are still accepted; empty for none.')
param previousActionSigningKeyVersion string = ''
@description('The subnet the app integrates with, so that it reaches storage and Key Vault at their private endpoints; empty for none.')
param subnetId string = ''

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'asp-${name}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

var settings = union({
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__blobServiceUri: hostBlobEndpoint
  AzureWebJobsStorage__queueServiceUri: hostQueueEndpoint
  AzureWebJobsStorage__tableServiceUri: hostTableEndpoint
  ServiceBus__fullyQualifiedNamespace: serviceBusNamespace
  ServiceBus__credential: 'managedidentity'
  APPLICATIONINSIGHTS_CONNECTION_STRING: insightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
  Reporting__Storage: dataTableEndpoint
  Reporting__Blob: dataBlobEndpoint
  Reporting__Email__Sender: 'sendgrid'
  Reporting__SendGrid__ApiKey: '@Microsoft.KeyVault(SecretUri=${sendGridSecretUri})'
  Reporting__Actions__SigningKey: '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/action-signing-key)'
  Reporting__Schedule__TimeZone: 'Europe/London'
}, empty(previousActionSigningKeyVersion) ? {} : {
  Reporting__Actions__PreviousSigningKeys: '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/action-signing-key/${previousActionSigningKeyVersion})'
}, toObject(sourceCredentials, n => 'Reporting__SourceCredentials__${n}', n => '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/source-credential-${n})'), toObject(teamsChannels, k => 'Reporting__Teams__Channels__${k}', k => '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/teams-channel-${k})'), appSettings)

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: 'func-${name}'
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: 'SystemAssigned'
    virtualNetworkSubnetId: empty(subnetId) ? null : subnetId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${hostBlobEndpoint}${deploymentContainer}'
          authentication: { type: 'SystemAssignedIdentity' }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: { name: 'custom', version: '1.0' }
    }
  }
}

// The settings, with the app's own address: the breach pages' links in the emails point at it. Each source
// credential is under Reporting:SourceCredentials, the only settings a source's authSetting can name.
resource siteSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union(settings, { Reporting__PublicBaseUrl: 'https://${site.properties.defaultHostName}' })
}

resource noFtp 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: { allow: false }
}

resource noScmBasic 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: { allow: false }
}

output name string = site.name
output id string = site.id
output principalId string = site.identity.principalId
