// Sequelize loads this MySQL driver only when Azurite keeps its metadata in MySQL (AZURITE_DB set), which nothing here
// does: Azurite keeps it in memory or in its own files. So the driver is never installed.
throw new Error("Azurite's MySQL metadata store is not installed here: start it without AZURITE_DB.");
