using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Improvement;
using Caseload.Reporting.Snapshots;
using NodaTime;
using NodaTime.Text;

namespace Caseload.Reporting.Storage.Snapshots;

/// <summary>
/// Stores snapshots: their caseloads by team and worker, the history of who held which child, and a lineage row
/// written last. A snapshot is known by its date and the digest of its files, so the same files are stored once;
/// one whose lineage row is missing was never whole and is invisible until written again.
/// </summary>
public sealed class SnapshotStore(ReportingStorage tables, TimeProvider time)
{
    private const string SnapshotPartition = "snapshot";
    private const string TeamPrefix = "team|";
    private const string WorkerPrefix = "worker|";
    private const string TotalsRow = "totals";
    private const string ChildrenPrefix = "children|";
    private const string SharedPrefix = "children|shared|";
    private const int HistoryBuckets = 256;
    private static readonly CaseType[] CaseTypes = Enum.GetValues<CaseType>();
    private static readonly ChildGroup[] ChildGroups = Enum.GetValues<ChildGroup>();

    /// <summary>The key of a snapshot: its date, then 12 hex digits of a digest of its files' digests.</summary>
    public static string IdOf(LocalDate asOf, IReadOnlyDictionary<string, string> fileHashes)
    {
        ArgumentNullException.ThrowIfNull(fileHashes);
        var lines = string.Join('\n', fileHashes.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}:{f.Value}"));
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lines)));
        return $"{Date(asOf)}.{digest[..12]}";
    }

    /// <summary>Stores a snapshot unless the same one is stored already.</summary>
    /// <returns>The stored snapshot, and whether it was there before.</returns>
    public async Task<(StoredSnapshot Snapshot, bool AlreadyStored)> IngestAsync(
        Snapshot snapshot, IReadOnlyDictionary<string, string> fileHashes, string policyVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var id = IdOf(snapshot.AsOf, fileHashes);
        var existing = await tables.Snapshots.GetEntityIfExistsAsync<TableEntity>(SnapshotPartition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (existing.HasValue)
        {
            return (Read(existing.Value!), true);
        }

        var caseloads = CaseloadSummary.Of(snapshot);
        await PartitionBatch.UpsertAsync(
            [
                new TableWrite(tables.Caseloads, CaseloadRows(id, caseloads), TableUpdateMode.Replace),
                new TableWrite(tables.Caseloads, ChildRows(id, ChildCounts.Of(snapshot, WorkingDays.EnglandAndWales)), TableUpdateMode.Replace),
                new TableWrite(tables.AllocationHistory, HistoryRows(snapshot), TableUpdateMode.Merge),
            ],
            cancellationToken).ConfigureAwait(false);

        var stored = new StoredSnapshot(
            id, snapshot.AsOf, snapshot.Source, time.GetUtcNow(), snapshot.Teams.Count, snapshot.Workers.Count,
            snapshot.Allocations.Count, snapshot.Warnings.Count, fileHashes, policyVersion);
        var row = new TableEntity(SnapshotPartition, id)
        {
            ["AsOf"] = Date(stored.AsOf),
            ["Source"] = stored.Source,
            ["IngestedAt"] = stored.IngestedAt,
            ["Teams"] = stored.Teams,
            ["Workers"] = stored.Workers,
            ["Allocations"] = stored.Allocations,
            ["Warnings"] = stored.Warnings,
            ["FileHashes"] = JsonSerializer.Serialize(fileHashes),
            ["PolicyVersion"] = policyVersion,
        };

        // Two ingests of the same files at once write the same rows; the first lineage row stands.
        try
        {
            await tables.Snapshots.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
            return (stored, false);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 409)
        {
            var winner = await tables.Snapshots.GetEntityAsync<TableEntity>(SnapshotPartition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (Read(winner.Value), true);
        }
    }

    /// <summary>A stored snapshot by its key, or null.</summary>
    public async Task<StoredSnapshot?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var row = await tables.Snapshots.GetEntityIfExistsAsync<TableEntity>(SnapshotPartition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? Read(row.Value!) : null;
    }

    /// <summary>Every stored snapshot, oldest first.</summary>
    public async Task<IReadOnlyList<StoredSnapshot>> ListAsync(CancellationToken cancellationToken = default)
    {
        var snapshots = new List<StoredSnapshot>();
        await foreach (var row in tables.Snapshots.QueryAsync<TableEntity>(r => r.PartitionKey == SnapshotPartition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            snapshots.Add(Read(row));
        }

        return [.. snapshots.OrderBy(s => s.AsOf).ThenBy(s => s.IngestedAt)];
    }

    /// <summary>The latest snapshot dated on or before a day (of two for the same day, the one stored last).</summary>
    public async Task<StoredSnapshot?> LatestOnOrBeforeAsync(LocalDate date, CancellationToken cancellationToken = default)
    {
        var upTo = $"{Date(date)}~";
        StoredSnapshot? latest = null;
        await foreach (var row in tables.Snapshots.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {SnapshotPartition} and RowKey lt {upTo}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var snapshot = Read(row);
            if (latest is null || snapshot.AsOf > latest.AsOf || (snapshot.AsOf == latest.AsOf && snapshot.IngestedAt > latest.IngestedAt))
            {
                latest = snapshot;
            }
        }

        return latest;
    }

    /// <summary>
    /// Forgets what is older than the council keeps: each snapshot dated before <paramref name="cutoff"/> (its
    /// lineage row first, so that it is never seen half-deleted, then its caseload and child-count rows) and every
    /// allocation-history row (which holds child ids) not seen in a week on or after the cutoff's week. Weekly
    /// evaluations, which hold no child ids, are kept.
    /// </summary>
    /// <returns>How many snapshots and history rows were deleted.</returns>
    public async Task<(int Snapshots, int HistoryRows)> ForgetBeforeAsync(LocalDate cutoff, CancellationToken cancellationToken = default)
    {
        var old = (await ListAsync(cancellationToken).ConfigureAwait(false)).Where(s => s.AsOf < cutoff).ToList();
        foreach (var snapshot in old)
        {
            await tables.Snapshots.DeleteEntityAsync(SnapshotPartition, snapshot.Id, Azure.ETag.All, cancellationToken).ConfigureAwait(false);
            await PartitionBatch.DeleteAsync(tables.Caseloads, tables.Caseloads.QueryAsync<TableEntity>(r => r.PartitionKey == snapshot.Id, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        var keep = WeekFlag(cutoff);
        var expired = tables.AllocationHistory.QueryAsync<TableEntity>(cancellationToken: cancellationToken);
        var history = await PartitionBatch.DeleteAsync(tables.AllocationHistory, Where(expired, row => !row.Keys.Any(k => k.Length == keep.Length && k[0] == 'W' && string.CompareOrdinal(k, keep) >= 0)), cancellationToken).ConfigureAwait(false);
        return (old.Count, history);
    }

    private static async IAsyncEnumerable<TableEntity> Where(IAsyncEnumerable<TableEntity> rows, Func<TableEntity, bool> keep)
    {
        await foreach (var row in rows.ConfigureAwait(false))
        {
            if (keep(row))
            {
                yield return row;
            }
        }
    }

    /// <summary>A stored snapshot's caseloads, as <see cref="CaseloadSummary.Of"/> counted them.</summary>
    public async Task<CaseloadSummary> LoadCaseloadsAsync(StoredSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var teams = new List<(int Order, TeamHoldings Holdings)>();
        var workers = new List<(int Order, WorkerHoldings Holdings)>();
        var warnings = new List<Problem>();
        int cases = 0, unallocated = 0;
        await foreach (var row in tables.Caseloads.QueryAsync<TableEntity>(r => r.PartitionKey == snapshot.Id, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey.StartsWith(TeamPrefix, StringComparison.Ordinal))
            {
                teams.Add((row.GetInt32("Order")!.Value, ReadTeam(row)));
            }
            else if (row.RowKey.StartsWith(WorkerPrefix, StringComparison.Ordinal))
            {
                workers.Add((row.GetInt32("Order")!.Value, ReadWorker(row)));
            }
            else if (row.RowKey.StartsWith(ProblemRows.Prefix, StringComparison.Ordinal))
            {
                warnings.Add(ProblemRows.From(row));
            }
            else if (row.RowKey == TotalsRow)
            {
                cases = row.GetInt32("Cases")!.Value;
                unallocated = row.GetInt32("Unallocated")!.Value;
            }
        }

        return new CaseloadSummary(
            snapshot.AsOf,
            [.. teams.OrderBy(t => t.Order).Select(t => t.Holdings)],
            [.. workers.OrderBy(w => w.Order).Select(w => w.Holdings)],
            cases,
            unallocated,
            warnings);
    }

    private static IEnumerable<ITableEntity> CaseloadRows(string id, CaseloadSummary caseloads)
    {
        yield return new TableEntity(id, TotalsRow) { ["Cases"] = caseloads.Cases, ["Unallocated"] = caseloads.Unallocated };
        for (var t = 0; t < caseloads.Teams.Count; t++)
        {
            var (team, cases, unallocated, oldestUnallocated) = caseloads.Teams[t];
            yield return new TableEntity(id, TeamPrefix + TableKey.Escape(team.Id))
            {
                ["Order"] = t,
                ["TeamId"] = team.Id,
                ["Name"] = team.Name,
                ["TeamType"] = Vocabulary.Code(team.Type),
                ["ManagerId"] = team.ManagerId,
                ["Service"] = team.Service,
                ["HeadOfServiceEmail"] = team.HeadOfServiceEmail,
                ["EstablishmentFte"] = team.EstablishmentFte?.ToString(CultureInfo.InvariantCulture),
                ["Cases"] = cases,
                ["Unallocated"] = unallocated,
                ["OldestUnallocatedSince"] = oldestUnallocated is { } since ? Date(since) : null,
            };
        }

        for (var w = 0; w < caseloads.Workers.Count; w++)
        {
            var holdings = caseloads.Workers[w];
            var worker = holdings.Worker;
            var row = new TableEntity(id, WorkerPrefix + TableKey.Escape(worker.Id))
            {
                ["Order"] = w,
                ["WorkerId"] = worker.Id,
                ["Name"] = worker.Name,
                ["Email"] = worker.Email,
                ["TeamId"] = worker.TeamId,
                ["Role"] = Vocabulary.Code(worker.Role),
                ["Fte"] = worker.Fte.ToString(CultureInfo.InvariantCulture),
                ["Asye"] = worker.Asye,
                ["Agency"] = worker.Agency,
                ["Children"] = holdings.Children,
                ["Families"] = holdings.Families,
                ["InProceedings"] = holdings.InProceedings,
            };
            foreach (var caseType in CaseTypes)
            {
                row[CaseTypeColumn(caseType)] = holdings.ByCaseType[(int)caseType];
            }

            yield return row;
        }

        foreach (var warning in ProblemRows.Of(id, caseloads.Warnings))
        {
            yield return warning;
        }
    }

    /// <summary>
    /// A stored snapshot's children by group and team, for the improvement metrics; null for a snapshot stored
    /// before they were counted.
    /// </summary>
    public async Task<ChildCounts?> LoadChildCountsAsync(StoredSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var teams = new List<(int Order, TeamChildren Children)>();
        var shared = new List<SharedChildren>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {snapshot.Id} and RowKey ge {ChildrenPrefix} and RowKey lt {"children}"}");
        await foreach (var row in tables.Caseloads.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey.StartsWith(SharedPrefix, StringComparison.Ordinal))
            {
                shared.Add(new SharedChildren(Enum.Parse<ChildGroup>(row.GetString("Group")), JsonSerializer.Deserialize<string[]>(row.GetString("Teams"))!, row.GetInt32("Children")!.Value));
            }
            else
            {
                teams.Add((row.GetInt32("Order")!.Value, new TeamChildren(row.GetString("TeamId"), [.. ChildGroups.Select(g => row.GetInt32(g.ToString()) ?? 0)])));
            }
        }

        return teams.Count == 0 ? null : new ChildCounts([.. teams.OrderBy(t => t.Order).Select(t => t.Children)], shared);
    }

    private static IEnumerable<ITableEntity> ChildRows(string id, ChildCounts children)
    {
        for (var t = 0; t < children.Teams.Count; t++)
        {
            var team = children.Teams[t];
            var row = new TableEntity(id, ChildrenPrefix + "team|" + TableKey.Escape(team.TeamId)) { ["Order"] = t, ["TeamId"] = team.TeamId };
            foreach (var group in ChildGroups)
            {
                row[group.ToString()] = team.Children[(int)group];
            }

            yield return row;
        }

        for (var s = 0; s < children.Shared.Count; s++)
        {
            var shared = children.Shared[s];
            yield return new TableEntity(id, SharedPrefix + s.ToString("D6", CultureInfo.InvariantCulture))
            {
                ["Group"] = shared.Group.ToString(),
                ["Teams"] = JsonSerializer.Serialize(shared.TeamIds),
                ["Children"] = shared.Children,
            };
        }
    }

    /// <summary>
    /// The children open at each snapshot's date by the allocation history, with how many workers held each in
    /// the ISO weeks of the 365 days up to it (a week at the edge counts whole): one read of the history for all
    /// the snapshots given. A child is open at a snapshot when the history saw it in the snapshot's ISO week, in
    /// the teams of its workers in that snapshot or the team holding it unallocated.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, ChildCounts>> LoadStabilityAsync(IReadOnlyList<(StoredSnapshot Snapshot, CaseloadSummary Caseloads)> snapshots, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var views = snapshots.Select(s => new StabilityView(s.Snapshot.AsOf, s.Caseloads)).ToList();
        await foreach (var row in tables.AllocationHistory.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var parts = row.RowKey.Split('|');
            var worker = parts[1].Length == 0 ? null : TableKey.Unescape(parts[1]);
            var unallocatedIn = parts.Length > 2 ? TableKey.Unescape(parts[2]) : null;
            foreach (var view in views)
            {
                view.See(row, parts[0], worker, unallocatedIn);
            }
        }

        return snapshots.Select((s, i) => (s.Snapshot.Id, Counts: views[i].Counts())).ToDictionary(s => s.Id, s => s.Counts, StringComparer.Ordinal);
    }

    /// <summary>What the history says about the children open at one snapshot, gathered row by row.</summary>
    private sealed class StabilityView
    {
        private readonly string week;
        private readonly HashSet<string> window;
        private readonly Dictionary<string, string> teamOfWorker;
        private readonly Dictionary<string, (HashSet<string> Teams, HashSet<string> Workers)> children = new(StringComparer.Ordinal);

        public StabilityView(LocalDate asOf, CaseloadSummary caseloads)
        {
            var rule = StabilityWindow.Of(asOf);
            week = WeekFlag(rule.Open);
            window = new HashSet<string>(rule.Weeks.Select(WeekFlag), StringComparer.Ordinal);
            teamOfWorker = caseloads.Workers.ToDictionary(w => w.Worker.Id, w => w.Worker.TeamId, StringComparer.Ordinal);
        }

        public void See(TableEntity row, string child, string? worker, string? unallocatedIn)
        {
            var open = row.ContainsKey(week);
            var inWindow = open || row.Keys.Any(window.Contains);
            if (!inWindow)
            {
                return;
            }

            if (!children.TryGetValue(child, out var seen))
            {
                children[child] = seen = (new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
            }

            if (worker is not null)
            {
                seen.Workers.Add(worker);
            }

            if (open && (unallocatedIn ?? (worker is null ? null : teamOfWorker.GetValueOrDefault(worker))) is { } team)
            {
                seen.Teams.Add(team);
            }
        }

        public ChildCounts Counts() => ChildCounts.OfHistory(children.Values.Where(c => c.Teams.Count > 0).Select(c => new OpenChild(c.Teams, c.Workers.Count)));
    }

    private static string WeekFlag(LocalDate day) => WeekFlag(IsoWeek.Of(day));

    private static string WeekFlag(IsoWeek week) => $"W{week.ToString().Replace("-", "", StringComparison.Ordinal)}";

    /// <summary>
    /// One row per child and worker (<c>{child}|{worker}</c>), or per child and the team holding it unallocated
    /// (<c>{child}||{team}</c>), in a partition by a stable hash of the child, flagged with each ISO week it was
    /// seen in: merged, so ingesting in any order, or twice, comes to the same rows.
    /// </summary>
    private static IEnumerable<ITableEntity> HistoryRows(Snapshot snapshot)
    {
        var seen = WeekFlag(snapshot.AsOf);
        var unallocated = new HashSet<(int Child, int Team)>();
        foreach (var allocation in snapshot.Allocations)
        {
            // A child is held once per worker, but may be listed unallocated in a team twice: one row, not a repeated key.
            if (allocation.IsUnallocated && !unallocated.Add((allocation.Child, allocation.Team)))
            {
                continue;
            }

            var child = snapshot.ChildIds[allocation.Child];
            var holder = allocation.IsUnallocated
                ? $"|{TableKey.Escape(snapshot.Teams[allocation.Team].Id)}"
                : TableKey.Escape(snapshot.Workers[allocation.Worker].Id);
            yield return new TableEntity(Bucket(child), $"{TableKey.Escape(child)}|{holder}") { [seen] = true };
        }
    }

    /// <summary>FNV-1a of the child id: stable across processes and versions, unlike string.GetHashCode.</summary>
    private static string Bucket(string childId)
    {
        var hash = 2166136261u;
        foreach (var c in childId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (hash % HistoryBuckets).ToString("D3", CultureInfo.InvariantCulture);
    }

    private static TeamHoldings ReadTeam(TableEntity row) => new(
        new Team(
            row.GetString("TeamId"),
            row.GetString("Name"),
            Code<TeamType>(row.GetString("TeamType")),
            row.GetString("ManagerId"),
            row.GetString("Service"),
            row.GetString("HeadOfServiceEmail"),
            row.GetString("EstablishmentFte") is { } fte ? decimal.Parse(fte, CultureInfo.InvariantCulture) : null),
        row.GetInt32("Cases")!.Value,
        row.GetInt32("Unallocated")!.Value,
        row.GetString("OldestUnallocatedSince") is { } since ? LocalDatePattern.Iso.Parse(since).Value : null);

    private static WorkerHoldings ReadWorker(TableEntity row) => new(
        new Worker(
            row.GetString("WorkerId"),
            row.GetString("Name"),
            row.GetString("Email"),
            row.GetString("TeamId"),
            Code<Role>(row.GetString("Role")),
            decimal.Parse(row.GetString("Fte"), CultureInfo.InvariantCulture),
            row.GetBoolean("Asye")!.Value,
            row.GetBoolean("Agency")!.Value),
        row.GetInt32("Children")!.Value,
        row.GetInt32("Families")!.Value,
        [.. CaseTypes.Select(c => row.GetInt32(CaseTypeColumn(c))!.Value)],
        row.GetInt32("InProceedings")!.Value);

    private static StoredSnapshot Read(TableEntity row) => new(
        row.RowKey,
        LocalDatePattern.Iso.Parse(row.GetString("AsOf")).Value,
        row.GetString("Source"),
        row.GetDateTimeOffset("IngestedAt")!.Value,
        row.GetInt32("Teams")!.Value,
        row.GetInt32("Workers")!.Value,
        row.GetInt32("Allocations")!.Value,
        row.GetInt32("Warnings")!.Value,
        JsonSerializer.Deserialize<Dictionary<string, string>>(row.GetString("FileHashes"))!,
        row.GetString("PolicyVersion"));

    private static string CaseTypeColumn(CaseType caseType) => "Cases_" + Vocabulary.Code(caseType);

    private static T Code<T>(string code) where T : struct, Enum =>
        Vocabulary.TryParse<T>(code, out var value) ? value : throw new InvalidDataException($"'{code}' is not a {typeof(T).Name} code.");

    private static string Date(LocalDate date) => LocalDatePattern.Iso.Format(date);
}
