using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Ingest.Ssd;

/// <summary>
/// A snapshot's cases derived from the council's Standard Safeguarding Dataset tables (ssd spec): who holds which
/// child's case on the snapshot's date, of which kind, since when, last visited when, in proceedings or not. The
/// roster is read by the snapshot's reader as in any snapshot; the tables are read here a row at a time, keeping
/// only what is open on the date, and the allocations so derived go into the same builder, with the same checks, as
/// allocations.csv's rows would. It shares with the canonical reader only what both need: the cells' values, the
/// limits, the problems.
/// </summary>
/// <param name="builder">The snapshot being built, its roster read.</param>
/// <param name="problems">The snapshot's problems, which a table's header adds to.</param>
/// <param name="report">Where each problem of a row goes, as the snapshot's reader reports its own (a warning goes to the snapshot too).</param>
internal sealed class SsdReader(SnapshotBuilder builder, ProblemLog problems, Action<Problem> report)
{
    /// <summary>The kinds of case in the order the spec gives them precedence: the first open on the date is the child's case.</summary>
    private static readonly CaseType[] Precedence = [CaseType.Cla, CaseType.Cp, CaseType.CareLeaver, CaseType.Cin, CaseType.Assessment, CaseType.EarlyHelp, CaseType.Other];

    /// <summary>
    /// What the tables say about one child on the snapshot's date. Dates are kept as day numbers (0 for none), which
    /// keeps half a million of these to 48 bytes each.
    /// </summary>
    private struct Facts
    {
        /// <summary>The kinds of case open on the date, one bit per <see cref="CaseType"/>.</summary>
        public int Open;

        public int ClaStart;
        public int CpStart;
        public int CinVisit;
        public int CpVisit;
        public int ClaVisit;

        /// <summary>The open referral: its team, its date and the line it is on.</summary>
        public string? ReferralTeam;
        public int ReferralDate;
        public int ReferralLine;

        /// <summary>When the last allocated involvement to end by the date ended: an unallocated child has waited since then.</summary>
        public int AllocationEnded;

        public bool InProceedings;

        /// <summary>Whether an allocated role's involvement is open on the date.</summary>
        public bool Allocated;

        public readonly CaseType Case
        {
            get
            {
                foreach (var kind in Precedence)
                {
                    if ((Open & (1 << (int)kind)) != 0)
                    {
                        return kind;
                    }
                }

                return CaseType.Other;
            }
        }

        public readonly bool HasCase => Open != 0;

        public readonly LocalDate? PlanStart => Date(Case switch { CaseType.Cla => ClaStart, CaseType.Cp => CpStart, _ => 0 });

        public readonly LocalDate? LastVisit => Date(Case switch { CaseType.Cla => ClaVisit, CaseType.Cp => CpVisit, CaseType.Cin => CinVisit, _ => 0 });

        public void Opens(CaseType kind) => Open |= 1 << (int)kind;

        /// <summary>What another reading of the tables found about the same child, added to this.</summary>
        public void Add(in Facts other)
        {
            Open |= other.Open;
            ClaStart = Math.Max(ClaStart, other.ClaStart);
            CpStart = Math.Max(CpStart, other.CpStart);
            CinVisit = Math.Max(CinVisit, other.CinVisit);
            CpVisit = Math.Max(CpVisit, other.CpVisit);
            ClaVisit = Math.Max(ClaVisit, other.ClaVisit);
            InProceedings |= other.InProceedings;
        }

        /// <summary>A date as a day number, later dates larger; never 0.</summary>
        public static int Day(LocalDate date) => date.ToDateOnly().DayNumber + 1;

        public static LocalDate? Date(int day) => day == 0 ? null : LocalDate.FromDateOnly(DateOnly.FromDayNumber(day - 1));
    }

    /// <summary>
    /// The children the tables name, by person id: their facts in one array of structs (half a million children
    /// are then one object for the collector, not half a million). Case management systems number their people, so
    /// an id of digits is kept as a number, with no string made for it; any other id is kept as it is written.
    /// </summary>
    private sealed class Children
    {
        private readonly Dictionary<long, int> numbers;
        private readonly Dictionary<string, int> texts = new(StringComparer.Ordinal);
        private long[] numericIds;
        private string?[] textIds;
        private Facts[] facts;

        /// <summary>Room for about as many children as the tables' sizes say, so that half a million are not copied as they grow.</summary>
        public Children(long? bytes)
        {
            var expected = (int)Math.Clamp((bytes ?? 0) / 60, 1024, 4_000_000);
            numbers = new Dictionary<long, int>(expected);
            (numericIds, textIds, facts) = (new long[expected], new string?[expected], new Facts[expected]);
        }

        public int Count { get; private set; }

        /// <summary>
        /// More children were named than a snapshot may hold (<see cref="Limits.Allocations"/>): the rest share the
        /// last slot, the reading reports it and the snapshot is refused, so that memory stays bounded.
        /// </summary>
        public bool Overflowed { get; private set; }

        public ref Facts this[int child] => ref facts[child];

        /// <summary>The child's facts, added empty when the child is new.</summary>
        public ref Facts Of(ReadOnlySpan<char> person)
        {
            // The index first: adding the child may replace the array.
            var child = IndexOf(person);
            return ref facts[child];
        }

        public int IndexOf(ReadOnlySpan<char> person) => Number(person) is { } number ? IndexOf(number, null) : IndexOf(0, person);

        public bool TryFind(ReadOnlySpan<char> person, out int child) => Number(person) is { } number
            ? numbers.TryGetValue(number, out child)
            : texts.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(person, out child);

        /// <summary>Adds what another reading found about each of its children to the same child here.</summary>
        public void Add(Children other)
        {
            for (var i = 0; i < other.Count; i++)
            {
                var child = other.textIds[i] is { } text ? IndexOf(0, text) : IndexOf(other.numericIds[i], null);
                facts[child].Add(in other.facts[i]);
            }
        }

        /// <summary>The child's id as written, into <paramref name="buffer"/> when it is a number.</summary>
        public ReadOnlySpan<char> Id(int child, Span<char> buffer) =>
            textIds[child] is { } text ? text : buffer[..Format(numericIds[child], buffer)];

        private static int Format(long number, Span<char> buffer)
        {
            number.TryFormat(buffer, out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
            return written;
        }

        /// <summary>An id of 1 to 18 digits without a leading zero (which a number would lose), as a number.</summary>
        private static long? Number(ReadOnlySpan<char> person)
        {
            if (person.IsEmpty || person.Length > 18 || (person[0] == '0' && person.Length > 1) || person.ContainsAnyExcept(CellValues.DigitCharacters))
            {
                return null;
            }

            long number = 0;
            foreach (var digit in person)
            {
                number = (number * 10) + (digit - '0');
            }

            return number;
        }

        private int IndexOf(long number, ReadOnlySpan<char> text)
        {
            if (text.IsEmpty)
            {
                ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(numbers, number, out var exists);
                if (!exists)
                {
                    slot = Add(number, null);
                }

                return slot;
            }

            var lookup = texts.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(text, out var child))
            {
                return child;
            }

            var id = text.ToString();
            child = Add(0, id);
            texts[id] = child;
            return child;
        }

        private int Add(long number, string? text)
        {
            if (Count == Limits.Allocations)
            {
                Overflowed = true;
                return Count - 1;
            }

            if (Count == facts.Length)
            {
                Array.Resize(ref facts, Count * 2);
                Array.Resize(ref numericIds, Count * 2);
                Array.Resize(ref textIds, Count * 2);
            }

            (numericIds[Count], textIds[Count]) = (number, text);
            return Count++;
        }
    }

    /// <summary>An open involvement of an allocated role: the child, the worker, since when, and where it was read.</summary>
    private readonly record struct Involvement(int Child, string Worker, LocalDate Start, int Line);

    /// <summary>
    /// The allocations of the snapshot's date, derived from the SSD tables. On two threads: the cases' tables
    /// (episodes and plans, visits, legal statuses) on one, the referrals and involvements on the other; then
    /// what the first found is added to what the second did, and the allocations go into the builder in the
    /// involvements' order, then the unallocated in the referrals'.
    /// </summary>
    public void Read(SnapshotFiles files, LocalDate? asOf, SsdCodes codes)
    {
        // Without the date nothing is open or closed; the tables are still read for their own problems.
        var date = asOf ?? LocalDate.MinIsoValue;
        var caseProblems = new ProblemLog();
        var cases = Task.Factory.StartNew(() => Cases(files, date, codes, caseProblems), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var children = new Children(files.Length(SsdTables.Episodes.File));
        var involvements = new List<Involvement>((int)Math.Clamp((files.Length(SsdTables.Involvements.File) ?? 0) / 80, 1024, 4_000_000));
        try
        {
            Referrals(files, date, children);
            Involvements(files, date, codes, children, involvements);
        }
        finally
        {
            cases.Wait();
        }

        foreach (var problem in caseProblems.ToList())
        {
            report(problem);
        }

        if (children.Overflowed || cases.Result.Overflowed || involvements.Count >= Limits.Allocations)
        {
            report(new Problem(Severity.Error, "too_many_rows", SsdTables.Involvements.File, null, null,
                $"the tables open more than {Limits.Allocations:N0} children's cases or allocations on {date:yyyy-MM-dd}, more than any council holds; is the date right, and are these the council's own tables?"));
            return;
        }

        children.Add(cases.Result);
        builder.Expect(involvements.Count);
        Span<char> buffer = stackalloc char[20];
        foreach (var involvement in involvements)
        {
            ref var child = ref children[involvement.Child];
            if (!child.HasCase)
            {
                report(new Problem(Severity.Warning, "ssd_no_open_case", SsdTables.Involvements.File, involvement.Line, "invo_person_id",
                    $"the child has no episode, plan, assessment or referral open on {date:yyyy-MM-dd}; counted as a case of kind other"));
            }

            var kind = child.HasCase ? child.Case : CaseType.Other;
            var team = !builder.HasWorker(involvement.Worker) && child.ReferralTeam is { } referral && builder.HasTeam(referral) ? referral : "";
            Derived(new AllocationRow(children.Id(involvement.Child, buffer), [], involvement.Worker, team, kind, child.InProceedings, involvement.Start, child.PlanStart, child.LastVisit), SsdTables.Involvements.File, involvement.Line);
        }

        // A child referred and open with no one allocated waits unallocated in its referral's team.
        for (var i = 0; i < children.Count; i++)
        {
            ref var child = ref children[i];
            if (child.Allocated || child.ReferralTeam is not { } team)
            {
                continue;
            }

            if (!builder.HasTeam(team))
            {
                report(new Problem(Severity.Warning, "ssd_unallocated_no_team", SsdTables.Episodes.File, child.ReferralLine, "cine_referral_team",
                    "the referral of a child with no one allocated names no team in teams.csv; the child is not counted in any team"));
                continue;
            }

            var waiting = Facts.Date(Math.Max(child.AllocationEnded, child.ReferralDate));
            Derived(new AllocationRow(children.Id(i, buffer), [], [], team, child.Case, child.InProceedings, waiting, child.PlanStart, child.LastVisit), SsdTables.Episodes.File, child.ReferralLine);
        }
    }

    /// <summary>The open referrals: each child's latest, its team and date; an open referral is a case of kind other.</summary>
    private void Referrals(SnapshotFiles files, LocalDate date, Children children)
    {
        // A nation's half a million referrals name a few thousand teams: each team's id is kept once.
        var teams = new Dictionary<string, string>(StringComparer.Ordinal);
        var lookup = teams.GetAlternateLookup<ReadOnlySpan<char>>();
        Table(files, SsdTables.Episodes, date, problems, report, row =>
        {
            if (row.Open(2, 3) is not { } referred)
            {
                return;
            }

            ref var child = ref children.Of(row.Id(1));
            if (child.ReferralTeam is null || Facts.Day(referred) >= child.ReferralDate)
            {
                var team = row.Id(4);
                if (!lookup.TryGetValue(team, out var id))
                {
                    id = team.ToString();
                    teams[id] = id;
                }

                (child.ReferralTeam, child.ReferralDate, child.ReferralLine) = (id, Facts.Day(referred), row.Line);
            }

            child.Opens(CaseType.Other);
        });
    }

    /// <summary>The involvements of an allocated role open on the date, and when a child's last one ended.</summary>
    private void Involvements(SnapshotFiles files, LocalDate date, SsdCodes codes, Children children, List<Involvement> open)
    {
        var workers = new Dictionary<string, string>(StringComparer.Ordinal);
        var lookup = workers.GetAlternateLookup<ReadOnlySpan<char>>();
        Table(files, SsdTables.Involvements, date, problems, report, row =>
        {
            if (!Matches(row.Text(2), codes.AllocatedRoles))
            {
                return;
            }

            var worker = row.Id(1);
            var person = row.Id(3);
            var start = row.Date(4);
            var end = row.Date(5);
            if (start is not { } began || worker.IsEmpty || person.IsEmpty)
            {
                return;
            }

            if (!SsdRow.IsOpen(began, end, date))
            {
                if (began <= date && end is { } ended && ended >= began && ended <= date && children.TryFind(person, out var former))
                {
                    children[former].AllocationEnded = Math.Max(children[former].AllocationEnded, Facts.Day(ended));
                }

                return;
            }

            if (open.Count >= Limits.Allocations)
            {
                return;
            }

            var child = children.IndexOf(person);
            children[child].Allocated = true;
            if (!lookup.TryGetValue(worker, out var id))
            {
                id = worker.ToString();
                workers[id] = id;
            }

            open.Add(new Involvement(child, id, began, row.Line));
        });
    }

    /// <summary>Every table a child's case is made of, read on a thread of its own into children of its own, its problems into a log of its own.</summary>
    private static Children Cases(SnapshotFiles files, LocalDate date, SsdCodes codes, ProblemLog problems)
    {
        var children = new Children(new[] { SsdTables.ClaEpisodes, SsdTables.CpPlans, SsdTables.CareLeavers, SsdTables.CinPlans, SsdTables.Assessments, SsdTables.EarlyHelp }.Sum(t => files.Length(t.File) ?? 0));
        void Opening(SsdRow row, CaseType kind, Action<int, LocalDate>? started)
        {
            if (row.Open(1, 2) is { } start)
            {
                var child = children.IndexOf(row.Id(0));
                children[child].Opens(kind);
                started?.Invoke(child, start);
            }
        }

        // A visit counts for a child with a case of its kind open, which the tables read before it know; one
        // after the date is not yet a visit on it.
        void Visit(SsdRow row, Action<int, LocalDate> seen)
        {
            if (row.Date(1) is { } visited && visited <= date && children.TryFind(row.Id(0), out var child))
            {
                seen(child, visited);
            }
        }

        // Each table's action is made once, not once a row: a million rows would otherwise make a million delegates.
        Action<int, LocalDate> claStarted = (c, start) => children[c].ClaStart = Math.Max(children[c].ClaStart, Facts.Day(start));
        Action<int, LocalDate> cpStarted = (c, start) => children[c].CpStart = Math.Max(children[c].CpStart, Facts.Day(start));
        Action<int, LocalDate> cinVisited = (c, visit) => children[c].CinVisit = Math.Max(children[c].CinVisit, Facts.Day(visit));
        Action<int, LocalDate> cpVisited = (c, visit) => children[c].CpVisit = Math.Max(children[c].CpVisit, Facts.Day(visit));
        Action<int, LocalDate> claVisited = (c, visit) => children[c].ClaVisit = Math.Max(children[c].ClaVisit, Facts.Day(visit));
        Table(files, SsdTables.ClaEpisodes, date, problems, problems.Add, row => Opening(row, CaseType.Cla, claStarted));
        Table(files, SsdTables.CpPlans, date, problems, problems.Add, row => Opening(row, CaseType.Cp, cpStarted));
        Table(files, SsdTables.CareLeavers, date, problems, problems.Add, row =>
        {
            var eligibility = row.Text(1);
            if (!eligibility.IsEmpty && !eligibility.Equals("No Current Eligibility", StringComparison.OrdinalIgnoreCase))
            {
                children.Of(row.Id(0)).Opens(CaseType.CareLeaver);
            }
        });
        Table(files, SsdTables.CinPlans, date, problems, problems.Add, row => Opening(row, CaseType.Cin, null));
        Table(files, SsdTables.Assessments, date, problems, problems.Add, row => Opening(row, CaseType.Assessment, null));
        Table(files, SsdTables.EarlyHelp, date, problems, problems.Add, row => Opening(row, CaseType.EarlyHelp, null));
        Table(files, SsdTables.CinVisits, date, problems, problems.Add, row => Visit(row, cinVisited));
        Table(files, SsdTables.CpVisits, date, problems, problems.Add, row => Visit(row, cpVisited));
        Table(files, SsdTables.ClaVisits, date, problems, problems.Add, row => Visit(row, claVisited));
        Table(files, SsdTables.LegalStatus, date, problems, problems.Add, row =>
        {
            if (row.Open(2, 3) is not null && Matches(row.Text(1), codes.ProceedingsStatuses))
            {
                children.Of(row.Id(0)).InProceedings = true;
            }
        });
        return children;
    }

    private static bool Matches(ReadOnlySpan<char> code, IReadOnlyList<string> codes)
    {
        var trimmed = code.Trim();
        foreach (var candidate in codes)
        {
            if (trimmed.Equals(candidate.AsSpan().Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads one SSD table a row at a time; an absent optional table is empty, an absent required one is a problem.</summary>
    private static void Table(SnapshotFiles files, SsdTable table, LocalDate date, ProblemLog problems, Action<Problem> report, Action<SsdRow> each)
    {
        var stream = files.Open(table.File);
        if (stream is null && !table.Required)
        {
            return;
        }

        using var csv = CsvTable.Open(stream, table.File, table.Columns, problems);
        if (csv is null)
        {
            return;
        }

        var row = new SsdRow(report, csv, table.Columns, date);
        while (csv.Read())
        {
            if (csv.Line - 1 > Limits.SsdRows)
            {
                report(new Problem(Severity.Error, "too_many_rows", csv.File, csv.Line, null, $"more than {Limits.SsdRows:N0} rows; is this the right file? The rest is not read"));
                break;
            }

            each(row);
        }

        if (csv.Malformed is { } malformed)
        {
            report(malformed);
        }
    }

    /// <summary>Adds an allocation derived from the tables, reporting what the builder finds at the row it came from.</summary>
    private void Derived(AllocationRow allocation, string file, int line)
    {
        var (column, code, message) = builder.AddAllocation(allocation) switch
        {
            AllocationOutcome.UnknownWorkerUnallocated => ("invo_professional_id", "unknown_worker", "names a worker who is not in workers.csv (probably left); the case is counted as unallocated in the team of the child's open referral"),
            AllocationOutcome.UnknownWorkerReportedOnly => ("invo_professional_id", "unknown_worker", "names a worker who is not in workers.csv (probably left), and the child has no open referral to a team in teams.csv; the case is reported here only, not counted"),
            AllocationOutcome.Duplicate => ("invo_person_id", "duplicate_allocation", "the same child's involvement with the same worker is open on an earlier line; counted once"),
            _ => (null, null, null),
        };
        if (code is not null)
        {
            report(new Problem(Severity.Warning, code, file, line, column, message!));
        }
    }

    /// <summary>The cells of an SSD table's current row, each checked as it is read and reported at its column.</summary>
    private readonly struct SsdRow(Action<Problem> report, CsvTable table, CsvColumn[] columns, LocalDate date)
    {
        public string File => table.File;

        public int Line => table.Line;

        /// <summary>An id (person, professional, team): at most <see cref="Limits.Id"/> characters.</summary>
        public ReadOnlySpan<char> Id(int column)
        {
            var cell = table[column];
            if (cell.Length > Limits.Id || cell.ContainsAny(CellValues.ControlCharacters))
            {
                report(new Problem(Severity.Error, "value_invalid", table.File, table.Line, columns[column].Name,
                    $"is not an id: at most {Limits.Id} characters, no control characters"));
                return [];
            }

            return cell;
        }

        public ReadOnlySpan<char> Text(int column) => table[column];

        /// <summary>A date in one of the three forms SSD extracts write; empty is null.</summary>
        public LocalDate? Date(int column)
        {
            var cell = table[column];
            if (cell.IsEmpty)
            {
                return null;
            }

            if (SsdDates.TryParse(cell, out var value))
            {
                return value;
            }

            report(new Problem(Severity.Error, "value_invalid", table.File, table.Line, columns[column].Name,
                $"is not a date from {CellValues.Earliest:yyyy} to {CellValues.Latest:yyyy}; write yyyy-MM-dd, yyyy-MM-dd HH:mm:ss or dd/MM/yyyy"));
            return null;
        }

        /// <summary>The start of a row open on the snapshot's date (start ≤ date, end empty, after it, or a placeholder before the start); null otherwise.</summary>
        public LocalDate? Open(int startColumn, int endColumn)
        {
            var start = Date(startColumn);
            var end = Date(endColumn);
            if (start is not { } began)
            {
                if (table.Has(startColumn) && table[startColumn].IsEmpty)
                {
                    report(new Problem(Severity.Warning, "ssd_start_missing", table.File, table.Line, columns[startColumn].Name,
                        "has no start date, so whether it is open cannot be said; the row is not counted"));
                }

                return null;
            }

            return IsOpen(began, end, date) ? began : null;
        }

        /// <summary>
        /// Open on a date: started on or before it, and not ended by it. An end before the start is a placeholder
        /// for "no end" (1900-01-01 in many extracts).
        /// </summary>
        public static bool IsOpen(LocalDate start, LocalDate? end, LocalDate date) => start <= date && (end is not { } ended || ended > date || ended < start);
    }
}
