// Network isolation: a virtual network with a subnet the Function App integrates with (delegated to
// Microsoft.App/environments, as Flex Consumption requires) and a subnet for private endpoints; a private endpoint
// for each storage service the app uses and for Key Vault, each registered in its private DNS zone, so that the
// app reaches them at private addresses while they refuse the internet.
param name string
param location string
param tags object
@description('The storage accounts and the services of each the app reaches: [{ id, name, services: [ \'blob\', ... ] }].')
param storageAccounts array
param keyVaultId string
param keyVaultName string

var zones = {
  blob: 'privatelink.blob.${environment().suffixes.storage}'
  queue: 'privatelink.queue.${environment().suffixes.storage}'
  table: 'privatelink.table.${environment().suffixes.storage}'
  vault: 'privatelink.vaultcore.azure.net'
}

var endpoints = concat(
  flatten(map(storageAccounts, account => map(account.services, service => {
    name: '${account.name}-${service}'
    target: account.id
    group: service
  }))),
  [ { name: keyVaultName, target: keyVaultId, group: 'vault' } ])

resource vnet 'Microsoft.Network/virtualNetworks@2024-01-01' = {
  name: 'vnet-${name}'
  location: location
  tags: tags
  properties: {
    addressSpace: { addressPrefixes: [ '10.40.0.0/22' ] }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: '10.40.0.0/24'
          delegations: [ { name: 'flex', properties: { serviceName: 'Microsoft.App/environments' } } ]
        }
      }
      {
        name: 'endpoints'
        properties: {
          addressPrefix: '10.40.1.0/24'
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

resource dns 'Microsoft.Network/privateDnsZones@2024-06-01' = [for zone in items(zones): {
  name: zone.value
  location: 'global'
  tags: tags
}]

resource links 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [for (zone, i) in items(zones): {
  parent: dns[i]
  name: 'vnet-${name}'
  location: 'global'
  tags: tags
  properties: {
    virtualNetwork: { id: vnet.id }
    registrationEnabled: false
  }
}]

resource privateEndpoints 'Microsoft.Network/privateEndpoints@2024-01-01' = [for endpoint in endpoints: {
  name: 'pe-${endpoint.name}'
  location: location
  tags: tags
  properties: {
    subnet: { id: vnet.properties.subnets[1].id }
    privateLinkServiceConnections: [
      {
        name: endpoint.name
        properties: { privateLinkServiceId: endpoint.target, groupIds: [ endpoint.group ] }
      }
    ]
  }
}]

resource zoneGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-01-01' = [for (endpoint, i) in endpoints: {
  parent: privateEndpoints[i]
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: endpoint.group
        properties: { privateDnsZoneId: resourceId('Microsoft.Network/privateDnsZones', zones[endpoint.group]) }
      }
    ]
  }
  dependsOn: [ dns ]
}]

output appSubnetId string = vnet.properties.subnets[0].id
