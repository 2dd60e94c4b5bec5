using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;

namespace Caseload.Reporting.Storage;

/// <summary>The product's tables and its blob container in one storage account, created on first use.</summary>
public sealed class ReportingStorage
{
    private readonly string prefix;

    /// <summary>The product's tables and container in the account these clients reach, their names begun with <paramref name="prefix"/>; nothing is created.</summary>
    /// <remarks><see cref="ConnectAsync"/> is how the product connects; this is for clients made otherwise (tests' in-memory ones).</remarks>
    public ReportingStorage(TableServiceClient service, BlobServiceClient blobs, string prefix)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(prefix);
        this.prefix = prefix;
        Snapshots = service.GetTableClient(prefix + "Snapshots");
        Policies = service.GetTableClient(prefix + "Policies");
        Evaluations = service.GetTableClient(prefix + "Evaluations");
        Notifications = service.GetTableClient(prefix + "Notifications");
        Poison = service.GetTableClient(prefix + "Poison");
        Plans = service.GetTableClient(prefix + "Plans");
        Improvement = service.GetTableClient(prefix + "Improvement");
        Sources = service.GetTableClient(prefix + "Sources");
        Pulls = service.GetTableClient(prefix + "Pulls");
        Runs = service.GetTableClient(prefix + "Runs");
        Actions = service.GetTableClient(prefix + "Actions");
        LinkWithdrawals = service.GetTableClient(prefix + "LinkWithdrawals");
        Benchmarks = service.GetTableClient(prefix + "Benchmarks");

        // Container names are lower case letters, digits and hyphens.
        Blobs = blobs.GetBlobContainerClient(ContainerName(prefix, "reporting"));
    }

    /// <summary>One row a snapshot: its lineage; written after its blobs, so that only whole snapshots are ever seen.</summary>
    public TableClient Snapshots { get; }

    /// <summary>Every policy version set, and which is current.</summary>
    public TableClient Policies { get; }

    /// <summary>Each ISO week's evaluation: its lineage, its teams and its workers' breach states.</summary>
    public TableClient Evaluations { get; }

    /// <summary>The delivery ledger: every prepared notification of a period and where it stands.</summary>
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

    /// <summary>Each period's preparation: who holds it, and whether it is done.</summary>
    public TableClient Runs { get; }

    /// <summary>What team managers recorded about breaches, by the week each breach began.</summary>
    public TableClient Actions { get; }

    /// <summary>Breach links withdrawn before they expire.</summary>
    public TableClient LinkWithdrawals { get; }

    /// <summary>Every version of DfE's published figures set (the indicators, the statistical neighbours), and which is current.</summary>
    public TableClient Benchmarks { get; }

    /// <summary>
    /// What is stored as bytes, one container the app writes: each snapshot's files, caseloads and allocation history
    /// (<c>snapshots/</c>), each week's evaluation (<c>evaluations/</c>), each prepared notification (<c>prepared/</c>).
    /// </summary>
    public BlobContainerClient Blobs { get; }

    /// <summary>Every table of the product, by its name without the prefix (as a backup names it), in name order.</summary>
    public IReadOnlyList<(string Name, TableClient Table)> Tables =>
        [.. new[] { Snapshots, Policies, Evaluations, Notifications, Poison, Plans, Improvement, Sources, Pulls, Runs, Actions, LinkWithdrawals, Benchmarks }
            .Select(t => (Name: t.Name[prefix.Length..], Table: t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)];

    /// <summary>Connects to the configured account and makes sure every table and the container exist.</summary>
    /// <exception cref="StorageSettingException">Reporting:Storage is not set, or is not a connection string; the message says which part.</exception>
    /// <exception cref="StorageUnavailableException">Storage could not be reached or refused access; the message says where and why.</exception>
    public static async Task<ReportingStorage> ConnectAsync(ReportingStorageOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var where = StorageSetting.TableEndpoint(options.Storage);
        var tableOptions = new TableClientOptions();
        var blobOptions = new BlobClientOptions();
        foreach (var retry in new[] { tableOptions.Retry, blobOptions.Retry })
        {
            retry.MaxRetries = options.Retries;
            retry.Delay = options.RetryDelay;
            retry.NetworkTimeout = options.NetworkTimeout;
        }

        TableServiceClient tables;
        BlobServiceClient blobs;
        if (Uri.TryCreate(options.Storage, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "https" or "http")
        {
            TokenCredential credential = new DefaultAzureCredential();
            tables = new TableServiceClient(endpoint, credential, tableOptions);
            blobs = new BlobServiceClient(BlobEndpointOf(endpoint), credential, blobOptions);
        }
        else
        {
            tables = new TableServiceClient(options.Storage, tableOptions);
            blobs = new BlobServiceClient(options.Storage, blobOptions);
        }

        var storage = new ReportingStorage(tables, blobs, options.TablePrefix);
        try
        {
            // Every start (each Functions instance, each command) connects: listing the tables that begin with the prefix
            // and creating only those missing costs a start two requests, where asking after each table cost fourteen
            // in turn. Table names are letters and digits, so "~" sorts after every name that begins with the prefix.
            var existing = new HashSet<string>(StringComparer.Ordinal);
            var sharingPrefix = TableClient.CreateQueryFilter($"TableName ge {options.TablePrefix} and TableName lt {options.TablePrefix + "~"}");
            await foreach (var item in tables.QueryAsync(sharingPrefix, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                existing.Add(item.Name);
            }

            foreach (var (_, table) in storage.Tables.Where(t => !existing.Contains(t.Table.Name)))
            {
                await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            }

            await storage.Blobs.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && StorageUnavailableException.Of(e, where) is { } unavailable)
        {
            throw unavailable;
        }

        return storage;
    }

    /// <summary>The blob endpoint of the account whose table endpoint is given: <c>https://acct.table.core.windows.net</c> → <c>https://acct.blob.core.windows.net</c>.</summary>
    public static Uri BlobEndpointOf(Uri tableEndpoint)
    {
        ArgumentNullException.ThrowIfNull(tableEndpoint);
        var host = tableEndpoint.Host.Split('.');
        if (host.Length < 3 || host[1] != "table")
        {
            throw new StorageSettingException($"Reporting:Storage ({tableEndpoint.Host}) is not an account's table endpoint (https://<account>.table.core.windows.net): its blob endpoint cannot be found. Give a connection string instead.");
        }

        host[1] = "blob";
        return new UriBuilder(tableEndpoint) { Host = string.Join('.', host), Path = "/" }.Uri;
    }

    private static string ContainerName(string prefix, string name)
    {
        var safe = new string([.. prefix.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c))]);
        return safe.Length == 0 ? name : $"{safe}-{name}";
    }
}
