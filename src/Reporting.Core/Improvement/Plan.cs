using Caseload.Reporting.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Improvement;

/// <summary>Which way a measure improves.</summary>
public enum Direction
{
    /// <summary>Lower is better: the actual meets the expected value when it is no more than it.</summary>
    AtMost,

    /// <summary>Higher is better: the actual meets the expected value when it is no less than it.</summary>
    AtLeast,
}

/// <summary>Where a measure stands against its trajectory.</summary>
public enum Rag
{
    /// <summary>Meets the expected value.</summary>
    Green,

    /// <summary>Misses it by no more than the tolerance.</summary>
    Amber,

    /// <summary>Misses it by more.</summary>
    Red,
}

/// <summary>Which teams a measure covers: every criterion given must match (teams of these types, in these services, ...).</summary>
/// <param name="TeamTypes">Team types, or empty for any.</param>
/// <param name="Teams">Team ids, or empty for any.</param>
/// <param name="Services">Services, or empty for any.</param>
public sealed record MeasureFilter(IReadOnlySet<TeamType> TeamTypes, IReadOnlySet<string> Teams, IReadOnlySet<string> Services)
{
    /// <summary>Every team.</summary>
    public static MeasureFilter Everyone { get; } = new(new HashSet<TeamType>(), new HashSet<string>(), new HashSet<string>());

    /// <summary>Whether the filter covers a team.</summary>
    public bool Includes(Team team)
    {
        ArgumentNullException.ThrowIfNull(team);
        return (TeamTypes.Count == 0 || TeamTypes.Contains(team.Type))
            && (Teams.Count == 0 || Teams.Contains(team.Id))
            && (Services.Count == 0 || (team.Service is { } service && Services.Contains(service)));
    }

    /// <summary>The filter in words, e.g. "assessment and child in need and protection teams"; "all teams" when empty.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (TeamTypes.Count > 0)
        {
            var types = TeamTypes.Order().Select(Vocabulary.Describe).ToList();
            parts.Add((types.Count == 1 ? types[0] : $"{string.Join(", ", types[..^1])} and {types[^1]}") + " teams");
        }

        if (Teams.Count > 0)
        {
            parts.Add("teams " + string.Join(", ", Teams.Order(StringComparer.Ordinal)));
        }

        if (Services.Count > 0)
        {
            parts.Add("services " + string.Join(", ", Services.Order(StringComparer.Ordinal)));
        }

        return parts.Count == 0 ? "all teams" : string.Join("; ", parts);
    }
}

/// <summary>A measure's starting point.</summary>
/// <param name="Value">The figure then.</param>
/// <param name="Date">When.</param>
public sealed record Baseline(decimal Value, LocalDate Date);

/// <summary>
/// One measure of the improvement plan: a metric over some teams, from a baseline to a target by a date.
/// The expected value runs in a straight line from the baseline to the target and stays at the target after it.
/// </summary>
/// <param name="Id">Its key within the plan, e.g. <c>avg-caseload-frontline</c>.</param>
/// <param name="Metric">What it measures.</param>
/// <param name="Filter">Which teams.</param>
/// <param name="Direction">Which way is better.</param>
/// <param name="Baseline">Where it started.</param>
/// <param name="Target">Where it should be by the target date.</param>
/// <param name="TargetDate">When; after the baseline's date.</param>
/// <param name="Tolerance">How far the actual may miss the expected value and be amber rather than red.</param>
/// <param name="Title">What the plan calls it, when it names it; otherwise it goes by its metric's title.</param>
public sealed record Measure(string Id, Metric Metric, MeasureFilter Filter, Direction Direction, Baseline Baseline, decimal Target, LocalDate TargetDate, decimal Tolerance, string? Title = null)
{
    /// <summary>The measure as people read it: the plan's title for it, or its metric's (its id is for lineage only).</summary>
    public string Name => Title ?? MetricDefinition.Of(Metric).Title;

    /// <summary>The expected value on a date: the baseline before it starts, the target after the target date, and the straight line between.</summary>
    public decimal ExpectedOn(LocalDate date)
    {
        ArgumentNullException.ThrowIfNull(Baseline);
        if (date <= Baseline.Date)
        {
            return Baseline.Value;
        }

        if (date >= TargetDate)
        {
            return Target;
        }

        var elapsed = Period.Between(Baseline.Date, date, PeriodUnits.Days).Days;
        var span = Period.Between(Baseline.Date, TargetDate, PeriodUnits.Days).Days;
        return Baseline.Value + ((Target - Baseline.Value) * elapsed / span);
    }

    /// <summary>Where an actual figure on a date stands: null when there is no figure (nothing to divide by).</summary>
    public Rag? RagOf(decimal? actual, LocalDate date)
    {
        if (actual is not { } value)
        {
            return null;
        }

        var expected = ExpectedOn(date);
        var miss = Direction == Direction.AtMost ? value - expected : expected - value;
        return miss <= 0 ? Rag.Green : miss <= Tolerance ? Rag.Amber : Rag.Red;
    }
}

/// <summary>The improvement plan: named, versioned, and its measures in the order leadership wrote them.</summary>
/// <param name="Name">Its name, e.g. "Children's Services Improvement Plan 2026-28".</param>
/// <param name="Version">Its version: the document's own "version", or a digest of the document.</param>
/// <param name="Measures">Its measures.</param>
public sealed record Plan(string Name, string Version, IReadOnlyList<Measure> Measures);
