using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Improvement;

/// <summary>
/// Everything a snapshot's improvement metrics are computed from: its caseloads, their evaluation under a policy,
/// and its children counted by group. Every metric is a pure function of these and a filter of teams.
/// </summary>
/// <param name="Caseloads">The snapshot's caseloads.</param>
/// <param name="Evaluation">Their evaluation under the policy the metrics use.</param>
/// <param name="Children">The snapshot's children by group and team; null for a snapshot stored before they were counted, whose child metrics have no figure.</param>
/// <param name="Stability">The children open at the snapshot's date by the allocation history (<see cref="ChildCounts.OfHistory"/>); null without a history.</param>
public sealed record SnapshotFigures(CaseloadSummary Caseloads, CaseloadEvaluation Evaluation, ChildCounts? Children, ChildCounts? Stability)
{
    /// <summary>Who left in the year to the snapshot, for turnover; null when not counted (the month's plan and benchmarks do not need it).</summary>
    public Workforce.StaffTurnover? Turnover { get; init; }

    /// <summary>Each team's case for posts: FTE needed against its funded vacancies (filled as the vacancy rate counts it).</summary>
    public IReadOnlyList<Capacity.TeamPosts> Posts => field ??= Posted();

    /// <summary>A team's case holders: its workers with a limit, as evaluated.</summary>
    public IEnumerable<Evaluation.WorkerCaseload> HoldersIn(string teamId) => HoldersByTeam[teamId];

    /// <summary>A team's social work posts' holders: every role but family workers, students and others.</summary>
    public IEnumerable<Worker> SocialWorkersIn(string teamId) => SocialWorkersByTeam[teamId];

    // The digest asks for a figure of each of thousands of teams: the workers are grouped by team once, not
    // filtered again for every team (at national scale that was two minutes of the month).
    private ILookup<string, Evaluation.WorkerCaseload> HoldersByTeam => field ??= Evaluation.Workers.Where(w => w.Limit is not null).ToLookup(w => w.TeamId, StringComparer.Ordinal);

    private Dictionary<string, Team> TeamsById => field ??= Caseloads.Teams.ToDictionary(t => t.Team.Id, t => t.Team, StringComparer.Ordinal);

    private ILookup<string, Worker> SocialWorkersByTeam => field ??= Caseloads.Workers.Select(h => h.Worker).Where(IsSocialWorker).ToLookup(w => w.TeamId, StringComparer.Ordinal);

    /// <summary>A metric over the teams a filter includes; null when it has nothing to divide by or nothing to take the largest of.</summary>
    public decimal? Of(Metric metric, MeasureFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var named = filter.Teams.Count == 0 ? Caseloads.Teams.Select(t => t.Team) : filter.Teams.Select(TeamsById.GetValueOrDefault).OfType<Team>();
        var teams = named.Where(filter.Includes).ToDictionary(t => t.Id, StringComparer.Ordinal);
        var holders = teams.Keys.SelectMany(HoldersIn).ToList();
        var socialWorkers = teams.Keys.SelectMany(SocialWorkersIn).ToList();
        int? Children(ChildGroup group) => this.Children?.Count(group, teams.ContainsKey);
        int? Stable(ChildGroup group) => Stability?.Count(group, teams.ContainsKey);

        return metric switch
        {
            Metric.AverageCaseload => Ratio(holders.Sum(w => w.Caseload), holders.Count),
            Metric.CasesPerFte => Ratio(holders.Sum(w => w.Caseload), holders.Sum(w => w.Fte)),
            Metric.MaxCaseload => holders.Count == 0 ? null : holders.Max(w => w.Caseload),
            Metric.PctWorkersOverLimit => Percent(holders.Count(w => w.InBreach), holders.Count),
            Metric.WorkersOverBy1To2 => holders.Count(w => w.InBreach && w.OverBy <= 2m),
            Metric.WorkersOverBy3Plus => holders.Count(w => w.InBreach && w.OverBy > 2m),
            Metric.PctAsyeWithinLimit => Percent(holders.Count(w => w.Asye && !w.InBreach), holders.Count(w => w.Asye)),
            Metric.AgencyFtePct => Percent(socialWorkers.Where(w => w.Agency).Sum(w => w.Fte), socialWorkers.Sum(w => w.Fte)),
            Metric.VacancyRatePct => VacancyRate(teams.Values, socialWorkers),
            Metric.UnallocatedCases => Children(ChildGroup.Unallocated),
            Metric.UnallocatedOver5WorkingDays => Children(ChildGroup.UnallocatedOver5WorkingDays),
            Metric.ChildrenLookedAfter => Children(ChildGroup.LookedAfter),
            Metric.PctCpPlans2YearsPlus => Percent(Children(ChildGroup.ChildProtectionPlan2YearsPlus), Children(ChildGroup.ChildProtectionWithPlanStart)),
            Metric.PctCpVisited10WorkingDays => Percent(Children(ChildGroup.ChildProtectionVisitedIn10WorkingDays), Children(ChildGroup.ChildProtection)),
            Metric.PctClaVisited6Weeks => Percent(Children(ChildGroup.LookedAfterVisitedIn6Weeks), Children(ChildGroup.LookedAfter)),
            Metric.PctChildren3PlusWorkers12M => Percent(Stable(ChildGroup.ThreePlusWorkersIn12Months), Stable(ChildGroup.Open)),
            Metric.TurnoverRateFte => TurnoverRate(filter, teams),
            _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Not a metric."),
        };
    }

    /// <summary>
    /// Leavers' FTE ÷ in-post FTE × 100 over a filter's teams: a leaver counts in the team they were last in, and for
    /// every team whether or not that team is still on the roster.
    /// </summary>
    private decimal? TurnoverRate(MeasureFilter filter, Dictionary<string, Team> teams)
    {
        if (Turnover is not { } turnover)
        {
            return null;
        }

        var everyone = filter.TeamTypes.Count == 0 && filter.Teams.Count == 0 && filter.Services.Count == 0;
        var left = turnover.Leavers.Where(l => everyone || teams.ContainsKey(l.TeamId)).Sum(l => l.Fte);
        var inPost = teams.Keys.SelectMany(SocialWorkersIn).Where(w => !w.Agency).Sum(w => w.Fte);
        return Percent(left, inPost);
    }

    private List<Capacity.TeamPosts> Posted()
    {
        var filled = Caseloads.Workers.Select(h => h.Worker).Where(IsSocialWorker)
            .GroupBy(w => w.TeamId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(w => w.Fte), StringComparer.Ordinal);
        var capacity = Evaluation.Teams.ToDictionary(t => t.TeamId, t => t.Capacity.FteNeeded, StringComparer.Ordinal);
        return [.. Caseloads.Teams.Select(h => h.Team).Select(t => new Capacity.TeamPosts(t.Id, t.Name, capacity.GetValueOrDefault(t.Id), t.EstablishmentFte, filled.GetValueOrDefault(t.Id)))];
    }

    /// <summary>The filled share of the establishment, over the teams that give one; agency workers fill posts too.</summary>
    private static decimal? VacancyRate(IEnumerable<Team> teams, IReadOnlyList<Worker> socialWorkers)
    {
        var established = teams.Where(t => t.EstablishmentFte is not null).ToDictionary(t => t.Id, t => t.EstablishmentFte!.Value, StringComparer.Ordinal);
        var establishment = established.Values.Sum();
        var filled = socialWorkers.Where(w => established.ContainsKey(w.TeamId)).Sum(w => w.Fte);
        return Percent(Math.Max(0m, establishment - filled), establishment);
    }

    /// <summary>Whether a worker holds a social work post: the others count in neither agency FTE nor filled establishment.</summary>
    private static bool IsSocialWorker(Worker worker) => Workforce.StaffRoster.KindOf(worker) != Workforce.StaffKind.Other;

    private static decimal? Ratio(decimal numerator, decimal denominator) => denominator == 0 ? null : numerator / denominator;

    private static decimal? Percent(decimal? numerator, decimal? denominator) => denominator is null or 0 ? null : numerator * 100m / denominator;
}
