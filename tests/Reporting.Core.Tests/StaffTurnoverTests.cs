using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Improvement;
using Caseload.Reporting.Snapshots;
using Caseload.Reporting.Workforce;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>
/// Turnover from the roster's history (benchmarks spec): a leaver is an in-post social worker on a roster of the 365
/// days who is not on the roster at the date; a move, a change of role or hours, or from agency to a post is not
/// leaving, and one who comes back has not left. Hand-made rosters for each case, and a generated year against the
/// definition worked out directly.
/// </summary>
public sealed class StaffTurnoverTests
{
    private static readonly LocalDate First = new(2025, 10, 6);
    private static readonly LocalDate Last = new(2026, 10, 26);

    private static RosterEntry InPost(string id, string team = "T1", decimal fte = 1m) => new(id, team, fte, StaffKind.InPost);

    private static RosterEntry Agency(string id, string team = "T1", decimal fte = 1m) => new(id, team, fte, StaffKind.Agency);

    private static RosterEntry Other(string id, string team = "T1", decimal fte = 1m) => new(id, team, fte, StaffKind.Other);

    /// <summary>A roster each Monday from <see cref="First"/> to <see cref="Last"/>, made by <paramref name="on"/>.</summary>
    private static Dictionary<DatedSnapshot, StaffRoster> Year(Func<LocalDate, IEnumerable<RosterEntry>> on)
    {
        var rosters = new Dictionary<DatedSnapshot, StaffRoster>();
        for (var day = First; day <= Last; day = day.PlusWeeks(1))
        {
            rosters[new DatedSnapshot($"{day:yyyy-MM-dd}.snapshot", day)] = new StaffRoster([.. on(day)]);
        }

        return rosters;
    }

    private static (StaffTurnoverCount Count, List<DatedSnapshot> Reads) Counted(Dictionary<DatedSnapshot, StaffRoster> rosters)
    {
        var reads = new List<DatedSnapshot>();
        return (new StaffTurnoverCount([.. rosters.Keys], (snapshot, _) =>
        {
            reads.Add(snapshot);
            return Task.FromResult(rosters[snapshot]);
        }), reads);
    }

    private static DatedSnapshot At(Dictionary<DatedSnapshot, StaffRoster> rosters, LocalDate day) => rosters.Keys.Single(s => s.AsOf == day);

    [Fact]
    public async Task A_leaver_counts_at_their_last_FTE_and_movers_returners_role_changes_and_agency_taken_on_do_not()
    {
        var rosters = Year(day =>
        {
            var roster = new List<RosterEntry> { InPost("stays") };
            if (day < new LocalDate(2026, 3, 2))
            {
                roster.Add(InPost("leaver", fte: day < new LocalDate(2026, 2, 2) ? 0.8m : 0.6m));
            }

            if (day < new LocalDate(2026, 1, 5) || day >= new LocalDate(2026, 4, 6))
            {
                roster.Add(InPost("returner"));
            }

            roster.Add(InPost("mover", team: day < new LocalDate(2026, 6, 1) ? "T1" : "T2", fte: day < new LocalDate(2026, 6, 1) ? 1m : 0.5m));
            roster.Add(day < new LocalDate(2026, 5, 4) ? InPost("role-change") : Other("role-change"));
            roster.Add(day < new LocalDate(2026, 5, 4) ? Agency("taken-on") : InPost("taken-on"));
            if (day < new LocalDate(2026, 7, 6))
            {
                roster.Add(Agency("agency-leaves"));
            }

            if (day < new LocalDate(2026, 4, 6))
            {
                roster.Add(InPost("to-agency-then-gone", team: "T3", fte: 0.9m));
            }
            else if (day < new LocalDate(2026, 8, 3))
            {
                roster.Add(Agency("to-agency-then-gone", team: "T4", fte: 0.7m));
            }

            if (day <= new LocalDate(2025, 10, 20))
            {
                roster.Add(InPost("left-before-the-year"));
            }

            if (day < new LocalDate(2025, 12, 1) || (day >= new LocalDate(2026, 2, 2) && day < new LocalDate(2026, 9, 7)))
            {
                roster.Add(InPost("left-twice", team: "T2", fte: 0.5m));
            }

            return roster;
        });
        var (count, reads) = Counted(rosters);

        var june = await count.AtAsync(At(rosters, new LocalDate(2026, 6, 1)));
        var october = await count.AtAsync(At(rosters, Last));

        // At 1 June: the leaver, and the one who left in October 2025, inside the year to June; the one who left in
        // December came back in February, so has not left.
        Assert.Equal(2, june.Leavers.Count);
        Assert.Equal(0.6m + 1m, june.Leavers.Sum(l => l.Fte));

        // At 26 October the year runs from 27 October 2025: the one who left before it is not counted, the one who
        // went to an agency and then left is, at the agency FTE and team of their last roster, and the one who left
        // twice counts once.
        Assert.Equal(
            [new Leaver("T1", 0.6m), new Leaver("T2", 0.5m), new Leaver("T4", 0.7m)],
            october.Leavers.OrderBy(l => l.TeamId, StringComparer.Ordinal));
        Assert.Equal(Last, october.AsOf);

        // Forward, each roster read once for both points.
        Assert.Equal(rosters.Count, reads.Count);
        Assert.Equal(reads.Count, reads.Distinct().Count());
        await Assert.ThrowsAsync<InvalidOperationException>(() => count.AtAsync(At(rosters, new LocalDate(2026, 6, 1))));
    }

    [Fact]
    public async Task A_generated_year_of_rosters_gives_the_leavers_the_definition_gives()
    {
        // 80 workers over two years of weekly rosters: each week some leave, some come back, some move team, change
        // hours or role, some agency workers are taken on, and new workers start.
        var random = new Random(31);
        var from = new LocalDate(2024, 10, 7);
        var state = Enumerable.Range(0, 80).ToDictionary(i => $"W{i}", i => (Present: true, Entry: new RosterEntry($"W{i}", $"T{i % 6}", 1m, i % 5 == 0 ? StaffKind.Agency : StaffKind.InPost)));
        var rosters = new Dictionary<DatedSnapshot, StaffRoster>();
        var next = 80;
        for (var day = from; day <= Last; day = day.PlusWeeks(1))
        {
            foreach (var id in state.Keys.ToList())
            {
                var (present, entry) = state[id];
                var roll = random.NextDouble();
                state[id] = roll switch
                {
                    < 0.01 => (!present, entry),                                                   // leaves, or comes back
                    < 0.02 => (present, entry with { TeamId = $"T{random.Next(6)}" }),              // moves team
                    < 0.03 => (present, entry with { Fte = random.Next(4, 11) / 10m }),             // changes hours
                    < 0.035 => (present, entry with { Kind = StaffKind.Other }),                    // changes role
                    < 0.05 when entry.Kind == StaffKind.Agency => (present, entry with { Kind = StaffKind.InPost }),  // taken on
                    _ => (present, entry),
                };
            }

            if (random.NextDouble() < 0.3)
            {
                state[$"W{next}"] = (true, new RosterEntry($"W{next}", $"T{random.Next(6)}", 1m, StaffKind.InPost));
                next++;
            }

            rosters[new DatedSnapshot($"{day:yyyy-MM-dd}.generated", day)] = new StaffRoster([.. state.Values.Where(s => s.Present).Select(s => s.Entry)]);
        }

        var points = rosters.Keys.Where(s => s.AsOf.Day <= 7).OrderBy(s => s.AsOf).ToList();
        var (count, _) = Counted(rosters);
        foreach (var point in points)
        {
            var counted = await count.AtAsync(point);
            Assert.Equal(ByDefinition(rosters, point), counted.Leavers.OrderBy(l => l.TeamId, StringComparer.Ordinal).ThenBy(l => l.Fte));
        }

        Assert.True(points.Count > 20);
    }

    /// <summary>The definition, worker by worker: in post on some roster of the 365 days, not on the roster at the date; FTE and team of their last roster.</summary>
    private static List<Leaver> ByDefinition(Dictionary<DatedSnapshot, StaffRoster> rosters, DatedSnapshot point)
    {
        var year = rosters.Where(r => r.Key.AsOf <= point.AsOf && r.Key.AsOf > point.AsOf.PlusDays(-365)).OrderBy(r => r.Key.AsOf).ToList();
        var atPoint = rosters[point].Workers.Select(w => w.Id).ToHashSet();
        return [.. year.SelectMany(r => r.Value.Workers).Where(w => w.Kind == StaffKind.InPost).Select(w => w.Id).Distinct()
            .Where(id => !atPoint.Contains(id))
            .Select(id => year.Last(r => r.Value.Workers.Any(w => w.Id == id)).Value.Workers.Single(w => w.Id == id))
            .Select(w => new Leaver(w.TeamId, w.Fte))
            .OrderBy(l => l.TeamId, StringComparer.Ordinal).ThenBy(l => l.Fte)];
    }

    [Fact]
    public void The_census_figures_count_children_and_family_social_workers_in_post_agency_and_vacancies_as_DfE_does()
    {
        var snapshot = new Council()
            .Team("T1", establishment: 4m).Team("T2")
            .Worker("A", "T1", fte: 1m).Cases(20, "A")
            .Worker("B", "T1", fte: 0.5m).Cases(6, "B")
            .Worker("C", "T1", agency: true, fte: 1m).Cases(15, "C")
            .Worker("D", "T1", role: Role.TeamManager, fte: 1m)                    // in post, no cases
            .Worker("E", "T1", role: Role.FamilyWorker, fte: 1m).Cases(5, "E")    // not a social worker
            .Worker("F", "T2", fte: 0.5m).Cases(4, "F")
            .Snapshot(Last);
        var caseloads = CaseloadSummary.Of(snapshot);

        var figures = WorkforceFigures.Of(caseloads, new StaffTurnover(Last, [new Leaver("T1", 0.6m), new Leaver("T9", 0.4m)]), History.Of(Metric.TurnoverRateFte, Last, Last.PlusYears(-2)));

        Assert.Equal(3m, figures.InPostFte);                           // A, B, D, F
        Assert.Equal(45, figures.Cases);                                // A, B, C, F: the family worker's are not a social worker's
        Assert.Equal(45m / 3m, figures.CaseloadFte);                    // holders A 1 + B 0.5 + C 1 + F 0.5; D holds none
        Assert.Equal(1m * 100m / 4m, figures.AgencyRateFte);            // agency 1 of 1 + 3
        Assert.Equal((4m - 2.5m) * 100m / 4m, figures.VacancyRateFte);  // T1's 4 posts, 2.5 FTE in post there; agency covers, does not fill
        Assert.Equal(1m * 100m / 3m, figures.TurnoverRateFte);          // 0.6 + 0.4 left

        var early = WorkforceFigures.Of(caseloads, new StaffTurnover(Last, [new Leaver("T1", 0.6m)]), History.Of(Metric.TurnoverRateFte, Last, Last.PlusMonths(-11)));
        Assert.Null(early.TurnoverRateFte);
        Assert.Equal("not enough history yet: 11 of 12 months", early.TurnoverHistory.ToString());
    }
}
