using Caseload.Reporting.Calendar;
using NodaTime;

namespace Caseload.Reporting.Improvement;

/// <summary>
/// The weeks that count for "children with 3+ workers in 12 months" at a snapshot: the ISO weeks of the 365 days
/// up to its date (a week at the edge counts whole), and the week of the snapshot itself, in which a child must be
/// seen to be open.
/// </summary>
/// <param name="Open">The snapshot's ISO week.</param>
/// <param name="Weeks">Every ISO week of the window, the open week included.</param>
public sealed record StabilityWindow(IsoWeek Open, IReadOnlySet<IsoWeek> Weeks)
{
    /// <summary>The window of a snapshot dated <paramref name="asOf"/>.</summary>
    public static StabilityWindow Of(LocalDate asOf)
    {
        var weeks = new HashSet<IsoWeek>();
        for (var day = asOf.PlusDays(-364); day <= asOf; day = day.PlusDays(7))
        {
            weeks.Add(IsoWeek.Of(day));
        }

        weeks.Add(IsoWeek.Of(asOf));
        return new StabilityWindow(IsoWeek.Of(asOf), weeks);
    }
}
