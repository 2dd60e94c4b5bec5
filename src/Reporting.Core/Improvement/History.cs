using NodaTime;

namespace Caseload.Reporting.Improvement;

/// <summary>
/// Whether the stored snapshots cover a measure's look-back window at a date (improvement spec, "Enough history"):
/// a figure over twelve months read from five is not yet what it says, so it is shown but not rated.
/// </summary>
/// <param name="Complete">The window is covered: the earliest stored snapshot is no later than a week after the window opens.</param>
/// <param name="MonthsCovered">Whole months from the earliest stored snapshot to the date, at most the window's.</param>
/// <param name="MonthsNeeded">The window in months; 0 for a metric that looks back over nothing.</param>
public sealed record History(bool Complete, int MonthsCovered, int MonthsNeeded)
{
    // A weekly snapshot may fall up to a week after the window opens and still cover it.
    private const int Slack = 7;

    /// <summary>What a metric that looks at one snapshot has: all the history it needs.</summary>
    public static History Enough { get; } = new(true, 0, 0);

    /// <summary>The history a metric has at a date, given the earliest stored snapshot (null when none is stored).</summary>
    public static History Of(Metric metric, LocalDate asOf, LocalDate? earliestSnapshot)
    {
        if (MetricDefinition.Of(metric).Window is not { } window)
        {
            return Enough;
        }

        var opens = asOf.PlusDays(-window.Days + Slack);
        if (earliestSnapshot is not { } earliest || earliest > asOf)
        {
            return new History(false, 0, window.Months);
        }

        var covered = Period.Between(earliest, asOf, PeriodUnits.Months).Months;
        return earliest <= opens ? new History(true, window.Months, window.Months) : new History(false, Math.Min(covered, window.Months - 1), window.Months);
    }

    /// <summary>"not enough history yet: 5 of 12 months", or "enough history".</summary>
    public override string ToString() => Complete ? "enough history" : $"not enough history yet: {MonthsCovered} of {MonthsNeeded} months";
}

/// <summary>How far back a metric looks: in days, as it is computed, and in months, as people read it.</summary>
/// <param name="Days">Days up to and including the data's date.</param>
/// <param name="Months">The same window in months.</param>
public sealed record LookBack(int Days, int Months);
