// The operations workbook IT opens in the portal: the product's telemetry (docs/operations.md, "Telemetry"), the
// Functions host's invocations and Service Bus's dead letters, on one page. Its tiles' queries name the product's
// metrics; tests/Reporting.Infra.Tests checks them against the list the code emits.
param name string
param location string
param tags object
param insightsId string
param serviceBusId string

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, name, 'operations-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'Caseload Reporting — operations'
    category: 'workbook'
    sourceId: insightsId
    serializedData: replace(replace(loadTextContent('operations-workbook.json'), '__SERVICE_BUS__', serviceBusId), '__INSIGHTS__', insightsId)
  }
}

output id string = workbook.id
