using System.CommandLine;
using Caseload.Reporting.Calendar;
using NodaTime;
using NodaTime.Text;

namespace Caseload.Reporting.Cli.Commands;

/// <summary>The <c>--week</c> and <c>--month</c> options: a reporting period, this week by default, in the council's time zone.</summary>
internal static class Periods
{
    public static Option<string?> Week(string description, bool required = false) => new("--week") { Description = description, Required = required };

    public static Option<string?> Month(string description, bool required = false) => new("--month") { Description = description, Required = required };

    /// <summary>The options of a verb about a week or a month's digests.</summary>
    public static (Option<string?> Week, Option<string?> Month) WeekOrMonth() =>
        (Week("The ISO week, e.g. 2026-W47; by default this week."), Month("A month instead, yyyy-MM: its leadership digests."));

    /// <summary>The month given, else the week given, else this week; null (and why on stderr) when it is neither.</summary>
    public static ReportingPeriod? ReadWeekOrMonth(string? week, string? month, CliConsole console)
    {
        if (week is not null && month is not null)
        {
            console.Error.WriteLine("give --week or --month, not both: a week's emails and a month's digests are listed apart");
            return null;
        }

        return month is not null
            ? ReadMonth(month, console) is { } m ? ReportingPeriod.Of(m) : null
            : ReadWeek(week, console) is { } w ? ReportingPeriod.Of(w) : null;
    }

    /// <summary>The week given, or this week; null (and why on stderr) when it is not a week.</summary>
    public static IsoWeek? ReadWeek(string? text, CliConsole console)
    {
        if (text is null)
        {
            return IsoWeek.Of(Today(console));
        }

        if (IsoWeek.TryParse(text, out var week))
        {
            return week;
        }

        console.Error.WriteLine($"--week: '{text}' is not an ISO week; write it as 2026-W47");
        return null;
    }

    /// <summary>The month given; null (and why on stderr) when it is not a month.</summary>
    public static YearMonth? ReadMonth(string? text, CliConsole console)
    {
        if (text is not null && YearMonthPattern.Iso.Parse(text) is { Success: true } month)
        {
            return month.Value;
        }

        console.Error.WriteLine($"--month: '{text}' is not a month; write yyyy-MM, e.g. 2026-10");
        return null;
    }

    /// <summary>Today in the council's time zone.</summary>
    public static LocalDate Today(CliConsole console) =>
        console.Job<ReportingSchedule>().Local(console.Time.GetUtcNow()).Date;

    /// <summary>The option naming a period on the command line: <c>--week 2026-W47</c>, <c>--month 2026-10</c>.</summary>
    public static string Options(ReportingPeriod period) => $"{(period.Month is null ? "--week" : "--month")} {period}";

    /// <summary>Periods in a line a person can read, each run of consecutive weeks or months as one: "2025-W45 to 2026-W49, 2026-11".</summary>
    public static string Listed(IReadOnlyList<ReportingPeriod> periods)
    {
        ArgumentNullException.ThrowIfNull(periods);
        var runs = new List<(ReportingPeriod First, ReportingPeriod Last)>();
        foreach (var period in periods)
        {
            var next = runs.Count == 0 ? (ReportingPeriod?)null
                : runs[^1].Last.Week is { } week ? week.Next
                : runs[^1].Last.Month is { } month ? month.PlusMonths(1) : null;
            if (next == period)
            {
                runs[^1] = (runs[^1].First, period);
            }
            else
            {
                runs.Add((period, period));
            }
        }

        return string.Join(", ", runs.Select(r => r.First == r.Last ? $"{r.First}" : $"{r.First} to {r.Last}"));
    }

    /// <summary>The exit code of a run that did nothing because another run holds the period (EX_TEMPFAIL: try again).</summary>
    public const int BusyExit = 75;

    /// <summary>What a person is told when another run holds the period: since when, and that this one did nothing.</summary>
    public static string Busy(DateTimeOffset? since, CliConsole console)
    {
        var now = console.Job<TimeProvider>().GetUtcNow();
        var began = since is { } at ? $" since {at.ToUniversalTime():HH:mm:ss} UTC ({Math.Max(0, (int)(now - at).TotalSeconds)} s ago)" : "";
        return $"another run has been preparing it{began} and holds it while it works (a run that dies gives it up within {(int)Storage.Runs.PeriodRuns.Lease.TotalMinutes} minutes); this run did nothing. Run again once it has finished.";
    }
}
