using Caseload.Reporting.Storage;

namespace Caseload.Reporting.Jobs;

/// <summary>
/// The product's storage, connected once per process on first use (connecting makes sure every table and container
/// exists: a dozen calls a process, not an invocation).
/// </summary>
public sealed class StorageConnection
{
    private readonly Lazy<Task<ReportingStorage>> storage;

    /// <summary>A connection to the configured storage.</summary>
    public StorageConnection(ReportingStorageOptions options) =>
        storage = new Lazy<Task<ReportingStorage>>(() => ReportingStorage.ConnectAsync(options));

    /// <summary>The storage, connected.</summary>
    /// <exception cref="InvalidOperationException">Reporting:Storage is not set.</exception>
    public Task<ReportingStorage> GetAsync(CancellationToken cancellationToken = default) => storage.Value.WaitAsync(cancellationToken);
}
