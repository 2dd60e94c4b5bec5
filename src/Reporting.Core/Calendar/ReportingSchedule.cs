using NodaTime;

namespace Caseload.Reporting.Calendar;

/// <summary>
/// When the weekly and monthly jobs act (<c>Reporting:Schedule:*</c>). Flex Consumption timers run in UTC, so the
/// timers fire at both candidate UTC hours and the jobs act only when it is the configured hour locally; the
/// period's key makes the second firing a no-op.
/// </summary>
public sealed class ReportingSchedule
{
    /// <summary>The council's time zone.</summary>
    public string TimeZone { get; set; } = "Europe/London";

    /// <summary>The weekly job's day.</summary>
    public IsoDayOfWeek WeeklyDay { get; set; } = IsoDayOfWeek.Monday;

    /// <summary>The weekly job's hour, local time.</summary>
    public int WeeklyHour { get; set; } = 7;

    /// <summary>The monthly job's day of the month.</summary>
    public int MonthlyDay { get; set; } = 1;

    /// <summary>The monthly job's hour, local time.</summary>
    public int MonthlyHour { get; set; } = 7;

    /// <summary>How many missed weeks a weekly firing catches up, at most.</summary>
    public int CatchUpWeeks { get; set; } = WeeklyCatchUp.DefaultMaxWeeks;

    /// <summary>The council's time zone.</summary>
    public DateTimeZone Zone => DateTimeZoneProviders.Tzdb[TimeZone];

    /// <summary>The local time of an instant.</summary>
    public LocalDateTime Local(DateTimeOffset now) => Instant.FromDateTimeOffset(now).InZone(Zone).LocalDateTime;

    /// <summary>The week to report on when now is the weekly hour, else null.</summary>
    public IsoWeek? WeekDue(DateTimeOffset now)
    {
        var local = Local(now);
        return local.DayOfWeek == WeeklyDay && local.Hour == WeeklyHour ? IsoWeek.Of(local.Date) : null;
    }

    /// <summary>The month to report on (the month before) when now is the monthly hour, else null.</summary>
    public YearMonth? MonthDue(DateTimeOffset now)
    {
        var local = Local(now);
        return local.Day == MonthlyDay && local.Hour == MonthlyHour ? local.Date.ToYearMonth().PlusMonths(-1) : null;
    }

    /// <summary>The latest week whose weekly hour has come by <paramref name="now"/>: this week from its weekly hour on, else the week before.</summary>
    public IsoWeek LatestWeekDue(DateTimeOffset now)
    {
        var local = Local(now);
        var week = IsoWeek.Of(local.Date);
        var hour = week.Monday.PlusDays((int)WeeklyDay - 1).At(new LocalTime(WeeklyHour, 0));
        return local >= hour ? week : week.Previous;
    }

    /// <summary>The latest month whose monthly hour has come by <paramref name="now"/> (the month before the one it falls in).</summary>
    public YearMonth LatestMonthDue(DateTimeOffset now)
    {
        var local = Local(now);
        var hour = local.Date.ToYearMonth().OnDayOfMonth(MonthlyDay).At(new LocalTime(MonthlyHour, 0));
        return local.Date.ToYearMonth().PlusMonths(local >= hour ? -1 : -2);
    }
}
