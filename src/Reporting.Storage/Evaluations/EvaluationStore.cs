using System.Globalization;
using Azure.Data.Tables;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Evaluation;
using NodaTime.Text;

namespace Caseload.Reporting.Storage.Evaluations;

/// <summary>
/// Stores evaluations: each week's evaluation whole as one blob (<c>evaluations/{week}.json.gz</c>, every worker and
/// team exactly as evaluated), and a run row per week (partition the week) written after it, with the lineage and
/// totals, so that only a whole evaluation is ever read. Only the run holding the week's preparation
/// (<see cref="Runs.PeriodRuns"/>) writes it.
/// </summary>
public sealed class EvaluationStore(ReportingStorage tables)
{
    private const string RunRow = "run";
    private const string Complete = "complete";
    private const string StaffPseudonymised = "StaffPseudonymised";

    /// <summary>Stores a week's evaluation, replacing whatever an earlier, unfinished attempt left; its run row, written last, completes it.</summary>
    public async Task SaveAsync(IsoWeek week, StoredEvaluation stored, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var evaluation = stored.Evaluation;
        var blob = BlobOf(week);
        await tables.Blobs.GetBlobClient(blob).UploadAsync(BinaryData.FromBytes(StoredJson.Write(evaluation)), overwrite: true, cancellationToken).ConfigureAwait(false);

        var run = new TableEntity(week.ToString(), RunRow)
        {
            ["Status"] = Complete,
            ["Blob"] = blob,
            ["SnapshotId"] = stored.SnapshotId,
            ["AsOf"] = LocalDatePattern.Iso.Format(evaluation.AsOf),
            ["PolicyVersion"] = evaluation.PolicyVersion,
            ["LimitOn"] = evaluation.LimitOn.ToString(),
            ["EvaluatedAt"] = stored.EvaluatedAt,
            ["Workers"] = evaluation.Workers.Count,
            ["Teams"] = evaluation.Teams.Count,
        };
        WriteFigures(run, evaluation.Totals);
        await tables.Evaluations.UpsertEntityAsync(run, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A week's evaluation, when it is complete.</summary>
    public async Task<StoredEvaluation?> LoadAsync(IsoWeek week, CancellationToken cancellationToken = default)
    {
        var row = await tables.Evaluations.GetEntityIfExistsAsync<TableEntity>(week.ToString(), RunRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!row.HasValue || row.Value!.GetString("Status") != Complete)
        {
            return null;
        }

        var run = row.Value;
        var content = await tables.Blobs.GetBlobClient(run.GetString("Blob")).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        using var stream = content.Value.Content;
        return new StoredEvaluation(StoredJson.Read<CaseloadEvaluation>(stream), run.GetString("SnapshotId"), run.GetDateTimeOffset("EvaluatedAt")!.Value);
    }

    /// <summary>The latest week before this one that has a complete evaluation: the "previous week" of weeks in breach.</summary>
    public async Task<StoredEvaluation?> LatestBeforeAsync(IsoWeek week, CancellationToken cancellationToken = default) =>
        await LastEvaluatedBeforeAsync(week, cancellationToken).ConfigureAwait(false) is { } found
            ? await LoadAsync(found, cancellationToken).ConfigureAwait(false)
            : null;

    /// <summary>The latest week before this one that has a complete evaluation, without loading it.</summary>
    public async Task<IsoWeek?> LastEvaluatedBeforeAsync(IsoWeek week, CancellationToken cancellationToken = default)
    {
        IsoWeek? latest = null;
        var filter = TableClient.CreateQueryFilter($"RowKey eq {RunRow} and PartitionKey lt {week.ToString()} and Status eq {Complete}");
        await foreach (var row in tables.Evaluations.QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (IsoWeek.TryParse(row.PartitionKey, out var evaluated) && (latest is null || evaluated > latest))
            {
                latest = evaluated;
            }
        }

        return latest;
    }

    /// <summary>Every evaluated week with the snapshot and policy it was evaluated from, oldest first, without loading any.</summary>
    public async Task<IReadOnlyList<EvaluatedWeek>> ListAsync(CancellationToken cancellationToken = default)
    {
        var weeks = new List<EvaluatedWeek>();
        var filter = TableClient.CreateQueryFilter($"RowKey eq {RunRow} and Status eq {Complete}");
        await foreach (var row in tables.Evaluations.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "SnapshotId", "PolicyVersion"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (IsoWeek.TryParse(row.PartitionKey, out var week))
            {
                weeks.Add(new EvaluatedWeek(week, row.GetString("SnapshotId"), row.GetString("PolicyVersion")));
            }
        }

        return [.. weeks.OrderBy(w => w.Week)];
    }

    /// <summary>
    /// Writes a week's evaluation again as data protection changed it (names pseudonymised, notes deleted; every
    /// figure the same), in place of the one stored; the run row's lineage and totals stay. A week done for staff
    /// retention is marked so, and not read again by the next day's run.
    /// </summary>
    public async Task ReplaceAsync(IsoWeek week, CaseloadEvaluation changed, bool staffRetention, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changed);
        var row = await tables.Evaluations.GetEntityAsync<TableEntity>(week.ToString(), RunRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        await tables.Blobs.GetBlobClient(row.Value.GetString("Blob")).UploadAsync(BinaryData.FromBytes(StoredJson.Write(changed)), overwrite: true, cancellationToken).ConfigureAwait(false);
        if (staffRetention)
        {
            await tables.Evaluations.UpdateEntityAsync(new TableEntity(week.ToString(), RunRow) { [StaffPseudonymised] = true }, Azure.ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The evaluated weeks that began before <paramref name="cutoff"/> and staff retention has not yet pseudonymised, oldest first.</summary>
    public async Task<IReadOnlyList<IsoWeek>> NamedBeforeAsync(NodaTime.LocalDate cutoff, CancellationToken cancellationToken = default)
    {
        var weeks = new List<IsoWeek>();
        var filter = TableClient.CreateQueryFilter($"RowKey eq {RunRow} and Status eq {Complete}");
        await foreach (var row in tables.Evaluations.QueryAsync<TableEntity>(filter, select: ["PartitionKey", StaffPseudonymised], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (IsoWeek.TryParse(row.PartitionKey, out var week) && week.Monday.PlusDays(6) < cutoff && row.GetBoolean(StaffPseudonymised) != true)
            {
                weeks.Add(week);
            }
        }

        return [.. weeks.Order()];
    }

    private static void WriteFigures(TableEntity row, CaseloadFigures figures)
    {
        row["CaseHolders"] = figures.CaseHolders;
        row["Cases"] = figures.Cases;
        row["AverageCaseload"] = Number(figures.AverageCaseload);
        row["CasesPerFte"] = Number(figures.CasesPerFte);
        row["WorkersOverLimit"] = figures.WorkersOverLimit;
        row["Unallocated"] = figures.Unallocated;
    }

    // Table Storage has no decimal: figures are kept as invariant text so that nothing passes through a double.
    private static string? Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);


    private static string BlobOf(IsoWeek week) => $"evaluations/{week}.json.gz";
}
