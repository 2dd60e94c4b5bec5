using 'main.bicep'

param name = 'caseload-dev'
param alertEmail = 'caseload-it@council.example'
param maximumInstanceCount = 10
param instanceMemoryMB = 2048
param extractRetentionDays = 14
param snapshotRetentionDays = 90
param logRetentionDays = 30
param backupRetentionDays = 7
// Unlocked, so that a dev store can be torn down once its backups expire.
param backupImmutabilityLocked = false
param sendGridApiKey = readEnvironmentVariable('SENDGRID_API_KEY', '')
param actionSigningKey = readEnvironmentVariable('ACTION_SIGNING_KEY', '')
param appSettings = {
  Reporting__Email__From: 'caseload-reports-dev@council.example'
  Reporting__Email__FallbackTo: 'caseload-it@council.example'
  Reporting__Email__LeadershipTo: 'caseload-it@council.example'
  Reporting__Email__DataTeamTo: 'caseload-it@council.example'
}
// The council's old LA code as DfE publishes it (887 is Medway's; set your own).
param councilCode = '887'
param networkIsolation = false
param tags = { product: 'caseload-reporting', environment: 'dev' }
