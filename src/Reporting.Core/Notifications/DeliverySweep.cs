using Caseload.Reporting.Calendar;
using NodaTime;

namespace Caseload.Reporting.Notifications;

/// <summary>
/// Which periods the delivery sweep looks at for notifications prepared and never sent (a queue message lost or
/// dead-lettered, a hold whose run died, a run stopped by a configuration failure since fixed): this week and last,
/// this month and last. Older periods are history: a week's email is not worth sending a fortnight late.
/// </summary>
public static class DeliverySweep
{
    /// <summary>The periods to sweep on a day.</summary>
    public static IReadOnlyList<ReportingPeriod> PeriodsOn(LocalDate today)
    {
        var week = IsoWeek.Of(today);
        var month = today.ToYearMonth();
        return [week.Previous, week, month.PlusMonths(-1), month];
    }
}
