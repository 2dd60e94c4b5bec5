using Azure.Data.Tables;
using Azure.Identity;

namespace Caseload.Reporting.Storage;

/// <summary>The product's tables in one storage account, created on first use.</summary>
public sealed class ReportingTables
{
    private ReportingTables(TableServiceClient service, string prefix)
    {
        Snapshots = service.GetTableClient(prefix + "Snapshots");
        Caseloads = service.GetTableClient(prefix + "Caseloads");
        AllocationHistory = service.GetTableClient(prefix + "AllocationHistory");
        Policies = service.GetTableClient(prefix + "Policies");
        Evaluations = service.GetTableClient(prefix + "Evaluations");
        Notifications = service.GetTableClient(prefix + "Notifications");
        Poison = service.GetTableClient(prefix + "Poison");
        Plans = service.GetTableClient(prefix + "Plans");
        Improvement = service.GetTableClient(prefix + "Improvement");
        Sources = service.GetTableClient(prefix + "Sources");
        Pulls = service.GetTableClient(prefix + "Pulls");
    }

    /// <summary>One row a snapshot: its lineage; written last, so that only whole snapshots are ever seen.</summary>
    public TableClient Snapshots { get; }

    /// <summary>Each snapshot's caseloads by team and worker, one partition a snapshot.</summary>
    public TableClient Caseloads { get; }

    /// <summary>Which workers held which child in which weeks, for "children with 3+ workers in 12 months".</summary>
    public TableClient AllocationHistory { get; }

    /// <summary>Every policy version set, and which is current.</summary>
    public TableClient Policies { get; }

    /// <summary>Each ISO week's evaluation: its run and lineage, its teams and its workers' breach states.</summary>
    public TableClient Evaluations { get; }

    /// <summary>The ledger of notifications: who was told what, for which period.</summary>
    public TableClient Notifications { get; }

    /// <summary>Messages that can never succeed, and rejected snapshots: what, why, when.</summary>
    public TableClient Poison { get; }

    /// <summary>Every improvement plan version set, and which is current.</summary>
    public TableClient Plans { get; }

    /// <summary>Each month's improvement measures: actual, expected, target, RAG, with their lineage.</summary>
    public TableClient Improvement { get; }

    /// <summary>Every sources.json version set, and which is current.</summary>
    public TableClient Sources { get; }

    /// <summary>Which extracts were pulled from each source, in which version, and what became of them.</summary>
    public TableClient Pulls { get; }

    private IEnumerable<TableClient> All => [Snapshots, Caseloads, AllocationHistory, Policies, Evaluations, Notifications, Poison, Plans, Improvement, Sources, Pulls];

    /// <summary>Connects to the configured account and makes sure every table exists.</summary>
    public static async Task<ReportingTables> ConnectAsync(ReportingStorageOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Storage))
        {
            throw new InvalidOperationException("Reporting:Storage is not set: give a storage connection string, or the table endpoint URI for managed identity.");
        }

        var clientOptions = new TableClientOptions();
        clientOptions.Retry.MaxRetries = 5;
        clientOptions.Retry.Delay = options.RetryDelay;
        var service = Uri.TryCreate(options.Storage, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "https" or "http"
            ? new TableServiceClient(endpoint, new DefaultAzureCredential(), clientOptions)
            : new TableServiceClient(options.Storage, clientOptions);
        var tables = new ReportingTables(service, options.TablePrefix);
        foreach (var table in tables.All)
        {
            await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        }

        return tables;
    }
}
