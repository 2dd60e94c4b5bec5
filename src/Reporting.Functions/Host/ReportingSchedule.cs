using Caseload.Reporting.Calendar;
using NodaTime;

namespace Caseload.Reporting.Functions.Host;

/// <summary>
/// When the weekly and monthly jobs act (<c>Reporting:Schedule:*</c>). Flex Consumption timers run in UTC, so the
/// timers fire at both candidate UTC hours and the jobs act only when it is the configured hour locally; the
/// period's key makes the second firing a no-op.
/// </summary>
internal sealed class ReportingSchedule
{
    public string TimeZone { get; set; } = "Europe/London";

    public IsoDayOfWeek WeeklyDay { get; set; } = IsoDayOfWeek.Monday;

    public int WeeklyHour { get; set; } = 7;

    public int MonthlyDay { get; set; } = 1;

    public int MonthlyHour { get; set; } = 7;

    /// <summary>How many missed weeks a weekly firing catches up, at most.</summary>
    public int CatchUpWeeks { get; set; } = 8;

    public LocalDateTime Local(DateTimeOffset now) =>
        Instant.FromDateTimeOffset(now).InZone(DateTimeZoneProviders.Tzdb[TimeZone]).LocalDateTime;

    /// <summary>The week to report on when now is the weekly hour, else null.</summary>
    public IsoWeek? WeekDue(DateTimeOffset now)
    {
        var local = Local(now);
        return local.DayOfWeek == WeeklyDay && local.Hour == WeeklyHour ? IsoWeek.Of(local.Date) : null;
    }

    /// <summary>Whether now is the monthly hour.</summary>
    public bool MonthDue(DateTimeOffset now)
    {
        var local = Local(now);
        return local.Day == MonthlyDay && local.Hour == MonthlyHour;
    }

    /// <summary>The weeks to evaluate, oldest first: those missed since the last evaluated week, then this one.</summary>
    public IReadOnlyList<IsoWeek> WeeksToRun(IsoWeek due, IsoWeek? lastEvaluated)
    {
        var weeks = new List<IsoWeek> { due };
        for (var week = due.Previous; weeks.Count <= CatchUpWeeks && lastEvaluated is { } last && week > last; week = week.Previous)
        {
            weeks.Insert(0, week);
        }

        return weeks;
    }
}
