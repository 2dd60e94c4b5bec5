using Caseload.Reporting.Calendar;
using NodaTime;

namespace Caseload.Reporting.Evaluation;

/// <summary>Whether a week's data is stale: taken more than a week before the week began, because no newer snapshot arrived.</summary>
public static class Staleness
{
    /// <summary>Data older than this, before the week begins, is flagged as stale.</summary>
    public static readonly Period StaleAfter = Period.FromDays(7);

    /// <summary>How many days before the week began the data was taken, when that is more than 7; else null.</summary>
    public static int? DaysBefore(LocalDate asOf, IsoWeek week) =>
        Period.Between(asOf, week.Monday, PeriodUnits.Days).Days is var days && days > StaleAfter.Days ? days : null;
}
