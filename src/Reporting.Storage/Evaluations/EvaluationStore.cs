using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;
using NodaTime.Text;

namespace Caseload.Reporting.Storage.Evaluations;

/// <summary>
/// Stores evaluations, one partition per ISO week: a row per team and per worker, the data-quality warnings, and a
/// run row with the lineage and totals, written last, so that only a whole evaluation is ever read. Only the run
/// holding the week's preparation (<see cref="Runs.PeriodRuns"/>) writes it.
/// </summary>
public sealed class EvaluationStore(ReportingStorage tables)
{
    private const string RunRow = "run";
    private const string TeamPrefix = "team|";
    private const string WorkerPrefix = "worker|";
    private const string Complete = "complete";

    /// <summary>Stores a week's evaluation, replacing whatever an earlier, unfinished attempt left; its run row, written last, completes it.</summary>
    public async Task SaveAsync(IsoWeek week, StoredEvaluation stored, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var partition = week.ToString();
        var evaluation = stored.Evaluation;
        await PartitionBatch.DeleteAsync(tables.Evaluations, tables.Evaluations.QueryAsync<TableEntity>(r => r.PartitionKey == partition, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        await PartitionBatch.UpsertAsync(tables.Evaluations, Rows(partition, evaluation), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);

        var run = new TableEntity(partition, RunRow)
        {
            ["Status"] = Complete,
            ["SnapshotId"] = stored.SnapshotId,
            ["AsOf"] = LocalDatePattern.Iso.Format(evaluation.AsOf),
            ["PolicyVersion"] = evaluation.PolicyVersion,
            ["LimitOn"] = evaluation.LimitOn.ToString(),
            ["EvaluatedAt"] = stored.EvaluatedAt,
        };
        WriteFigures(run, evaluation.Totals);
        await tables.Evaluations.UpsertEntityAsync(run, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A week's evaluation, when it is complete.</summary>
    public async Task<StoredEvaluation?> LoadAsync(IsoWeek week, CancellationToken cancellationToken = default)
    {
        TableEntity? run = null;
        var teams = new List<TeamCaseload>();
        var workers = new List<WorkerCaseload>();
        var warnings = new List<Problem>();
        await foreach (var row in tables.Evaluations.QueryAsync<TableEntity>(r => r.PartitionKey == week.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey == RunRow)
            {
                run = row;
            }
            else if (row.RowKey.StartsWith(TeamPrefix, StringComparison.Ordinal))
            {
                teams.Add(ReadTeam(row));
            }
            else if (row.RowKey.StartsWith(WorkerPrefix, StringComparison.Ordinal))
            {
                workers.Add(ReadWorker(row));
            }
            else
            {
                warnings.Add(ProblemRows.From(row));
            }
        }

        if (run is null || run.GetString("Status") != Complete)
        {
            return null;
        }

        workers.Sort((a, b) => string.CompareOrdinal(a.TeamId, b.TeamId) is var byTeam && byTeam != 0 ? byTeam : string.CompareOrdinal(a.WorkerId, b.WorkerId));
        teams.Sort((a, b) => string.CompareOrdinal(a.TeamId, b.TeamId));
        var evaluation = new CaseloadEvaluation(
            LocalDatePattern.Iso.Parse(run.GetString("AsOf")).Value,
            week,
            run.GetString("PolicyVersion"),
            Enum.Parse<LimitOn>(run.GetString("LimitOn")),
            workers,
            teams,
            ReadFigures(run),
            warnings);
        return new StoredEvaluation(evaluation, run.GetString("SnapshotId"), run.GetDateTimeOffset("EvaluatedAt")!.Value);
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

    private static IEnumerable<ITableEntity> Rows(string partition, CaseloadEvaluation evaluation)
    {
        foreach (var team in evaluation.Teams)
        {
            var row = new TableEntity(partition, TeamPrefix + TableKey.Escape(team.TeamId))
            {
                ["TeamId"] = team.TeamId,
                ["Name"] = team.Name,
                ["TeamType"] = Vocabulary.Code(team.TeamType),
            };
            WriteFigures(row, team.Figures);
            yield return row;
        }

        foreach (var worker in evaluation.Workers)
        {
            yield return new TableEntity(partition, WorkerPrefix + TableKey.Escape(worker.WorkerId))
            {
                ["WorkerId"] = worker.WorkerId,
                ["Name"] = worker.Name,
                ["TeamId"] = worker.TeamId,
                ["Role"] = Vocabulary.Code(worker.Role),
                ["Fte"] = Number(worker.Fte),
                ["Asye"] = worker.Asye,
                ["Agency"] = worker.Agency,
                ["Caseload"] = worker.Caseload,
                ["WeightedLoad"] = Number(worker.WeightedLoad),
                ["Limit"] = Number(worker.Limit),
                ["OverBy"] = Number(worker.OverBy),
                ["Band"] = Vocabulary.Code(worker.Band),
                ["Status"] = worker.Status is { } status ? Vocabulary.Code(status) : null,
                ["WeeksInBreach"] = worker.WeeksInBreach,
            };
        }

        foreach (var warning in ProblemRows.Of(partition, evaluation.DataQuality))
        {
            yield return warning;
        }
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

    private static CaseloadFigures ReadFigures(TableEntity row) => new(
        row.GetInt32("CaseHolders")!.Value,
        row.GetInt32("Cases")!.Value,
        Number(row.GetString("AverageCaseload")),
        Number(row.GetString("CasesPerFte")),
        row.GetInt32("WorkersOverLimit")!.Value,
        row.GetInt32("Unallocated")!.Value);

    private static TeamCaseload ReadTeam(TableEntity row) => new(
        row.GetString("TeamId"), row.GetString("Name"), Code<TeamType>(row.GetString("TeamType")), ReadFigures(row));

    private static WorkerCaseload ReadWorker(TableEntity row) => new(
        row.GetString("WorkerId"),
        row.GetString("Name"),
        row.GetString("TeamId"),
        Code<Role>(row.GetString("Role")),
        Number(row.GetString("Fte"))!.Value,
        row.GetBoolean("Asye")!.Value,
        row.GetBoolean("Agency")!.Value,
        row.GetInt32("Caseload")!.Value,
        Number(row.GetString("WeightedLoad"))!.Value,
        Number(row.GetString("Limit")),
        Number(row.GetString("OverBy"))!.Value,
        Code<Band>(row.GetString("Band")),
        row.GetString("Status") is { } status ? Code<BreachStatus>(status) : null,
        row.GetInt32("WeeksInBreach")!.Value);

    // Table Storage has no decimal: figures are kept as invariant text so that nothing passes through a double.
    private static string? Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static decimal? Number(string? text) => text is null ? null : decimal.Parse(text, CultureInfo.InvariantCulture);

    private static T Code<T>(string code) where T : struct, Enum =>
        Vocabulary.TryParse<T>(code, out var value) ? value : throw new InvalidDataException($"'{code}' is not a {typeof(T).Name} code.");
}
