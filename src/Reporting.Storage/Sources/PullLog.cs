using Azure.Data.Tables;
using Caseload.Reporting.Sources;

namespace Caseload.Reporting.Storage.Sources;

/// <summary>
/// The log of pulls, one partition per source: which extracts were pulled, in which version, and what became of
/// them, so that an extract is pulled once (and a refused one reported once) until it changes.
/// </summary>
public sealed class PullLog(ReportingStorage tables)
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
        await foreach (var row in tables.Pulls.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var extract = row.GetString("Extract");
            records[extract] = new PullRecord(
                sourceId, extract, row.GetString("Fingerprint"), Enum.Parse<PullOutcome>(row.GetString("Outcome")),
                row.GetString("SnapshotId"), row.GetString("Report"), row.GetDateTimeOffset("At")!.Value);
        }

        return records;
    }
}
