using System.CommandLine;
using Caseload.Reporting.Calendar;
using NodaTime;

namespace Caseload.Reporting.Cli.Commands;

/// <summary>The <c>--week</c> option: an ISO week such as 2026-W47, by default the current week in Europe/London.</summary>
internal static class WeekOption
{
    public static Option<string?> Create(string description) => new("--week") { Description = description };

    /// <summary>The week given, or this week in England; null (and a message) when what was given is not a week.</summary>
    public static IsoWeek? Read(string? text, CliConsole console)
    {
        if (text is null)
        {
            var today = Instant.FromDateTimeOffset(console.Time.GetUtcNow()).InZone(DateTimeZoneProviders.Tzdb["Europe/London"]).Date;
            return IsoWeek.Of(today);
        }

        if (IsoWeek.TryParse(text, out var week))
        {
            return week;
        }

        console.Error.WriteLine($"--week: '{text}' is not an ISO week; write it as 2026-W47");
        return null;
    }
}
