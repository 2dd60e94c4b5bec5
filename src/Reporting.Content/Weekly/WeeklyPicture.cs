using Caseload.Reporting.Calendar;
using Caseload.Reporting.Evaluation;

namespace Caseload.Reporting.Content.Weekly;

/// <summary>Everything the weekly emails say, for one week.</summary>
/// <param name="Week">The week reported on.</param>
/// <param name="Evaluation">This week's evaluation.</param>
/// <param name="Previous">The previous evaluated week's, for "since last week"; null in the first week watched.</param>
/// <param name="Caseloads">The snapshot's caseloads: teams with their managers, services and heads of service, workers with their emails.</param>
/// <param name="Policy">The policy the evaluation applied (its version is the evaluation's).</param>
/// <param name="Links">The breach pages' signed links, or null when the product has no public address or key (the emails then carry none).</param>
public sealed record WeeklyPicture(IsoWeek Week, CaseloadEvaluation Evaluation, CaseloadEvaluation? Previous, CaseloadSummary Caseloads, Policies.Policy Policy, Actions.ActionLinks? Links = null)
{
    /// <summary>How many days before the week began the data was taken, when that is more than 7; else null.</summary>
    public int? StaleDays => Staleness.DaysBefore(Evaluation.AsOf, Week);

    /// <summary>The evaluation's teams by id, made once for every email of the week.</summary>
    public IReadOnlyDictionary<string, TeamCaseload> TeamsById => field ??= Evaluation.Teams.ToDictionary(t => t.TeamId, StringComparer.Ordinal);

    /// <summary>The roster's teams by id.</summary>
    public IReadOnlyDictionary<string, TeamHoldings> HoldingsById => field ??= Caseloads.Teams.ToDictionary(t => t.Team.Id, StringComparer.Ordinal);

    /// <summary>Each worker's name by id, for naming team managers.</summary>
    public IReadOnlyDictionary<string, string> NamesById => field ??= Caseloads.Workers.ToDictionary(w => w.Worker.Id, w => w.Worker.Name, StringComparer.Ordinal);

    /// <summary>The workers' names as people read them, namesakes told apart: made once for every email of the week.</summary>
    public WorkerNames Names => field ??= WorkerNames.Of(Evaluation.Workers);

    /// <summary>The evaluation's workers by team, in the evaluation's order.</summary>
    public ILookup<string, WorkerCaseload> WorkersByTeam => field ??= Evaluation.Workers.ToLookup(w => w.TeamId, StringComparer.Ordinal);

    /// <summary>The workers away on the data's date, by team: found once for every email of the week.</summary>
    public ILookup<string, WorkerHoldings> AwayByTeam => field ??= Caseloads.Workers.Where(h => h.Worker.AbsentOn(Evaluation.AsOf)).ToLookup(h => h.Worker.TeamId, StringComparer.Ordinal);
}
