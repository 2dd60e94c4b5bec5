using Caseload.Reporting.Storage;
using Caseload.Reporting.Storage.Local;

namespace Caseload.Reporting.Tests;

/// <summary>One real Azurite for the test assembly, on a free loopback port; each test takes tables of its own.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? server;

    public string ConnectionString => server!.ConnectionString;

    public async Task InitializeAsync() => server = await AzuriteServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>Fresh tables, named apart from every other test's.</summary>
    public Task<ReportingStorage> TablesAsync() =>
        ReportingStorage.ConnectAsync(new ReportingStorageOptions { Storage = ConnectionString, TablePrefix = $"t{Guid.NewGuid():N}"[..11] });
}

[CollectionDefinition(Name)]
public sealed class AzuriteTests : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
