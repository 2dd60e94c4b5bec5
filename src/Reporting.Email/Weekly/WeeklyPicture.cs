using Caseload.Reporting.Calendar;
using Caseload.Reporting.Evaluation;
using NodaTime;

namespace Caseload.Reporting.Email.Weekly;

/// <summary>Everything the weekly emails say, for one week.</summary>
/// <param name="Week">The week reported on.</param>
/// <param name="Evaluation">This week's evaluation.</param>
/// <param name="Previous">The previous evaluated week's, for "since last week"; null in the first week watched.</param>
/// <param name="Caseloads">The snapshot's caseloads: teams with their managers, services and heads of service, workers with their emails.</param>
/// <param name="Policy">The policy the evaluation applied (its version is the evaluation's).</param>
public sealed record WeeklyPicture(IsoWeek Week, CaseloadEvaluation Evaluation, CaseloadEvaluation? Previous, CaseloadSummary Caseloads, Policies.Policy Policy)
{
    /// <summary>Data older than this, before the week begins, is flagged as stale.</summary>
    public static readonly Period StaleAfter = Period.FromDays(7);

    /// <summary>How many days before the week began the data was taken, when that is more than 7; else null.</summary>
    public int? StaleDays => Period.Between(Evaluation.AsOf, Week.Monday, PeriodUnits.Days).Days is var days && days > StaleAfter.Days ? days : null;
}
