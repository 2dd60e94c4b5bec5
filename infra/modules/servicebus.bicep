// Service Bus Standard, local (SAS) authentication off, with the two queues the app uses.
param name string
param location string
param tags object
@description('Deliveries before a message is dead-lettered; the app records poison itself on the last one (Reporting:Queues:MaxDeliveryCount).')
param maxDeliveryCount int

resource namespace 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: 'sb-${name}'
  location: location
  tags: tags
  sku: { name: 'Standard', tier: 'Standard' }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

// A pull downloads and stores a snapshot (minutes); a notification composes and sends one email (seconds, with
// retries up to two minutes). Locks cover the longest; a message not taken within its TTL is dead-lettered, not lost.
var queues = {
  'snapshot-pulls': { lockDuration: 'PT5M', ttl: 'P1D' }
  notifications: { lockDuration: 'PT3M', ttl: 'P2D' }
}

resource queue 'Microsoft.ServiceBus/namespaces/queues@2022-10-01-preview' = [for q in items(queues): {
  parent: namespace
  name: q.key
  properties: {
    maxDeliveryCount: maxDeliveryCount
    lockDuration: q.value.lockDuration
    defaultMessageTimeToLive: q.value.ttl
    deadLetteringOnMessageExpiration: true
    requiresDuplicateDetection: false
    enablePartitioning: false
  }
}]

output id string = namespace.id
output name string = namespace.name
output fullyQualifiedNamespace string = '${namespace.name}.servicebus.windows.net'
