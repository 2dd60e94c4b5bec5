using System.Collections.Concurrent;
using System.Text.Json;
using Caseload.Reporting.Ingest.Ssd;
using Caseload.Reporting.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Ingest.Canonical;

/// <summary>
/// Reads a snapshot in the canonical format (snapshot spec): snapshot.json, teams.csv, workers.csv and
/// allocations.csv, streamed a record at a time; or, in a folder holding ssd_involvements.csv, the roster and the
/// council's SSD tables (ssd spec). Every problem is found in one pass; a snapshot with any error is rejected whole.
/// </summary>
public static class SnapshotReader
{
    private static readonly CsvColumn[] TeamColumns =
    [
        new("team_id", true), new("name", true), new("team_type", true), new("manager_id", false),
        new("service", false), new("head_of_service_email", false), new("establishment_fte", false),
    ];

    private static readonly CsvColumn[] WorkerColumns =
    [
        new("worker_id", true), new("name", true), new("email", true), new("team_id", true),
        new("role", true), new("fte", true), new("asye", false), new("agency", false),
        new("absent_from", false), new("absent_to", false), new("swe_number", false),
    ];

    private static readonly CsvColumn[] AllocationColumns =
    [
        new("child_id", true), new("family_id", false), new("worker_id", false), new("team_id", false),
        new("case_type", true), new("allocated_on", false), new("in_proceedings", false),
        new("plan_start", false), new("last_visit", false),
    ];

    /// <summary>Reads the snapshot in a folder.</summary>
    /// <param name="directory">The snapshot folder.</param>
    /// <param name="asOf">The date the data describes, overriding the manifest's.</param>
    /// <exception cref="InvalidInputException">The snapshot is invalid; every problem is listed.</exception>
    public static Snapshot Read(string directory, LocalDate? asOf = null) => Read(new SnapshotFolder(directory), asOf);

    /// <summary>Reads a snapshot's files.</summary>
    /// <param name="files">Where the files are.</param>
    /// <param name="asOf">The date the data describes, overriding the manifest's.</param>
    /// <exception cref="InvalidInputException">The snapshot is invalid; every problem is listed.</exception>
    public static Snapshot Read(SnapshotFiles files, LocalDate? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        var read = new Reading();
        var (manifestAsOf, source, codes) = read.Manifest(files);
        asOf ??= manifestAsOf;
        if (asOf < CellValues.Earliest || asOf > CellValues.Latest)
        {
            read.Problems.Add(new Problem(Severity.Error, "as_of_out_of_range", "snapshot.json", null, "asOf",
                $"the date the data describes must be from {CellValues.Earliest:yyyy-MM-dd} to {CellValues.Latest:yyyy-MM-dd}"));
            asOf = null;
        }
        else if (asOf is null && !read.Problems.HasErrors)
        {
            read.Problems.Add(new Problem(Severity.Error, "as_of_unknown", "snapshot.json", null, "asOf",
                "the date the data describes is unknown; give snapshot.json {\"asOf\": \"yyyy-MM-dd\"} or --as-of"));
        }

        read.Teams(files);
        read.Workers(files);
        if (IsSsd(files))
        {
            new SsdReader(read.Builder, read.Problems, read.Report).Read(files, asOf, codes);
        }
        else
        {
            read.Allocations(files, asOf);
        }

        return read.Problems.HasErrors
            ? throw new InvalidInputException(read.Problems.ToList())
            : read.Builder.Build(asOf!.Value, source);
    }

    /// <summary>Whether a snapshot's files are SSD tables: they hold ssd_involvements.csv.</summary>
    public static bool IsSsd(SnapshotFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        using var involvements = files.Open(SsdTables.Involvements.File);
        return involvements is not null;
    }

    private sealed class Reading
    {
        private readonly Dictionary<string, int> teamLines = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> workerLines = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> sweLines = new(StringComparer.OrdinalIgnoreCase);
        private readonly List<(string? ManagerId, int Line)> managers = [];

        public SnapshotBuilder Builder { get; } = new();

        public ProblemLog Problems { get; } = new();

        public (LocalDate? AsOf, string? Source, SsdCodes Codes) Manifest(SnapshotFiles files)
        {
            using var stream = files.Open("snapshot.json");
            if (stream is null)
            {
                return (null, null, SsdCodes.Default);
            }

            try
            {
                using var manifest = JsonDocument.Parse(stream);
                if (manifest.RootElement.ValueKind != JsonValueKind.Object)
                {
                    Error("snapshot.json", null, null, "manifest_invalid", "expected an object such as {\"asOf\": \"2026-11-16\", \"source\": \"lcs-nightly\"}");
                    return (null, null, SsdCodes.Default);
                }

                LocalDate? asOf = null;
                if (manifest.RootElement.TryGetProperty("asOf", out var date))
                {
                    if (date.ValueKind == JsonValueKind.String && CellValues.TryParseDate(date.GetString(), out var parsed))
                    {
                        asOf = parsed;
                    }
                    else
                    {
                        Error("snapshot.json", null, "asOf", "value_invalid", $"is not a date from {CellValues.Earliest:yyyy} to {CellValues.Latest:yyyy}; write \"yyyy-MM-dd\"");
                    }
                }

                var source = manifest.RootElement.TryGetProperty("source", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
                var codes = manifest.RootElement.TryGetProperty("ssd", out var ssd) ? Codes(ssd) : SsdCodes.Default;
                return (asOf, source, codes);
            }
            catch (JsonException e)
            {
                using var again = files.Open("snapshot.json");
                using var bytes = new MemoryStream();
                again?.CopyTo(bytes);
                Report(JsonSyntax.Describe("snapshot.json", "manifest_invalid", bytes.ToArray(), e, "fix the JSON and run again"));
                return (null, null, SsdCodes.Default);
            }
        }

        /// <summary>The council's SSD codes: each list, when given, a non-empty list of codes; nothing else in the section.</summary>
        private SsdCodes Codes(JsonElement ssd)
        {
            if (ssd.ValueKind != JsonValueKind.Object)
            {
                Error("snapshot.json", null, "ssd", "value_invalid", "expected an object such as {\"allocatedRoles\": [\"CW\"], \"proceedingsStatuses\": [\"C1\"]}");
                return SsdCodes.Default;
            }

            var codes = SsdCodes.Default;
            foreach (var field in ssd.EnumerateObject())
            {
                switch (field.Name)
                {
                    case "allocatedRoles":
                        codes = codes with { AllocatedRoles = CodeList(field.Value, "ssd.allocatedRoles", "the involvement roles that allocate a case, e.g. [\"CW\"]") ?? codes.AllocatedRoles };
                        break;
                    case "proceedingsStatuses":
                        codes = codes with { ProceedingsStatuses = CodeList(field.Value, "ssd.proceedingsStatuses", "the legal statuses that mean care proceedings, e.g. [\"C1\"]") ?? codes.ProceedingsStatuses };
                        break;
                    default:
                        Error("snapshot.json", null, $"ssd.{field.Name}", "value_invalid", "is not a setting of the ssd section; it takes allocatedRoles and proceedingsStatuses");
                        break;
                }
            }

            return codes;
        }

        private List<string>? CodeList(JsonElement value, string path, string what)
        {
            if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0
                || value.EnumerateArray().Any(c => c.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(c.GetString()) || c.GetString()!.Length > Limits.Id))
            {
                Error("snapshot.json", null, path, "value_invalid", $"expected a list of one or more codes: {what}");
                return null;
            }

            return [.. value.EnumerateArray().Select(c => c.GetString()!.Trim())];
        }

        public void Teams(SnapshotFiles files)
        {
            using var table = CsvTable.Open(files.Open("teams.csv"), "teams.csv", TeamColumns, Problems);
            if (table is null)
            {
                return;
            }

            var row = new Row(Report, table, TeamColumns);
            while (table.Read())
            {
                var id = row.Id(0, required: true);
                var name = row.Text(1, Limits.Name, required: true);
                var type = row.Code<TeamType>(2, required: true);
                var manager = row.Id(3, required: false);
                var service = row.Text(4, Limits.Name, required: false);
                var head = row.Email(5, "the service's roll-up cannot be sent to it; correct head_of_service_email");
                var establishment = row.Decimal(6, $"a number of FTE from 0 to {Limits.Establishment:N0}", v => v >= 0 && v <= Limits.Establishment);
                if (id.IsEmpty || !Within(table, Limits.Teams, "teams"))
                {
                    continue;
                }

                var team = new Team(id.ToString(), name.ToString(), type, Optional(manager), Optional(service), Optional(head), establishment);
                if (Builder.AddTeam(team) == TeamOutcome.DuplicateId)
                {
                    row.Fail(0, "key_repeated", $"repeats the team_id of line {teamLines[team.Id]}; team_id must be unique");
                    continue;
                }

                teamLines[team.Id] = table.Line;
                managers.Add((team.ManagerId, table.Line));
            }

            ReportMalformed(table);
        }

        public void Workers(SnapshotFiles files)
        {
            using var table = CsvTable.Open(files.Open("workers.csv"), "workers.csv", WorkerColumns, Problems);
            if (table is not null)
            {
                var row = new Row(Report, table, WorkerColumns);
                while (table.Read())
                {
                    var id = row.Id(0, required: true);
                    var name = row.Text(1, Limits.Name, required: true);
                    var email = row.Email(2, "this worker cannot be emailed; a team they manage has its email sent to the fallback address");
                    var teamId = row.Id(3, required: true);
                    var role = row.Code<Role>(4, required: true);
                    var fte = row.Decimal(5, "a number greater than 0 and at most 1, e.g. 0.6", v => v > 0 && v <= 1) ?? 1m;
                    var asye = row.Boolean(6);
                    var agency = row.Boolean(7);
                    var absence = row.Absence(8, 9);
                    var swe = row.SweNumber(10);
                    if (id.IsEmpty || teamId.IsEmpty || !Within(table, Limits.Workers, "workers"))
                    {
                        continue;
                    }

                    var worker = new Worker(id.ToString(), name.ToString(), email.ToString(), teamId.ToString(), role, fte, asye, agency, absence) { SweNumber = swe };
                    if (swe is not null && !sweLines.TryAdd(swe, table.Line))
                    {
                        row.Fail(10, "key_repeated", $"repeats the swe_number of line {sweLines[swe]}; a Social Work England number belongs to one worker");
                    }

                    switch (Builder.AddWorker(worker))
                    {
                        case WorkerOutcome.UnknownTeam:
                            row.Fail(3, "team_unknown", "names a team that is not in teams.csv; add the team or correct the worker's team_id");
                            break;
                        case WorkerOutcome.DuplicateId:
                            row.Fail(0, "key_repeated", $"repeats the worker_id of line {workerLines[worker.Id]}; worker_id must be unique");
                            break;
                        default:
                            workerLines[worker.Id] = table.Line;
                            break;
                    }
                }

                ReportMalformed(table);
            }

            foreach (var (managerId, line) in managers)
            {
                if (managerId is null)
                {
                    Report(new Problem(Severity.Warning, "team_without_manager", "teams.csv", line, "manager_id",
                        "the team has no manager; its weekly email goes to the fallback address"));
                }
                else if (table is not null && !Builder.HasWorker(managerId))
                {
                    Report(new Problem(Severity.Warning, "unknown_manager", "teams.csv", line, "manager_id",
                        "names a manager who is not in workers.csv; the team's weekly email goes to the fallback address"));
                }
            }
        }

        public void Allocations(SnapshotFiles files, LocalDate? asOf)
        {
            using var table = CsvTable.Open(files.Open("allocations.csv"), "allocations.csv", AllocationColumns, Problems);
            if (table is null)
            {
                return;
            }

            // Canonical allocation rows run to 60-80 bytes: a file whose lines were not counted is sized by its length.
            // Past the limit nothing more is added, however many lines a hostile file has.
            var lines = table.Lines ?? (files.Length("allocations.csv") / 64 ?? 0);
            Builder.Expect((int)Math.Min(lines, Limits.Allocations + 1));

            // The file is parsed on a second thread while this one builds the snapshot: on a national roster the
            // two halves take about as long as each other.
            using var full = new BlockingCollection<AllocationBatch>(boundedCapacity: 3);
            using var empty = new BlockingCollection<AllocationBatch>();
            for (var i = 0; i < 4; i++)
            {
                empty.Add(new AllocationBatch(lines));
            }

            // Whichever side stops first, the other must not wait for it for ever.
            using var stop = new CancellationTokenSource();
            var parsing = Task.Factory.StartNew(() => Parse(table, asOf, full, empty, stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            try
            {
                foreach (var batch in full.GetConsumingEnumerable(stop.Token))
                {
                    Add(batch);
                    batch.Clear();
                    empty.Add(batch);
                }
            }
            finally
            {
                stop.Cancel();
                parsing.GetAwaiter().GetResult();
            }
        }

        private static void Parse(CsvTable table, LocalDate? asOf, BlockingCollection<AllocationBatch> full, BlockingCollection<AllocationBatch> empty, CancellationToken stop)
        {
            try
            {
                var batch = empty.Take(stop);
                table.ReportRecordsTo(batch.Report);
                var row = new Row(batch.Report, table, AllocationColumns);
                while (table.Read())
                {
                    var child = row.Id(0, required: true);
                    var family = row.Id(1, required: false);
                    var worker = row.Id(2, required: false);
                    var team = row.Id(3, required: false);
                    var caseType = row.Code<CaseType>(4, required: true);
                    var allocatedOn = row.Date(5, asOf);
                    var inProceedings = row.Boolean(6);
                    var planStart = row.Date(7, asOf);
                    var lastVisit = row.Date(8, asOf);
                    if (table.Line - 1 > Limits.Allocations)
                    {
                        batch.Report(new Problem(Severity.Error, "too_many_rows", table.File, table.Line, null,
                            $"more than {Limits.Allocations:N0} allocations; is this the right file? The rest is not read"));
                        break;
                    }

                    batch.Add(table.Line, child, family, worker, team, caseType, inProceedings, allocatedOn, planStart, lastVisit);
                    if (batch.IsFull)
                    {
                        full.Add(batch, stop);
                        batch = empty.Take(stop);
                        table.ReportRecordsTo(batch.Report);
                        row = new Row(batch.Report, table, AllocationColumns);
                    }
                }

                if (table.Malformed is { } malformed)
                {
                    batch.Report(malformed);
                }

                full.Add(batch, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The building side stopped first; what stopped it is the exception that matters.
            }
            finally
            {
                full.CompleteAdding();
            }
        }

        private void Add(AllocationBatch batch)
        {
            var problems = batch.Problems;
            var next = 0;
            for (var i = 0; i < batch.Count; i++)
            {
                for (; next < problems.Count && problems[next].Row == i; next++)
                {
                    Report(problems[next].Problem);
                }

                ref readonly var parsed = ref batch.Rows[i];
                if (parsed.Child.Length == 0)
                {
                    continue;
                }

                var worker = batch.Text(parsed.Worker);
                var team = batch.Text(parsed.Team);
                var allocation = new AllocationRow(batch.Text(parsed.Child), batch.Text(parsed.Family), worker, team, parsed.CaseType, parsed.InProceedings, parsed.AllocatedOn, parsed.PlanStart, parsed.LastVisit);
                var outcome = Builder.AddAllocation(allocation);
                if (outcome is AllocationOutcome.Allocated or AllocationOutcome.Unallocated)
                {
                    continue;
                }

                var (column, severity, code, message) = outcome switch
                {
                    AllocationOutcome.NoHolder => ("worker_id", Severity.Error, "holder_missing", "neither worker_id nor team_id is given; an unallocated case needs the team_id of the team that owns it"),
                    AllocationOutcome.UnknownTeam => ("team_id", Severity.Error, "team_unknown", "names a team that is not in teams.csv; add the team or correct the team_id"),
                    AllocationOutcome.UnknownWorkerUnallocated => ("worker_id", Severity.Warning, "unknown_worker", "names a worker who is not in workers.csv (probably left); the case is counted as unallocated in its team_id"),
                    AllocationOutcome.UnknownWorkerReportedOnly => ("worker_id", Severity.Warning, "unknown_worker", "names a worker who is not in workers.csv (probably left) and no team_id is given; the case is reported here only, not counted"),
                    _ => ("child_id", Severity.Warning, "duplicate_allocation", worker.IsEmpty
                        ? "the same child is unallocated in the same team on an earlier line; counted once"
                        : "the same child is allocated to the same worker on an earlier line; counted once"),
                };
                Report(new Problem(severity, code, "allocations.csv", parsed.Line, column, message));
            }

            for (; next < problems.Count; next++)
            {
                Report(problems[next].Problem);
            }
        }

        public void Report(Problem problem)
        {
            Problems.Add(problem);
            if (problem.Severity == Severity.Warning)
            {
                Builder.Warn(problem);
            }
        }

        private void ReportMalformed(CsvTable table)
        {
            if (table.Malformed is { } malformed)
            {
                Report(malformed);
            }
        }

        public void Error(string file, int? line, string? column, string code, string message) =>
            Report(new Problem(Severity.Error, code, file, line, column, message));

        private static string? Optional(ReadOnlySpan<char> cell) => cell.IsEmpty ? null : cell.ToString();

        /// <summary>Whether a file is still within its bound of rows; the first row past it is reported.</summary>
        private bool Within(CsvTable table, int most, string what)
        {
            if (table.Line - 1 <= most)
            {
                return true;
            }

            if (table.Line - 2 == most)
            {
                Error(table.File, table.Line, null, "too_many_rows", $"more than {most:N0} {what}; is this the right file? Rows past it are not read");
            }

            return false;
        }
    }

    /// <summary>A vocabulary's codes as a problem lists them, joined once rather than for every bad cell of a million.</summary>
    private static class CodeList<T> where T : struct, Enum
    {
        public static readonly string Text = string.Join(", ", Vocabulary.Codes<T>());
    }

    /// <summary>Reads and checks the cells of the current record, reporting each problem at its column.</summary>
    private readonly struct Row(Action<Problem> report, CsvTable table, CsvColumn[] columns)
    {
        /// <summary>An id (team, worker, child, family): at most <see cref="Limits.Id"/> characters, no control characters.</summary>
        public ReadOnlySpan<char> Id(int column, bool required)
        {
            var cell = Text(column, Limits.Id, required);
            if (cell.ContainsAny(CellValues.ControlCharacters))
            {
                Fail(column, "value_invalid", "holds a control character; an id is letters, digits and punctuation");
                return [];
            }

            return cell;
        }

        /// <summary>Text of at most <paramref name="max"/> characters.</summary>
        public ReadOnlySpan<char> Text(int column, int max, bool required)
        {
            var cell = required ? Required(column) : table[column];
            if (cell.Length > max)
            {
                Fail(column, "value_too_long", $"is {cell.Length:N0} characters, more than the {max:N0} accepted");
                return [];
            }

            return cell;
        }

        /// <summary>An email address: one that cannot be an address is accepted with a warning saying what follows.</summary>
        public ReadOnlySpan<char> Email(int column, string consequence)
        {
            var cell = Text(column, Notifications.EmailAddress.MaxLength, columns[column].Required);
            if (!cell.IsEmpty && !Notifications.EmailAddress.IsValid(cell))
            {
                Warn(column, "email_invalid", $"is not an email address; {consequence}");
            }

            return cell;
        }

        public ReadOnlySpan<char> Required(int column)
        {
            var cell = table[column];
            if (cell.IsEmpty && table.Has(column))
            {
                Fail(column, "value_missing", "is empty; this column is required");
            }

            return cell;
        }

        public T Code<T>(int column, bool required) where T : struct, Enum
        {
            var cell = required ? Required(column) : table[column];
            if (cell.IsEmpty)
            {
                return default;
            }

            if (!Vocabulary.TryParse<T>(cell, out var value))
            {
                Fail(column, "value_invalid", $"{CellValues.Quoted(cell)}is not one of {CodeList<T>.Text}");
            }

            return value;
        }

        public decimal? Decimal(int column, string expected, Func<decimal, bool> valid)
        {
            var cell = table[column];
            if (cell.IsEmpty)
            {
                if (columns[column].Required)
                {
                    Required(column);
                }

                return null;
            }

            if (CellValues.TryParseDecimal(cell, out var value) && valid(value))
            {
                return value;
            }

            Fail(column, "value_invalid", $"{CellValues.Quoted(cell)}is not {expected}");
            return null;
        }

        public bool Boolean(int column)
        {
            var cell = table[column];
            if (cell.IsEmpty)
            {
                return false;
            }

            if (!CellValues.TryParseBoolean(cell, out var value))
            {
                Fail(column, "value_invalid", $"{CellValues.Quoted(cell)}is not yes or no (also y/n, true/false, 1/0)");
            }

            return value;
        }

        public LocalDate? Date(int column, LocalDate? asOf)
        {
            var cell = table[column];
            if (cell.IsEmpty)
            {
                return null;
            }

            if (!CellValues.TryParseDate(cell, out var date))
            {
                Fail(column, "value_invalid", $"is not a date from {CellValues.Earliest:yyyy} to {CellValues.Latest:yyyy}; write yyyy-MM-dd or dd/MM/yyyy");
                return null;
            }

            if (date > asOf)
            {
                Warn(column, "future_date", $"the date is after the snapshot's date {asOf:yyyy-MM-dd}");
            }

            return date;
        }

        /// <summary>A Social Work England number, upper-cased as the register writes it; null when the cell is empty or wrong.</summary>
        public string? SweNumber(int column)
        {
            var cell = table[column].Trim();
            if (cell.IsEmpty)
            {
                return null;
            }

            if (!Snapshots.SweNumber.IsValid(cell))
            {
                Fail(column, "value_invalid", $"is not a Social Work England number; write {Snapshots.SweNumber.Expected}, or leave it empty");
                return null;
            }

            return cell.ToString().ToUpperInvariant();
        }

        /// <summary>An absence from its two columns; future dates are expected (an absence's end), so none is warned of.</summary>
        public Absence? Absence(int from, int to)
        {
            var began = Date(from, null);
            var ends = Date(to, null);
            if (began is not { } start)
            {
                if (ends is not null)
                {
                    Fail(from, "value_missing", "absent_to is given without absent_from; give the day the absence began");
                }

                return null;
            }

            if (ends < start)
            {
                Fail(to, "value_invalid", $"is before absent_from ({start:yyyy-MM-dd}); give the day the absence ends, or leave it empty while it is open-ended");
                return null;
            }

            return new Absence(start, ends);
        }

        public void Fail(int column, string code, string message) =>
            report(new Problem(Severity.Error, code, table.File, table.Line, columns[column].Name, message));

        public void Warn(int column, string code, string message) =>
            report(new Problem(Severity.Warning, code, table.File, table.Line, columns[column].Name, message));
    }
}
