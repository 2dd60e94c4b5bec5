using Azure.Data.Tables;
using Caseload.Reporting.Policies;

namespace Caseload.Reporting.Storage.Policies;

/// <summary>A policy as stored: its version, its document as the council wrote it, and when it was set.</summary>
/// <param name="Policy">The policy read from the document.</param>
/// <param name="Document">The JSON as given; null for the built-in defaults.</param>
/// <param name="SetAt">When it became current; null for the built-in defaults.</param>
public sealed record StoredPolicy(Policy Policy, string? Document, DateTimeOffset? SetAt);

/// <summary>
/// Keeps every policy version ever set, and which is current. A version is immutable: setting a different
/// document under a stored version is refused, so that every evaluation's policyVersion says exactly what applied.
/// </summary>
public sealed class PolicyStore(ReportingTables tables, TimeProvider time)
{
    private const string Partition = "policy";
    private const string CurrentRow = "~current";

    /// <summary>The current policy; the built-in defaults until one is set.</summary>
    public async Task<StoredPolicy> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var current = await tables.Policies.GetEntityIfExistsAsync<TableEntity>(Partition, CurrentRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!current.HasValue)
        {
            return new StoredPolicy(Policy.Default, null, null);
        }

        var version = await tables.Policies.GetEntityAsync<TableEntity>(Partition, current.Value!.GetString("Row"), cancellationToken: cancellationToken).ConfigureAwait(false);
        var document = version.Value.GetString("Document");
        return new StoredPolicy(PolicyDocument.Parse(document), document, current.Value.GetDateTimeOffset("SetAt"));
    }

    /// <summary>A policy by version: a stored one, or the built-in defaults by their version; null when neither.</summary>
    public async Task<Policy?> GetAsync(string version, CancellationToken cancellationToken = default)
    {
        var stored = await tables.Policies.GetEntityIfExistsAsync<TableEntity>(Partition, TableKey.Escape(version), cancellationToken: cancellationToken).ConfigureAwait(false);
        return stored.HasValue ? PolicyDocument.Parse(stored.Value!.GetString("Document"))
            : version == Policy.Default.Version ? Policy.Default
            : null;
    }

    /// <summary>Stores a policy document (if its version is new) and makes it current.</summary>
    /// <exception cref="InvalidInputException">The document is not a valid policy.</exception>
    /// <exception cref="InvalidOperationException">Its version is stored already with a different document.</exception>
    public async Task<StoredPolicy> SetAsync(string document, CancellationToken cancellationToken = default)
    {
        var policy = PolicyDocument.Parse(document);
        var row = TableKey.Escape(policy.Version);
        var now = time.GetUtcNow();
        try
        {
            await tables.Policies.AddEntityAsync(new TableEntity(Partition, row) { ["Version"] = policy.Version, ["Document"] = document, ["StoredAt"] = now }, cancellationToken).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 409)
        {
            var stored = await tables.Policies.GetEntityAsync<TableEntity>(Partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!string.Equals(stored.Value.GetString("Document"), document, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"Policy version '{policy.Version}' is already stored with a different document. Give the new policy its own \"version\" so that evaluations say which applied.");
            }
        }

        await tables.Policies.UpsertEntityAsync(new TableEntity(Partition, CurrentRow) { ["Row"] = row, ["Version"] = policy.Version, ["SetAt"] = now }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return new StoredPolicy(policy, document, now);
    }
}
