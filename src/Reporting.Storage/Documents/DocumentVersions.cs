using Azure.Data.Tables;

namespace Caseload.Reporting.Storage.Documents;

/// <summary>A version of a council's document as stored.</summary>
/// <param name="Version">Its version.</param>
/// <param name="Document">The document as the council wrote it.</param>
/// <param name="SetAt">When it became current.</param>
public sealed record DocumentVersion(string Version, string Document, DateTimeOffset SetAt);

/// <summary>
/// Every version ever set of one kind of council document (policy.json, plan.json), and which is current, in one
/// partition. A version is immutable: setting a different document under a stored version is refused, so that
/// whatever records a version says exactly what applied.
/// </summary>
/// <param name="table">The table.</param>
/// <param name="kind">The document's kind, its partition: <c>policy</c>, <c>plan</c>.</param>
public sealed class DocumentVersions(TableClient table, string kind)
{
    private const string CurrentRow = "~current";

    /// <summary>The current version, or null until one is set.</summary>
    public async Task<DocumentVersion?> CurrentAsync(CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var current = await table.GetEntityIfExistsAsync<TableEntity>(kind, CurrentRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!current.HasValue)
        {
            return null;
        }

        var version = await table.GetEntityAsync<TableEntity>(kind, current.Value!.GetString("Row"), cancellationToken: cancellationToken).ConfigureAwait(false);
        return new DocumentVersion(version.Value.GetString("Version"), version.Value.GetString("Document"), current.Value.GetDateTimeOffset("SetAt")!.Value);
    }

    /// <summary>A stored version's document, or null.</summary>
    public async Task<string?> GetAsync(string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var stored = await table.GetEntityIfExistsAsync<TableEntity>(kind, TableKey.Escape(version), cancellationToken: cancellationToken).ConfigureAwait(false);
        return stored.HasValue ? stored.Value!.GetString("Document") : null;
    }

    /// <summary>Stores a document under its version (unless stored already) and makes it current.</summary>
    /// <exception cref="InvalidOperationException">The version is stored already with a different document.</exception>
    public async Task SetAsync(string version, string document, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var row = TableKey.Escape(version);
        try
        {
            await table.AddEntityAsync(new TableEntity(kind, row) { ["Version"] = version, ["Document"] = document, ["StoredAt"] = now }, cancellationToken).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 409)
        {
            var stored = await table.GetEntityAsync<TableEntity>(kind, row, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!string.Equals(stored.Value.GetString("Document"), document, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"The {kind} version '{version}' is already stored with a different document. Give the new {kind} its own \"version\" so that what used it says which applied.");
            }
        }

        await table.UpsertEntityAsync(new TableEntity(kind, CurrentRow) { ["Row"] = row, ["Version"] = version, ["SetAt"] = now }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }
}
