using System.Globalization;
using Caseload.Reporting.Capacity;
using Caseload.Reporting.Improvement;

namespace Caseload.Reporting.Email.Monthly;

/// <summary>
/// The answer first: three sentences of where the plan stands and what changed, and the headline figures, each
/// beside England's latest published figure with its release and date. The summary's first page, the top of the
/// digest email, and the data pack's first sheet.
/// </summary>
public static class AtAGlance
{
    /// <summary>The section's title.</summary>
    public const string Title = "At a glance";

    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>The section: the three sentences as its introduction, the headline figures as its table.</summary>
    public static DigestSection Of(MonthlyDigest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return new DigestSection(Title, string.Join(" ", Sentences(digest)),
        [
            new DigestTable("Headline figures beside England's",
                ["Figure", "This council", "England", "England's figure from"],
                [false, false, false, false],
                [.. Headlines(digest).Select(h => (IReadOnlyList<Cell>)[h.Figure, h.Council, h.England?.Text ?? "not published", h.England?.Source ?? ""])]),
        ]);
    }

    /// <summary>Where the plan stands, how it moved since last month, and the caseloads and posts beside England.</summary>
    private static string[] Sentences(MonthlyDigest digest)
    {
        var standings = digest.Measures.Select(m => m.Standing).ToList();
        var red = standings.Where(s => s.Rag == Rag.Red).Select(s => DigestSections.Definition(s.Measure).Title).ToList();
        var standing = standings.Count == 0 ? "The plan has no measures."
            : $"Of the plan's {standings.Count} measures, {standings.Count(s => s.Rag == Rag.Green)} are on track (green), {standings.Count(s => s.Rag == Rag.Amber)} within tolerance (amber) and {red.Count} off track (red)"
              + (red.Count == 0 ? "." : $": {string.Join(", ", red)}.");

        var moved = standings.Where(s => s.Improved is not null).ToList();
        var biggest = moved.OrderByDescending(Progress).FirstOrDefault();
        var change = moved.Count == 0 ? "No measure has a figure for last month to compare with."
            : $"Since last month {moved.Count(s => s.Improved == true)} moved the way the plan wants and {moved.Count(s => s.Improved == false)} the other way"
              + (biggest is { Improved: true } ? $"; the most, {DigestSections.Definition(biggest.Measure).Title}, {Format(biggest, biggest.Previous)} to {Format(biggest, biggest.Actual)}." : ".");

        var totals = digest.Figures.Evaluation.Totals;
        var posts = PostsTotals.Of(digest.Figures.Posts);
        var england = England.For(Metric.CasesPerFte);
        var caseloads = $"{totals.WorkersOverLimit} of {totals.CaseHolders} case holders are over their limit, and caseloads average"
            + $" {Caseload(totals.CasesPerFte)} cases per case-holding FTE" + (england is null ? "" : $" (England {england.Text})")
            + (posts.FteNeeded == 0 ? ", and the teams can absorb what is over within their staff."
               : $"; bringing every caseload within its limit would take {Fte(posts.FteNeeded)} FTE more social workers, {Fte(posts.FteNeeded - posts.BeyondVacancies)} of them in funded vacancies.");
        return [standing, change, caseloads];
    }

    /// <summary>A headline figure: what it is, the council's figure in words, and England's when published.</summary>
    private sealed record Headline(string Figure, string Council, EnglandFigure? England);

    /// <summary>The headline figures, in the order a director asks for them.</summary>
    private static Headline[] Headlines(MonthlyDigest digest)
    {
        var figures = digest.Figures;
        var totals = figures.Evaluation.Totals;
        var posts = PostsTotals.Of(figures.Posts);
        var asOf = figures.Caseloads.AsOf;
        var byOneOrTwo = figures.Of(Metric.WorkersOverBy1To2, MeasureFilter.Everyone) ?? 0;
        var oldest = figures.Caseloads.Teams.Select(t => t.OldestUnallocatedSince).Where(d => d is not null).Min();
        var cover = figures.Evaluation.Capacity.CoverNeeded;
        string Percent(Metric metric) => MetricDefinition.Of(metric).Format(figures.Of(metric, MeasureFilter.Everyone));
        return
        [
            new("Average caseload per case-holding FTE (workforce census definition)", Caseload(totals.CasesPerFte), England.For(Metric.CasesPerFte)),
            new("Social workers over their limit",
                totals.CaseHolders == 0 ? "no case holders"
                : $"{totals.WorkersOverLimit} of {totals.CaseHolders} ({Percent(Metric.PctWorkersOverLimit)}), {byOneOrTwo.ToString("0", Culture)} of them by 1 or 2 cases", null),
            new("Children unallocated",
                totals.Unallocated == 0 ? "none"
                : oldest is not { } since ? $"{totals.Unallocated}; how long they have waited is not given (allocated_on)"
                : $"{totals.Unallocated}; the longest waiting since {since.ToString("d MMM yyyy", Culture)} ({NodaTime.Period.Between(since, asOf, NodaTime.PeriodUnits.Days).Days} days)", null),
            new("Children needing cover (their only worker absent)", cover.ToString("0.#", Culture), null),
            new("Agency social workers (share of FTE)", Percent(Metric.AgencyFtePct), England.For(Metric.AgencyFtePct)),
            new("Vacancy rate (establishment unfilled)", Percent(Metric.VacancyRatePct), England.For(Metric.VacancyRatePct)),
            new("FTE needed to bring every caseload within its limit",
                posts.FteNeeded == 0 ? "none" : $"{Fte(posts.FteNeeded)}, {Fte(posts.FteNeeded - posts.BeyondVacancies)} of it in funded vacancies", null),
        ];
    }

    /// <summary>How far a change went, as a share of the plan's whole distance, so that measures in different units compare.</summary>
    private static decimal Progress(MeasureStanding standing)
    {
        var distance = Math.Abs(standing.Measure.Target - standing.Measure.Baseline.Value);
        var moved = Math.Abs(standing.Change ?? 0) * (standing.Improved == true ? 1 : -1);
        return distance == 0 ? moved : moved / distance;
    }

    private static string Format(MeasureStanding standing, decimal? value) => DigestSections.Definition(standing.Measure).Format(value);

    private static string Caseload(decimal? value) => value is { } v ? decimal.Round(v, 1, MidpointRounding.AwayFromZero).ToString("0.0", Culture) : "n/a";

    private static string Fte(decimal value) => value.ToString("0.0", Culture);
}
