using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Caseload.Reporting.Benchmarks;
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

    /// <summary>Stores a month's measures with their trends, replacing any stored before.</summary>
    /// <param name="month">The month.</param>
    /// <param name="snapshotId">Its last snapshot.</param>
    /// <param name="policyVersion">The policy its caseloads were evaluated under.</param>
    /// <param name="planVersion">The plan its measures come from.</param>
    /// <param name="computedAt">When.</param>
    /// <param name="measures">Its measures with their trends.</param>
    /// <param name="benchmarks">Where the council stood among DfE's published figures, as the digest says; null when no council is named.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    public async Task SaveAsync(YearMonth month, string snapshotId, string policyVersion, string planVersion, DateTimeOffset computedAt, IReadOnlyList<MeasureTrend> measures, BenchmarkComparison? benchmarks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(measures);
        var partition = YearMonthPattern.Iso.Format(month);
        await PartitionBatch.DeleteAsync(tables.Improvement, tables.Improvement.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);

        var rows = new List<ITableEntity>
        {
            new TableEntity(partition, RunRow) { ["SnapshotId"] = snapshotId, ["PolicyVersion"] = policyVersion, ["PlanVersion"] = planVersion, ["ComputedAt"] = computedAt,
                ["Benchmarks"] = benchmarks is null ? null : BenchmarkJson.Write(benchmarks).ToJsonString() },
        };
        rows.AddRange(measures.Select((m, i) => (m.Standing, m.Months, Order: i)).Select(s => new TableEntity(partition, MeasurePrefix + TableKey.Escape(s.Standing.Measure.Id))
        {
            ["Order"] = s.Order,
            ["Id"] = s.Standing.Measure.Id,
            ["Title"] = s.Standing.Measure.Name,
            ["Metric"] = MetricDefinition.Of(s.Standing.Measure.Metric).Code,
            ["Filter"] = s.Standing.Measure.Filter.ToString(),
            ["AsOf"] = LocalDatePattern.Iso.Format(s.Standing.AsOf),
            ["Actual"] = Number(s.Standing.Actual),
            ["Expected"] = Number(s.Standing.Expected),
            ["Target"] = Number(s.Standing.Measure.Target),
            ["Rag"] = s.Standing.Rag is { } rag ? Vocabulary.Code(rag) : null,
            ["Previous"] = Number(s.Standing.Previous),
            ["HistoryComplete"] = s.Standing.History.Complete,
            ["HistoryMonths"] = s.Standing.History.MonthsCovered,
            ["HistoryNeeded"] = s.Standing.History.MonthsNeeded,
            ["Trend"] = TrendJson(s.Months),
        }));
        await PartitionBatch.UpsertAsync(tables.Improvement, rows, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A month's stored measures, or null when the month has not been computed.</summary>
    public async Task<StoredMonth?> LoadAsync(YearMonth month, CancellationToken cancellationToken = default)
    {
        var partition = YearMonthPattern.Iso.Format(month);
        TableEntity? run = null;
        var measures = new List<(int Order, StoredMeasure Measure)>();
        await foreach (var row in tables.Improvement.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey == RunRow)
            {
                run = row;
            }
            else
            {
                // A month stored before titles, history and trends were kept reads as it was: its metric's title,
                // rated as it was then, no trend.
                var metric = row.GetString("Metric");
                measures.Add((row.GetInt32("Order")!.Value, new StoredMeasure(
                    row.GetString("Id"), row.GetString("Title") ?? (MetricDefinition.TryParse(metric, out var m) ? MetricDefinition.Of(m).Title : metric), metric,
                    row.GetString("Filter"), Decimal(row.GetString("Actual")), Decimal(row.GetString("Expected"))!.Value, Decimal(row.GetString("Target"))!.Value,
                    row.GetString("Rag"), Decimal(row.GetString("Previous")),
                    row.GetBoolean("HistoryComplete") is { } complete ? new History(complete, row.GetInt32("HistoryMonths") ?? 0, row.GetInt32("HistoryNeeded") ?? 0) : History.Enough,
                    row.GetString("Trend") is { } trend ? Trend(trend) : [])));
            }
        }

        return run is null ? null : new StoredMonth(
            month, run.GetString("SnapshotId"), run.GetString("PolicyVersion"), run.GetString("PlanVersion"), run.GetDateTimeOffset("ComputedAt")!.Value,
            [.. measures.OrderBy(m => m.Order).Select(m => m.Measure)])
        {
            Benchmarks = run.GetString("Benchmarks") is { } comparison ? BenchmarkJson.Read(comparison) : null,
        };
    }

    /// <summary>The trend as one compact JSON column: twelve points fit well inside a property's 64 KB.</summary>
    private static string TrendJson(IReadOnlyList<TrendPoint> points) => new JsonArray([.. points.Select(p => new JsonObject
    {
        ["month"] = YearMonthPattern.Iso.Format(p.Month),
        ["actual"] = Number(p.Actual),
        ["expected"] = Number(p.Expected),
        ["policyVersion"] = p.PolicyVersion,
        ["historyComplete"] = p.HistoryComplete,
    })]).ToJsonString();

    private static List<TrendPoint> Trend(string json) => [.. JsonNode.Parse(json)!.AsArray().Select(p => new TrendPoint(
        YearMonthPattern.Iso.Parse(p!["month"]!.GetValue<string>()).Value,
        Decimal(p["actual"]?.GetValue<string>()),
        Decimal(p["expected"]!.GetValue<string>())!.Value,
        p["policyVersion"]?.GetValue<string>(),
        p["historyComplete"]!.GetValue<bool>()))];

    // Decimals as invariant text: Table Storage's doubles would round a figure the next computation compares with.
    private static string? Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static decimal? Decimal(string? text) => text is null ? null : decimal.Parse(text, CultureInfo.InvariantCulture);
}
