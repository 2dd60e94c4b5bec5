// Sequelize loads this SQL Server driver only when Azurite keeps its metadata in SQL Server (AZURITE_DB set), which
// nothing here does: Azurite keeps it in memory or in its own files. So the driver (and the Azure identity, MSAL and
// Key Vault packages under it: 45 MB, a third of the install) is never installed.
throw new Error("Azurite's SQL Server metadata store is not installed here: start it without AZURITE_DB.");
