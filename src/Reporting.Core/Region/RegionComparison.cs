using Caseload.Reporting.Benchmarks;
using NodaTime;

namespace Caseload.Reporting.Region;

/// <summary>A council of the region as the drop has it for a month: its latest return within reach, or why it has none.</summary>
/// <param name="Code">Its three-digit old LA code (a joint return's first).</param>
/// <param name="Name">Its name as DfE publishes it.</param>
/// <param name="Return">Its return for the month, or its latest of the two months before; null when none, or refused.</param>
/// <param name="Refusal">Why its return was refused, at <c>returns/{code}/{yyyy-MM}.csv:line: column: what is wrong</c>; null when not.</param>
public sealed record CouncilReturn(string Code, string Name, RegionalReturn? Return, string? Refusal)
{
    /// <summary>The month its figures are for; null without a return.</summary>
    public YearMonth? ReturnedFor => Return?.Month;

    /// <summary>A measure's figure; null without one.</summary>
    public decimal? Of(WorkforceMeasure measure) => Return?.Of(measure);
}

/// <summary>Where a council's figure stands in its region for a measure.</summary>
/// <param name="Rank">1 is the lowest; ties share the better rank.</param>
/// <param name="Of">How many councils have a figure.</param>
/// <param name="Fifth">Its fifth of the region, 1 (lowest) to 5 (highest): 1 when its rank is within ⌈N/5⌉, 5 when above N − ⌈N/5⌉.</param>
public sealed record RegionalRank(int Rank, int Of, int Fifth)
{
    /// <summary>The spec's name of an end fifth: <c>lowest</c>, <c>highest</c>, or null in between.</summary>
    public string? EndFifth => Fifth == 1 ? "lowest" : Fifth == 5 ? "highest" : null;

    /// <summary>Where <paramref name="value"/> ranks among the region's figures, itself included.</summary>
    public static RegionalRank Among(decimal value, IReadOnlyCollection<decimal> figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var of = figures.Count;
        var rank = 1 + figures.Count(f => f < value);
        var end = (of + 4) / 5;
        var fifth = rank <= end ? 1
            : rank > of - end ? 5
            : Math.Clamp(Enumerable.Range(1, 5).First(q => rank <= ((q * of) + 4) / 5), 2, 4);
        return new RegionalRank(rank, of, fifth);
    }
}

/// <summary>
/// A month's comparison in a region (region spec): each council's figure, rank and fifth per measure, the region's
/// median of those with a figure, the region's own figure from the returns' counts (never a mean of rates), and
/// England's latest published figure. Lower is better on every measure.
/// </summary>
/// <param name="RegionCode">The region's code, e.g. E12000008.</param>
/// <param name="RegionName">Its name.</param>
/// <param name="Month">The month.</param>
/// <param name="Councils">Every council of the region in DfE's latest release, by name.</param>
/// <param name="England">England's latest published figures.</param>
/// <param name="EnglandYear">The year England's figures are for.</param>
public sealed record RegionComparison(string RegionCode, string RegionName, YearMonth Month, IReadOnlyList<CouncilReturn> Councils, PublishedArea? England, int EnglandYear)
{
    /// <summary>The measures compared, in the spec's order.</summary>
    public static IReadOnlyList<WorkforceMeasure> Measures { get; } = [.. WorkforceMeasureDefinition.Catalogue.Select(d => d.Measure)];

    /// <summary>A council's rank and fifth for a measure; null when it has no figure.</summary>
    public RegionalRank? RankOf(CouncilReturn council, WorkforceMeasure measure)
    {
        ArgumentNullException.ThrowIfNull(council);
        return council.Of(measure) is { } value ? RegionalRank.Among(value, Figures(measure)) : null;
    }

    /// <summary>The figures of the councils that have one for a measure.</summary>
    public IReadOnlyList<decimal> Figures(WorkforceMeasure measure) => [.. Councils.Select(c => c.Of(measure)).OfType<decimal>()];

    /// <summary>The median of the councils' figures; null when none has one.</summary>
    public decimal? Median(WorkforceMeasure measure)
    {
        var sorted = Figures(measure).Order().ToList();
        return sorted.Count == 0 ? null
            : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
            : Round((sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2);
    }

    /// <summary>
    /// The region's own figure, from the returns' counts: cases ÷ case holders' FTE; agency FTE ÷ (agency + in-post
    /// FTE); leavers ÷ in-post FTE; vacancies ÷ (vacancies + in-post FTE) — each over the councils that return both
    /// counts. Null when none does, and for sickness absence, whose days lost a return does not carry.
    /// </summary>
    public decimal? Region(WorkforceMeasure measure) => measure switch
    {
        WorkforceMeasure.CaseloadFte => Ratio("cases", "case_holders_fte", 1m, ofAll: false),
        WorkforceMeasure.AgencyRateFte => Ratio("agency_fte", "inpost_fte", 100m, ofAll: true),
        WorkforceMeasure.TurnoverRateFte => Ratio("leavers_fte", "inpost_fte", 100m, ofAll: false),
        WorkforceMeasure.VacancyRateFte => Ratio("vacancy_fte", "inpost_fte", 100m, ofAll: true),
        _ => null,
    };

    /// <summary>England's latest published figure.</summary>
    public decimal? EnglandFigure(WorkforceMeasure measure) => England?.Of(measure);

    /// <summary>The councils with a figure for a measure in its lowest (<paramref name="fifth"/> 1) or highest (5) fifth, lowest first.</summary>
    public IReadOnlyList<CouncilReturn> InFifth(WorkforceMeasure measure, int fifth) =>
        [.. Councils.Where(c => RankOf(c, measure)?.Fifth == fifth).OrderBy(c => c.Of(measure)).ThenBy(c => c.Name, StringComparer.Ordinal)];

    /// <summary>The councils with no return within reach (refused ones included), by name.</summary>
    public IReadOnlyList<CouncilReturn> NotReturned => [.. Councils.Where(c => c.Return is null)];

    /// <summary>How many councils returned figures for the month itself.</summary>
    public int ReturnedForMonth => Councils.Count(c => c.ReturnedFor == Month);

    /// <summary>Σ numerator ÷ Σ denominator (÷ Σ numerator + Σ denominator when the denominator is the rest of a whole: agency of all social workers, vacancies of all posts).</summary>
    private decimal? Ratio(string numerator, string denominator, decimal scale, bool ofAll)
    {
        var both = Councils.Select(c => c.Return).OfType<RegionalReturn>().Where(r => r[numerator] is not null && r[denominator] is not null).ToList();
        var n = both.Sum(r => r[numerator]!.Value);
        var d = both.Sum(r => r[denominator]!.Value) + (ofAll ? n : 0);
        return both.Count == 0 || d == 0 ? null : Round(n * scale / d);
    }

    private static decimal Round(decimal value) => decimal.Round(value, 1, MidpointRounding.AwayFromZero);
}
