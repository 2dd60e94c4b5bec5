using Azure.Data.Tables;

namespace Caseload.Reporting.Storage.Sources;

/// <summary>What became of one pulled extract.</summary>
public enum PullOutcome
{
    /// <summary>Stored as a new snapshot.</summary>
    Ingested,

    /// <summary>The same files were stored before.</summary>
    AlreadyStored,

    /// <summary>Refused as invalid: quarantined where it lies, nothing of it stored.</summary>
    Refused,
}

/// <summary>A pull as recorded.</summary>
/// <param name="SourceId">The source.</param>
/// <param name="Extract">The extract within it: a folder name, or the digest of a download.</param>
/// <param name="Fingerprint">What identifies this version of the extract (ETags or a digest): a changed extract is pulled again.</param>
/// <param name="Outcome">What became of it.</param>
/// <param name="SnapshotId">The stored snapshot, when it was stored.</param>
/// <param name="Report">The validation report, when refused.</param>
/// <param name="At">When.</param>
public sealed record PullRecord(string SourceId, string Extract, string Fingerprint, PullOutcome Outcome, string? SnapshotId, string? Report, DateTimeOffset At);

/// <summary>
/// The log of pulls, one partition per source: which extracts were pulled, in which version, and what became of
/// them, so that an extract is pulled once (and a refused one reported once) until it changes.
/// </summary>
public sealed class PullLog(ReportingTables tables)
{
    /// <summary>Records a pull.</summary>
    public Task RecordAsync(PullRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return tables.Pulls.UpsertEntityAsync(
            new TableEntity(TableKey.Escape(record.SourceId), TableKey.Escape(record.Extract))
            {
                ["Extract"] = record.Extract,
                ["Fingerprint"] = record.Fingerprint,
                ["Outcome"] = record.Outcome.ToString(),
                ["SnapshotId"] = record.SnapshotId,
                ["Report"] = record.Report,
                ["At"] = record.At,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    /// <summary>The pulls of a source, by extract.</summary>
    public async Task<IReadOnlyDictionary<string, PullRecord>> ListAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        var partition = TableKey.Escape(sourceId);
        var records = new Dictionary<string, PullRecord>(StringComparer.Ordinal);
        await foreach (var row in tables.Pulls.QueryAsync<TableEntity>(r => r.PartitionKey == partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var extract = row.GetString("Extract");
            records[extract] = new PullRecord(
                sourceId, extract, row.GetString("Fingerprint"), Enum.Parse<PullOutcome>(row.GetString("Outcome")),
                row.GetString("SnapshotId"), row.GetString("Report"), row.GetDateTimeOffset("At")!.Value);
        }

        return records;
    }
}
