using Caseload.Reporting.Calendar;
using Caseload.Reporting.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Improvement;

/// <summary>The groups of children the improvement metrics count.</summary>
public enum ChildGroup
{
    /// <summary>Every open child, allocated or not.</summary>
    Open,

    /// <summary>Children without a named worker.</summary>
    Unallocated,

    /// <summary>Unallocated children whose allocated_on is more than 5 working days before the data's date.</summary>
    UnallocatedOver5WorkingDays,

    /// <summary>Children looked after (case type cla).</summary>
    LookedAfter,

    /// <summary>Looked-after children last visited no more than 42 days before the data's date.</summary>
    LookedAfterVisitedIn6Weeks,

    /// <summary>Children on a child protection plan (case type cp).</summary>
    ChildProtection,

    /// <summary>CP children whose plan_start is given.</summary>
    ChildProtectionWithPlanStart,

    /// <summary>CP children whose plan started 2 years or more before the data's date.</summary>
    ChildProtectionPlan2YearsPlus,

    /// <summary>CP children last visited no more than 10 working days before the data's date.</summary>
    ChildProtectionVisitedIn10WorkingDays,

    /// <summary>
    /// Open children who had 3 or more distinct allocated workers in the 365 days up to the data's date; counted
    /// from the allocation history (<see cref="ChildCounts.OfHistory"/>), not from one snapshot.
    /// </summary>
    ThreePlusWorkersIn12Months,
}

/// <summary>A child open at a date, as the allocation history records it.</summary>
/// <param name="TeamIds">The teams that held it then (its workers' teams, or the team holding it unallocated).</param>
/// <param name="WorkersInYear">The distinct workers who held it in the 365 days up to then.</param>
public sealed record OpenChild(IReadOnlyCollection<string> TeamIds, int WorkersInYear);

/// <summary>How many children of each group a team has.</summary>
/// <param name="TeamId">The team.</param>
/// <param name="Children">Distinct children, indexed by <see cref="ChildGroup"/>.</param>
public sealed record TeamChildren(string TeamId, IReadOnlyList<int> Children);

/// <summary>Children of a group who are in several teams at once, so that a sum over teams counts them once.</summary>
/// <param name="Group">The group.</param>
/// <param name="TeamIds">The teams they are in, in ordinal order.</param>
/// <param name="Children">How many children are in exactly these teams.</param>
public sealed record SharedChildren(ChildGroup Group, IReadOnlyList<string> TeamIds, int Children);

/// <summary>
/// A snapshot's children counted by group and team, independent of any policy or plan, with no child-level
/// detail: any filter of teams sums its teams' counts and takes off the children it would count twice.
/// </summary>
/// <param name="Teams">Each team's counts.</param>
/// <param name="Shared">Children in more than one team.</param>
public sealed record ChildCounts(IReadOnlyList<TeamChildren> Teams, IReadOnlyList<SharedChildren> Shared)
{
    private static readonly int Groups = Enum.GetValues<ChildGroup>().Length;

    /// <summary>Distinct children of a group in the teams a filter includes.</summary>
    public int Count(ChildGroup group, Func<string, bool> includesTeam)
    {
        ArgumentNullException.ThrowIfNull(includesTeam);
        var count = 0;
        foreach (var team in Teams)
        {
            count += includesTeam(team.TeamId) ? team.Children[(int)group] : 0;
        }

        foreach (var shared in Shared)
        {
            if (shared.Group == group)
            {
                count -= Math.Max(0, shared.TeamIds.Count(includesTeam) - 1) * shared.Children;
            }
        }

        return count;
    }

    /// <summary>
    /// Counts a snapshot's children in every group but <see cref="ChildGroup.ThreePlusWorkersIn12Months"/>. Where a
    /// child's rows disagree, a child is in a case-type group in the teams of its rows of that type; its plan
    /// started at the earliest plan_start and it was last visited at the latest last_visit of those rows.
    /// </summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="calendar">The working days.</param>
    public static ChildCounts Of(Snapshot snapshot, WorkingDays calendar)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(calendar);
        var asOf = snapshot.AsOf;
        var waitingSince = calendar.CountBack(asOf, 6);
        var cpVisitAfter = calendar.CountBack(asOf, 11);
        var claVisitFrom = asOf.PlusDays(-42);
        var planFrom = asOf.PlusYears(-2);

        var counts = new int[snapshot.Teams.Count * Groups];
        var shared = new Dictionary<(ChildGroup, string), (string[] Teams, int Children)>();
        var byChild = RowsByChild(snapshot);
        var teams = new TeamSets();
        var teamIds = snapshot.Teams.Select(t => t.Id).ToList();
        for (var child = 0; child < snapshot.ChildIds.Count; child++)
        {
            teams.Clear();
            LocalDate? cpPlanStart = null, cpVisit = null, claVisit = null;
            foreach (var row in byChild[child])
            {
                var allocation = snapshot.Allocations[row];
                teams.Add(ChildGroup.Open, allocation.Team);
                if (allocation.IsUnallocated)
                {
                    teams.Add(ChildGroup.Unallocated, allocation.Team);
                    if (allocation.AllocatedOn <= waitingSince)
                    {
                        teams.Add(ChildGroup.UnallocatedOver5WorkingDays, allocation.Team);
                    }
                }

                if (allocation.CaseType == CaseType.Cla)
                {
                    teams.Add(ChildGroup.LookedAfter, allocation.Team);
                    claVisit = Latest(claVisit, allocation.LastVisit);
                }
                else if (allocation.CaseType == CaseType.Cp)
                {
                    teams.Add(ChildGroup.ChildProtection, allocation.Team);
                    cpVisit = Latest(cpVisit, allocation.LastVisit);
                    cpPlanStart = allocation.PlanStart is { } start && (cpPlanStart is not { } earlier || start < earlier) ? start : cpPlanStart;
                }
            }

            teams.CopyIf(ChildGroup.LookedAfter, ChildGroup.LookedAfterVisitedIn6Weeks, claVisit is { } cla && cla >= claVisitFrom && cla <= asOf);
            teams.CopyIf(ChildGroup.ChildProtection, ChildGroup.ChildProtectionVisitedIn10WorkingDays, cpVisit is { } cp && cp > cpVisitAfter && cp <= asOf);
            teams.CopyIf(ChildGroup.ChildProtection, ChildGroup.ChildProtectionWithPlanStart, cpPlanStart is not null);
            teams.CopyIf(ChildGroup.ChildProtection, ChildGroup.ChildProtectionPlan2YearsPlus, cpPlanStart <= planFrom);
            teams.Tally(counts, shared, teamIds);
        }

        return Counted(teamIds, counts, shared);
    }

    /// <summary>
    /// Counts the children open at a date by the allocation history: <see cref="ChildGroup.Open"/> and
    /// <see cref="ChildGroup.ThreePlusWorkersIn12Months"/>, the numerator and denominator of the same source.
    /// </summary>
    public static ChildCounts OfHistory(IReadOnlyList<OpenChild> children)
    {
        ArgumentNullException.ThrowIfNull(children);
        var teamIds = new List<string>();
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var open = children;
        foreach (var id in open.SelectMany(c => c.TeamIds).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            indexOf[id] = teamIds.Count;
            teamIds.Add(id);
        }

        var counts = new int[teamIds.Count * Groups];
        var shared = new Dictionary<(ChildGroup, string), (string[] Teams, int Children)>();
        var teams = new TeamSets();
        foreach (var child in open)
        {
            teams.Clear();
            foreach (var id in child.TeamIds)
            {
                teams.Add(ChildGroup.Open, indexOf[id]);
            }

            teams.CopyIf(ChildGroup.Open, ChildGroup.ThreePlusWorkersIn12Months, child.WorkersInYear >= 3);
            teams.Tally(counts, shared, teamIds);
        }

        return Counted(teamIds, counts, shared);
    }

    private static ChildCounts Counted(List<string> teamIds, int[] counts, Dictionary<(ChildGroup, string), (string[] Teams, int Children)> shared) => new(
        [.. teamIds.Select((id, t) => new TeamChildren(id, counts.AsSpan(t * Groups, Groups).ToArray()))],
        [.. shared.OrderBy(s => s.Key.Item1).ThenBy(s => s.Key.Item2, StringComparer.Ordinal).Select(s => new SharedChildren(s.Key.Item1, s.Value.Teams, s.Value.Children))]);

    private static LocalDate? Latest(LocalDate? a, LocalDate? b) => a is null ? b : b is null ? a : a > b ? a : b;

    /// <summary>Each child's allocation rows, found by a counting sort on the child index.</summary>
    private static ArraySegment<int>[] RowsByChild(Snapshot snapshot)
    {
        var children = snapshot.ChildIds.Count;
        var starts = new int[children + 1];
        foreach (var allocation in snapshot.Allocations)
        {
            starts[allocation.Child + 1]++;
        }

        for (var c = 0; c < children; c++)
        {
            starts[c + 1] += starts[c];
        }

        var rows = new int[snapshot.Allocations.Count];
        var next = starts[..children];
        for (var row = 0; row < rows.Length; row++)
        {
            rows[next[snapshot.Allocations[row].Child]++] = row;
        }

        var byChild = new ArraySegment<int>[children];
        for (var c = 0; c < children; c++)
        {
            byChild[c] = new ArraySegment<int>(rows, starts[c], starts[c + 1] - starts[c]);
        }

        return byChild;
    }

    /// <summary>One child's teams in each group; nearly always one team, so small lists.</summary>
    private sealed class TeamSets
    {
        private readonly List<int>[] sets = [.. Enumerable.Range(0, Groups).Select(_ => new List<int>(2))];

        public void Clear()
        {
            foreach (var set in sets)
            {
                set.Clear();
            }
        }

        public void Add(ChildGroup group, int team)
        {
            var set = sets[(int)group];
            if (!set.Contains(team))
            {
                set.Add(team);
            }
        }

        public void CopyIf(ChildGroup from, ChildGroup to, bool condition)
        {
            if (condition)
            {
                sets[(int)to].AddRange(sets[(int)from]);
            }
        }

        public void Tally(int[] counts, Dictionary<(ChildGroup, string), (string[] Teams, int Children)> shared, List<string> teamIds)
        {
            for (var g = 0; g < Groups; g++)
            {
                var set = sets[g];
                foreach (var team in set)
                {
                    counts[(team * Groups) + g]++;
                }

                if (set.Count > 1)
                {
                    var ids = set.Select(t => teamIds[t]).Order(StringComparer.Ordinal).ToArray();
                    var key = ((ChildGroup)g, string.Join('\n', ids));
                    shared[key] = shared.TryGetValue(key, out var found) ? (found.Teams, found.Children + 1) : (ids, 1);
                }
            }
        }
    }
}
