using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;
using NodaTime.Text;

namespace Caseload.Reporting.Storage.Evaluations;

/// <summary>An evaluation as stored for an ISO week, with its lineage.</summary>
/// <param name="Evaluation">The evaluation, its week the week it was run for.</param>
/// <param name="SnapshotId">The stored snapshot it evaluated.</param>
/// <param name="EvaluatedAt">When it was made.</param>
public sealed record StoredEvaluation(CaseloadEvaluation Evaluation, string SnapshotId, DateTimeOffset EvaluatedAt);

/// <summary>What a run asking for a week got.</summary>
public enum ClaimOutcome
{
    /// <summary>The week is this run's to evaluate.</summary>
    Claimed,

    /// <summary>The week is evaluated already: the stored evaluation stands.</summary>
    AlreadyEvaluated,

    /// <summary>Another run holds the week now.</summary>
    Busy,
}

/// <summary>A run's hold on a week, proven by the ETag of the week's run row.</summary>
/// <param name="Week">The week held.</param>
/// <param name="ETag">The run row's ETag when it was claimed.</param>
public sealed record WeekClaim(IsoWeek Week, ETag ETag);

/// <summary>
/// Stores evaluations, one partition per ISO week: a run row (the claim, then the lineage and totals), a row per
/// team and per worker, and the data-quality warnings. Runs of the same week exclude each other through the run
/// row's ETag; an unfinished run's claim lapses after <see cref="Lease"/> so that a crashed run is caught up.
/// </summary>
public sealed class EvaluationStore(ReportingTables tables, TimeProvider time)
{
    /// <summary>How long a run may hold a week without finishing before another may take it over.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(15);

    private const string RunRow = "run";
    private const string TeamPrefix = "team|";
    private const string WorkerPrefix = "worker|";
    private const string Running = "running";
    private const string Complete = "complete";

    /// <summary>Asks for a week: claims it unless it is evaluated or another run holds it.</summary>
    public async Task<(ClaimOutcome Outcome, WeekClaim? Claim)> ClaimAsync(IsoWeek week, CancellationToken cancellationToken = default)
    {
        var partition = week.ToString();
        var claim = new TableEntity(partition, RunRow) { ["Status"] = Running, ["ClaimedAt"] = time.GetUtcNow() };
        try
        {
            var added = await tables.Evaluations.AddEntityAsync(claim, cancellationToken).ConfigureAwait(false);
            return (ClaimOutcome.Claimed, new WeekClaim(week, added.Headers.ETag!.Value));
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }

        var run = (await tables.Evaluations.GetEntityAsync<TableEntity>(partition, RunRow, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        if (run.GetString("Status") == Complete)
        {
            return (ClaimOutcome.AlreadyEvaluated, null);
        }

        if (run.GetDateTimeOffset("ClaimedAt") + Lease > time.GetUtcNow())
        {
            return (ClaimOutcome.Busy, null);
        }

        try
        {
            var taken = await tables.Evaluations.UpdateEntityAsync(claim, run.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            await ClearAsync(partition, cancellationToken).ConfigureAwait(false);
            return (ClaimOutcome.Claimed, new WeekClaim(week, taken.Headers.ETag!.Value));
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return (ClaimOutcome.Busy, null);
        }
    }

    /// <summary>Gives a claimed week back without evaluating it (there was nothing to evaluate).</summary>
    public async Task ReleaseAsync(WeekClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        await tables.Evaluations.DeleteEntityAsync(claim.Week.ToString(), RunRow, claim.ETag, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores the claimed week's evaluation; its run row, written last, completes it.</summary>
    /// <exception cref="InvalidOperationException">The claim lapsed and another run took the week.</exception>
    public async Task SaveAsync(WeekClaim claim, StoredEvaluation stored, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(stored);
        var partition = claim.Week.ToString();
        var evaluation = stored.Evaluation;
        await PartitionBatch.UpsertAsync(tables.Evaluations, Rows(partition, evaluation), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);

        var totals = evaluation.Totals;
        var run = new TableEntity(partition, RunRow)
        {
            ["Status"] = Complete,
            ["SnapshotId"] = stored.SnapshotId,
            ["AsOf"] = LocalDatePattern.Iso.Format(evaluation.AsOf),
            ["PolicyVersion"] = evaluation.PolicyVersion,
            ["LimitOn"] = evaluation.LimitOn.ToString(),
            ["EvaluatedAt"] = stored.EvaluatedAt,
        };
        WriteFigures(run, totals);
        try
        {
            await tables.Evaluations.UpdateEntityAsync(run, claim.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // A retried write whose first answer was lost fails its ETag check although it was applied: the row
            // then says complete, from this snapshot, evaluated at this run's instant.
            var now = (await tables.Evaluations.GetEntityAsync<TableEntity>(partition, RunRow, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            if (now.GetString("Status") == Complete && now.GetString("SnapshotId") == stored.SnapshotId && now.GetDateTimeOffset("EvaluatedAt") == stored.EvaluatedAt)
            {
                return;
            }

            throw new InvalidOperationException($"The claim on {claim.Week} lapsed and another run took the week; this run's result was not kept.", e);
        }
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

    private async Task ClearAsync(string partition, CancellationToken cancellationToken)
    {
        var leftovers = new List<TableTransactionAction>();
        await foreach (var row in tables.Evaluations.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ne {RunRow}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            leftovers.Add(new TableTransactionAction(TableTransactionActionType.Delete, row));
        }

        foreach (var batch in leftovers.Chunk(PartitionBatch.MaxOperations))
        {
            await PartitionBatch.SubmitAsync(tables.Evaluations, batch, cancellationToken).ConfigureAwait(false);
        }
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
