using System.Globalization;
using Azure.Data.Tables;
using Caseload.Reporting.Improvement;
using Caseload.Reporting.Snapshots;
using NodaTime;
using NodaTime.Text;

namespace Caseload.Reporting.Storage.Improvement;

/// <summary>
/// Stores each month's measures, one partition a month: a lineage row and a row per measure. Computing a month
/// again replaces its rows, so the stored figures are always those of the last computation.
/// </summary>
public sealed class ImprovementStore(ReportingStorage tables)
{
    private const string RunRow = "run";
    private const string MeasurePrefix = "measure|";

    /// <summary>Stores a month's standings, replacing any stored before.</summary>
    public async Task SaveAsync(YearMonth month, string snapshotId, string policyVersion, string planVersion, DateTimeOffset computedAt, IReadOnlyList<MeasureStanding> standings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(standings);
        var partition = YearMonthPattern.Iso.Format(month);
        await PartitionBatch.DeleteAsync(tables.Improvement, tables.Improvement.QueryAsync<TableEntity>(r => r.PartitionKey == partition, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);

        var rows = new List<ITableEntity>
        {
            new TableEntity(partition, RunRow) { ["SnapshotId"] = snapshotId, ["PolicyVersion"] = policyVersion, ["PlanVersion"] = planVersion, ["ComputedAt"] = computedAt },
        };
        rows.AddRange(standings.Select((s, i) => new TableEntity(partition, MeasurePrefix + TableKey.Escape(s.Measure.Id))
        {
            ["Order"] = i,
            ["Id"] = s.Measure.Id,
            ["Metric"] = MetricDefinition.Of(s.Measure.Metric).Code,
            ["Filter"] = s.Measure.Filter.ToString(),
            ["AsOf"] = LocalDatePattern.Iso.Format(s.AsOf),
            ["Actual"] = Number(s.Actual),
            ["Expected"] = Number(s.Expected),
            ["Target"] = Number(s.Measure.Target),
            ["Rag"] = s.Rag is { } rag ? Vocabulary.Code(rag) : null,
            ["Previous"] = Number(s.Previous),
        }));
        await PartitionBatch.UpsertAsync(tables.Improvement, rows, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A month's stored measures, or null when the month has not been computed.</summary>
    public async Task<StoredMonth?> LoadAsync(YearMonth month, CancellationToken cancellationToken = default)
    {
        var partition = YearMonthPattern.Iso.Format(month);
        TableEntity? run = null;
        var measures = new List<(int Order, StoredMeasure Measure)>();
        await foreach (var row in tables.Improvement.QueryAsync<TableEntity>(r => r.PartitionKey == partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey == RunRow)
            {
                run = row;
            }
            else
            {
                measures.Add((row.GetInt32("Order")!.Value, new StoredMeasure(
                    row.GetString("Id"), row.GetString("Metric"), row.GetString("Filter"), Decimal(row.GetString("Actual")),
                    Decimal(row.GetString("Expected"))!.Value, Decimal(row.GetString("Target"))!.Value, row.GetString("Rag"), Decimal(row.GetString("Previous")))));
            }
        }

        return run is null ? null : new StoredMonth(
            month, run.GetString("SnapshotId"), run.GetString("PolicyVersion"), run.GetString("PlanVersion"), run.GetDateTimeOffset("ComputedAt")!.Value,
            [.. measures.OrderBy(m => m.Order).Select(m => m.Measure)]);
    }

    // Decimals as invariant text: Table Storage's doubles would round a figure the next computation compares with.
    private static string? Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static decimal? Decimal(string? text) => text is null ? null : decimal.Parse(text, CultureInfo.InvariantCulture);
}
