using 'main.bicep'

param name = 'caseload-prod'
param alertEmail = 'caseload-it@council.example'
param maximumInstanceCount = 40
param instanceMemoryMB = 2048
param extractRetentionDays = 35
param snapshotRetentionDays = 730
param logRetentionDays = 90
param backupRetentionDays = 35
param backupImmutabilityLocked = true
param sendGridApiKey = readEnvironmentVariable('SENDGRID_API_KEY', '')
param actionSigningKey = readEnvironmentVariable('ACTION_SIGNING_KEY', '')
param appSettings = {
  Reporting__Email__From: 'caseload-reports@council.example'
  Reporting__Email__FallbackTo: 'childrens-performance@council.example'
  Reporting__Email__LeadershipTo: 'dcs@council.example, principal-social-worker@council.example'
  Reporting__Email__DataTeamTo: 'childrens-performance@council.example'
}
// The council's old LA code as DfE publishes it (887 is Medway's; set your own).
param councilCode = '887'
param networkIsolation = true
param tags = { product: 'caseload-reporting', environment: 'prod' }
