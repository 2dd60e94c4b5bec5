// What wakes IT: dead letters, failing functions, a Monday without its weekly run, emails that would not send.
param name string
param location string
param tags object
param alertEmail string
param serviceBusId string
param insightsId string

resource group 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${name}'
  location: 'Global'
  tags: tags
  properties: {
    groupShortName: 'caseload'
    enabled: true
    emailReceivers: [ { name: 'it', emailAddress: alertEmail, useCommonAlertSchema: true } ]
  }
}

resource deadLetters 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-${name}-dead-letters'
  location: 'global'
  tags: tags
  properties: {
    description: 'A message was dead-lettered: a snapshot pull or an email gave up. See docs/operations.md, "Dead letters".'
    severity: 2
    enabled: true
    scopes: [ serviceBusId ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          name: 'deadlettered'
          criterionType: 'StaticThresholdCriterion'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'DeadletteredMessages'
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Maximum'
        }
      ]
    }
    actions: [ { actionGroupId: group.id } ]
  }
}

// Log alerts over Application Insights; each query returns rows only when something is wrong.
var logAlerts = [
  {
    key: 'function-failures'
    description: 'A function invocation failed (the handler answered 500 or the host timed out). See docs/operations.md, "Function failures".'
    frequency: 'PT15M'
    window: 'PT15M'
    query: 'requests | where success == false'
  }
  {
    // Kusto weeks start on Sunday. 10:00 UTC is 10:00 in London in winter and 11:00 in summer.
    key: 'weekly-run-missing'
    description: 'No weekly run completed by Monday 10:00: team managers have not been told. See docs/operations.md, "The weekly run did not complete".'
    frequency: 'PT1H'
    window: 'P1D'
    query: 'let monday = startofweek(now()) + 1d; traces | where timestamp > monday and message matches regex @"^[0-9]{4}-W[0-9]{2}: (Prepared|AlreadyPrepared)" | summarize runs = count() | where now() > monday + 10h and runs == 0'
  }
  {
    key: 'notification-failures'
    description: 'An email could not be sent (a bad address, a revoked key) or was recorded as poison: see the ledger (reporting notifications). See docs/operations.md, "Notification failures".'
    frequency: 'PT15M'
    window: 'PT15M'
    query: 'traces | where message has "transient failure, to be redelivered" or message has "recorded as poison" or message has "cannot be sent" or message has "NOT SENT, configuration" or message startswith "failed "'
  }
  {
    // The product's own count (reporting.notifications): a run in which a notification failed for its recipient or
    // could not be sent for the configuration (a revoked key, a sender not set).
    key: 'notifications-failed-in-a-run'
    description: 'Notifications failed (a bad address) or were misconfigured (a revoked SendGrid key, a sender not set) in a run. See docs/operations.md, "Notifications failed or misconfigured".'
    frequency: 'PT15M'
    window: 'PT15M'
    query: 'customMetrics | where name == "reporting.notifications" | extend outcome = tostring(customDimensions.outcome) | where outcome in ("failed", "misconfigured") | summarize notifications = sum(valueSum) by outcome | where notifications > 0'
  }
  {
    // The Backup function writes a point at least daily (reporting.backup, outcome written); 26 hours without one
    // means the store, the app's identity or the function has failed, and the recovery point is slipping.
    key: 'backup-missing'
    description: 'No backup point has been written for 26 hours: a loss now would cost more than a day. See docs/operations.md, "Backup and restore".'
    frequency: 'PT1H'
    window: 'P2D'
    query: 'customMetrics | where timestamp > ago(26h) | where name == "reporting.backup" | where tostring(customDimensions.outcome) == "written" | summarize points = count() | where points == 0'
  }
]

resource logAlert 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = [for alert in logAlerts: {
  name: 'alert-${name}-${alert.key}'
  location: location
  tags: tags
  properties: {
    displayName: 'Caseload Reporting: ${alert.key}'
    description: alert.description
    severity: 2
    enabled: true
    scopes: [ insightsId ]
    evaluationFrequency: alert.frequency
    windowSize: alert.window
    criteria: {
      allOf: [
        {
          query: alert.query
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    actions: { actionGroups: [ group.id ] }
  }
}]
