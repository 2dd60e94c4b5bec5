using System.Globalization;
using Caseload.Reporting.Evaluation;

namespace Caseload.Reporting.Content.Weekly;

/// <summary>
/// How old a breach is, in the words every email, page and card uses: "over since 6 Jul 2026 (20 weeks)"; "at least
/// 20 weeks — over since the data began on 6 Jul 2026" when the breach reaches back to the first stored snapshot
/// naming the worker; "3 weeks" where no stored history is at hand.
/// </summary>
public static class BreachAge
{
    /// <summary>The breach's age in words; empty when the worker is not in breach.</summary>
    public static string Of(WorkerCaseload worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        if (!worker.InBreach)
        {
            return "";
        }

        var weeks = Counted.Of(worker.WeeksInBreach, "week");
        return worker.OverSince switch
        {
            null => weeks,
            { } since when worker.HistoryStarts => $"at least {weeks} — over since the data began on {Date(since)}",
            { } since => $"over since {Date(since)} ({weeks})",
        };
    }

    private static string Date(NodaTime.LocalDate date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
