using Caseload.Reporting.Ingest.Ssd;
using Caseload.Reporting.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Ingest.Canonical;

/// <summary>
/// A snapshot derived from the council's Standard Safeguarding Dataset tables (ssd spec): who holds which child's
/// case on the snapshot's date, of which kind, since when, last visited when, in proceedings or not. The roster is
/// read as in any snapshot; the tables are read a row at a time, keeping only what is open on the date, and the
/// allocations so derived go into the same builder, with the same checks, as allocations.csv's rows would.
/// </summary>
public static partial class SnapshotReader
{
    /// <summary>The kinds of case in the order the spec gives them precedence: the first open on the date is the child's case.</summary>
    private static readonly CaseType[] Precedence = [CaseType.Cla, CaseType.Cp, CaseType.CareLeaver, CaseType.Cin, CaseType.Assessment, CaseType.EarlyHelp, CaseType.Other];

    /// <summary>What the tables say about one child on the snapshot's date.</summary>
    private sealed class Child
    {
        /// <summary>The kinds of case open on the date, one bit per <see cref="CaseType"/>.</summary>
        public int Open;

        public LocalDate? ClaStart;
        public LocalDate? CpStart;
        public LocalDate? CinVisit;
        public LocalDate? CpVisit;
        public LocalDate? ClaVisit;
        public bool InProceedings;

        /// <summary>The open referral: its team, its date and the line it is on.</summary>
        public string? ReferralTeam;
        public LocalDate ReferralDate;
        public int ReferralLine;

        /// <summary>Whether an allocated role's involvement is open on the date.</summary>
        public bool Allocated;

        /// <summary>When the last allocated involvement to end by the date ended: an unallocated child has waited since then.</summary>
        public LocalDate? AllocationEnded;

        public CaseType Case => Array.Find(Precedence, k => (Open & (1 << (int)k)) != 0);

        public bool HasCase => Open != 0;

        public LocalDate? PlanStart => Case switch { CaseType.Cla => ClaStart, CaseType.Cp => CpStart, _ => null };

        public LocalDate? LastVisit => Case switch { CaseType.Cla => ClaVisit, CaseType.Cp => CpVisit, CaseType.Cin => CinVisit, _ => null };

        public void Opens(CaseType kind) => Open |= 1 << (int)kind;
    }

    private sealed partial class Reading
    {
        /// <summary>The allocations of the snapshot's date, derived from the SSD tables.</summary>
        public void Ssd(SnapshotFiles files, LocalDate? asOf, SsdCodes codes)
        {
            if (asOf is not { } date)
            {
                // Without the date nothing is open or closed; the tables are still read for their own problems.
                date = LocalDate.MinIsoValue;
            }

            var children = new Dictionary<string, Child>(StringComparer.Ordinal);
            Child Of(ReadOnlySpan<char> person)
            {
                var lookup = children.GetAlternateLookup<ReadOnlySpan<char>>();
                if (!lookup.TryGetValue(person, out var child))
                {
                    lookup[person] = child = new Child();
                }

                return child;
            }

            Table(files, SsdTables.Episodes, date, row =>
            {
                if (row.Open(2, 3) is { } referred)
                {
                    var child = Of(row.Id(1));
                    if (child.ReferralTeam is null || referred >= child.ReferralDate)
                    {
                        (child.ReferralTeam, child.ReferralDate, child.ReferralLine) = (row.Id(4).ToString(), referred, row.Line);
                    }

                    child.Opens(CaseType.Other);
                }
            });
            Table(files, SsdTables.ClaEpisodes, date, row => Opening(row, CaseType.Cla, Of, (child, start) => child.ClaStart = Latest(child.ClaStart, start)));
            Table(files, SsdTables.CpPlans, date, row => Opening(row, CaseType.Cp, Of, (child, start) => child.CpStart = Latest(child.CpStart, start)));
            Table(files, SsdTables.CareLeavers, date, row =>
            {
                var eligibility = row.Text(1);
                if (!eligibility.IsEmpty && !eligibility.Equals("No Current Eligibility", StringComparison.OrdinalIgnoreCase))
                {
                    Of(row.Id(0)).Opens(CaseType.CareLeaver);
                }
            });
            Table(files, SsdTables.CinPlans, date, row => Opening(row, CaseType.Cin, Of, null));
            Table(files, SsdTables.Assessments, date, row => Opening(row, CaseType.Assessment, Of, null));
            Table(files, SsdTables.EarlyHelp, date, row => Opening(row, CaseType.EarlyHelp, Of, null));
            Table(files, SsdTables.CinVisits, date, row => Visit(row, date, Of, (child, visit) => child.CinVisit = Latest(child.CinVisit, visit)));
            Table(files, SsdTables.CpVisits, date, row => Visit(row, date, Of, (child, visit) => child.CpVisit = Latest(child.CpVisit, visit)));
            Table(files, SsdTables.ClaVisits, date, row => Visit(row, date, Of, (child, visit) => child.ClaVisit = Latest(child.ClaVisit, visit)));
            Table(files, SsdTables.LegalStatus, date, row =>
            {
                if (row.Open(2, 3) is not null && Matches(row.Text(1), codes.ProceedingsStatuses))
                {
                    Of(row.Id(0)).InProceedings = true;
                }
            });

            // The involvements last: a child's case is known by then, so each allocation is added as it is read.
            Table(files, SsdTables.Involvements, date, row =>
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
                    if (began <= date && end is { } ended && ended >= began && ended <= date && children.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(person, out var known))
                    {
                        known.AllocationEnded = Latest(known.AllocationEnded, ended);
                    }

                    return;
                }

                var child = Of(person);
                child.Allocated = true;
                if (!child.HasCase)
                {
                    Report(new Problem(Severity.Warning, "ssd_no_open_case", row.File, row.Line, "invo_person_id",
                        $"the child has no episode, plan, assessment or referral open on {date:yyyy-MM-dd}; counted as a case of kind other"));
                }

                var kind = child.HasCase ? child.Case : CaseType.Other;
                var team = !Builder.HasWorker(worker) && child.ReferralTeam is { } referral && Builder.HasTeam(referral) ? referral : "";
                Derived(new AllocationRow(person, [], worker, team, kind, child.InProceedings, began, child.PlanStart, child.LastVisit), row.File, row.Line);
            });

            // A child referred and open with no one allocated waits unallocated in its referral's team.
            foreach (var (person, child) in children)
            {
                if (child.Allocated || child.ReferralTeam is not { } team)
                {
                    continue;
                }

                if (!Builder.HasTeam(team))
                {
                    Report(new Problem(Severity.Warning, "ssd_unallocated_no_team", SsdTables.Episodes.File, child.ReferralLine, "cine_referral_team",
                        "the referral of a child with no one allocated names no team in teams.csv; the child is not counted in any team"));
                    continue;
                }

                var waiting = Latest(child.AllocationEnded, child.ReferralDate);
                Derived(new AllocationRow(person, [], [], team, child.Case, child.InProceedings, waiting, child.PlanStart, child.LastVisit), SsdTables.Episodes.File, child.ReferralLine);
            }
        }

        private static void Opening(SsdRow row, CaseType kind, Func<ReadOnlySpan<char>, Child> of, Action<Child, LocalDate>? started)
        {
            if (row.Open(1, 2) is { } start)
            {
                var child = of(row.Id(0));
                child.Opens(kind);
                started?.Invoke(child, start);
            }
        }

        private static void Visit(SsdRow row, LocalDate date, Func<ReadOnlySpan<char>, Child> of, Action<Child, LocalDate> seen)
        {
            // A visit after the date is not yet a visit on it.
            if (row.Date(1) is { } visited && visited <= date)
            {
                seen(of(row.Id(0)), visited);
            }
        }

        private static LocalDate Latest(LocalDate? a, LocalDate b) => a is { } x && x > b ? x : b;

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
        private void Table(SnapshotFiles files, SsdTable table, LocalDate date, Action<SsdRow> each)
        {
            var stream = files.Open(table.File);
            if (stream is null && !table.Required)
            {
                return;
            }

            using var csv = CsvTable.Open(stream, table.File, table.Columns, Problems);
            if (csv is null)
            {
                return;
            }

            var row = new SsdRow(Report, csv, table.Columns, date);
            while (csv.Read())
            {
                if (csv.Line - 1 > Limits.SsdRows)
                {
                    Error(csv.File, csv.Line, null, "too_many_rows", $"more than {Limits.SsdRows:N0} rows; is this the right file? The rest is not read");
                    break;
                }

                each(row);
            }

            ReportMalformed(csv);
        }

        /// <summary>Adds an allocation derived from the tables, reporting what the builder finds at the row it came from.</summary>
        private void Derived(AllocationRow allocation, string file, int line)
        {
            var (column, code, message) = Builder.AddAllocation(allocation) switch
            {
                AllocationOutcome.UnknownWorkerUnallocated => ("invo_professional_id", "unknown_worker", "names a worker who is not in workers.csv (probably left); the case is counted as unallocated in the team of the child's open referral"),
                AllocationOutcome.UnknownWorkerReportedOnly => ("invo_professional_id", "unknown_worker", "names a worker who is not in workers.csv (probably left), and the child has no open referral to a team in teams.csv; the case is reported here only, not counted"),
                AllocationOutcome.Duplicate => ("invo_person_id", "duplicate_allocation", "the same child's involvement with the same worker is open on an earlier line; counted once"),
                _ => (null, null, null),
            };
            if (code is not null)
            {
                Report(new Problem(Severity.Warning, code, file, line, column, message!));
            }
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
            if (cell.Length > Limits.Id || cell.ContainsAnyInRange('\0', '\u001f'))
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
