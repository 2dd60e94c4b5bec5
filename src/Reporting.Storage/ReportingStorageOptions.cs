namespace Caseload.Reporting.Storage;

/// <summary>Where the product keeps its state (configuration <c>Reporting:Storage</c>, environment <c>Reporting__Storage</c>).</summary>
public sealed class ReportingStorageOptions
{
    /// <summary>
    /// A storage connection string (Azurite, or an account key), or the table endpoint URI of the account, used
    /// with <c>DefaultAzureCredential</c> (the Function App's managed identity in Azure).
    /// </summary>
    public string? Storage { get; set; }

    /// <summary>Prepended to every table name, so that tests and tenants can share an account.</summary>
    public string TablePrefix { get; set; } = "";

    /// <summary>The first wait before a failed storage request is tried again (then exponential, 5 tries); the SDK's 0.8 s by default.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(0.8);

    /// <summary>How often a failed storage request is tried again; the SDK's 5 by default.</summary>
    public int Retries { get; set; } = 5;

    /// <summary>How long one request may wait for an answer before it is tried again; the SDK's 100 s by default.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);
}
