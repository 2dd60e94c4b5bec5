// Azurite loads this module at start and calls it only when its telemetry is on. Every start here passes
// --disableTelemetry, so the real SDK (and its OpenTelemetry exporters: 240 MB and 42,000 files, two thirds of the
// install's CPU) is never installed.
module.exports = {};
