using System.Globalization;
using Caseload.Reporting.Capacity;
using Caseload.Reporting.Improvement;

namespace Caseload.Reporting.Content.Monthly;

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
        var headlines = Headlines(digest);

        // England's figures all come from one release (the workforce census): it is said once, in the caption, so that
        // the table stays on page one; figures from several releases say each their own.
        var sources = headlines.Select(h => h.England?.Source).OfType<string>().Distinct().ToList();
        var table = sources.Count <= 1
            ? new DigestTable(
                "Headline figures beside England's" + (sources.Count == 1 ? $" (England's: {sources[0]})" : ""),
                ["Figure", "This council", "England"],
                [false, false, false],
                [.. headlines.Select(h => (IReadOnlyList<Cell>)[h.Figure, h.Council, h.England?.Text ?? "not published"])])
            : new DigestTable(
                "Headline figures beside England's",
                ["Figure", "This council", "England", "England's figure from"],
                [false, false, false, false],
                [.. headlines.Select(h => (IReadOnlyList<Cell>)[h.Figure, h.Council, h.England?.Text ?? "not published", h.England?.Source ?? ""])]);
        return new DigestSection(Title, string.Join(" ", Sentences(digest)), [table]);
    }

    /// <summary>Where the plan stands, how it moved since last month, and the caseloads and posts beside England.</summary>
    private static string[] Sentences(MonthlyDigest digest)
    {
        var standings = digest.Measures.Select(m => m.Standing).ToList();
        return [Standing(standings), Movement(standings, digest.Month.PlusMonths(-1)), Caseloads(digest)];
    }

    /// <summary>"Of the plan's seven measures, three are on track, two within tolerance and one off track (workers over their limit); one is not rated yet: …"</summary>
    private static string Standing(List<MeasureStanding> standings)
    {
        if (standings.Count == 0)
        {
            return "The plan has no measures.";
        }

        var red = standings.Where(s => s.Rag == Rag.Red).Select(s => Lower(s.Measure.Name)).ToList();
        var early = standings.Where(s => !s.History.Complete).ToList();
        var sentence = $"Of the plan's {Words(standings.Count)} {Plural(standings.Count, "measure")}, {Words(standings.Count(s => s.Rag == Rag.Green))} {Are(standings.Count(s => s.Rag == Rag.Green))} on track (green), "
            + $"{Words(standings.Count(s => s.Rag == Rag.Amber))} within tolerance (amber) and {Words(red.Count)} off track (red)" + (red.Count == 0 ? "" : $": {List(red)}");
        if (early.Count > 0)
        {
            sentence += $"; {Words(early.Count)} {Are(early.Count)} not rated yet, for want of history ({List([.. early.Select(s => $"{Lower(s.Measure.Name)}, {s.History.MonthsCovered} of {s.History.MonthsNeeded} months")])})";
        }

        return sentence + ".";
    }

    /// <summary>"Four measures improved and two slipped since September; children unallocated over 5 working days fell most, from 19 to 7."</summary>
    private static string Movement(List<MeasureStanding> standings, NodaTime.YearMonth previous)
    {
        var since = previous.ToString("MMMM", Culture);
        var moved = standings.Where(s => s.Improved is not null).ToList();
        var improved = moved.Count(s => s.Improved == true);
        var slipped = moved.Count(s => s.Improved == false);
        if (moved.Count == 0)
        {
            return standings.Any(s => s.Previous is not null) ? $"No measure moved since {since}." : $"No measure has a figure for {since} to compare with.";
        }

        var count = improved > 0 && slipped > 0 ? $"{Capital(Words(improved))} {Plural(improved, "measure")} improved and {Words(slipped)} slipped since {since}"
            : improved > 0 ? $"{Capital(Words(improved))} {Plural(improved, "measure")} improved since {since} and none slipped"
            : $"{Capital(Words(slipped))} {Plural(slipped, "measure")} slipped since {since} and none improved";
        var most = improved > 0 ? moved.Where(s => s.Improved == true).MaxBy(Progress)! : moved.MinBy(Progress)!;
        var verb = most.Change < 0 ? "fell" : "rose";
        return $"{count}; {Lower(most.Measure.Name)} {verb} {(improved > 0 ? "most" : "furthest the wrong way")}, from {Format(most, most.Previous)} to {Format(most, most.Actual)}.";
    }

    private static string Caseloads(MonthlyDigest digest)
    {
        var totals = digest.Figures.Evaluation.Totals;
        var posts = PostsTotals.Of(digest.Figures.Posts);
        var england = digest.Benchmarks.EnglandFor(Metric.CasesPerFte);
        var over = totals.WorkersOverLimit == 0 ? $"None of the {totals.CaseHolders} case holders is over their limit."
            : $"{Capital(Words(totals.WorkersOverLimit))} of {totals.CaseHolders} case holders {Are(totals.WorkersOverLimit)} over their limit.";
        return over + " Across all teams there are"
            + $" {Caseload(digest.Benchmarks.Council.CaseloadFte)} cases per case-holding FTE, the census definition" + (england is null ? "" : $" (England {england.Text} at 30 September {digest.Benchmarks.Year})")
            + (posts.FteNeeded == 0 ? "; the teams can absorb what is over within their staff."
               : $"; bringing every caseload within its limit would take {Fte(posts.FteNeeded)} FTE more social workers, {Fte(posts.FteNeeded - posts.BeyondVacancies)} of them in funded vacancies.");
    }

    /// <summary>A count as a director writes it: words up to ten, figures beyond.</summary>
    private static string Words(int count) => count is >= 0 and <= 10
        ? ((string[])["none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"])[count]
        : count.ToString(Culture);

    private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>A title inside a sentence: "Workers over their limit" → "workers over their limit"; "ASYEs within their limit" and "CP …" keep their capitals.</summary>
    private static string Lower(string title) => title.Length > 1 && char.IsLower(title[1]) ? char.ToLowerInvariant(title[0]) + title[1..] : title;

    private static string Plural(int count, string noun) => count == 1 ? noun : noun + "s";

    private static string Are(int count) => count == 1 ? "is" : "are";

    private static string List(List<string> items) => items.Count == 1 ? items[0] : $"{string.Join(", ", items.Take(items.Count - 1))} and {items[^1]}";

    /// <summary>A headline figure: what it is, the council's figure in words, and England's when published.</summary>
    private sealed record Headline(string Figure, string Council, EnglandFigure? England);

    /// <summary>The headline figures, in the order a director asks for them; the workforce's on DfE's definitions, beside England's from the same file.</summary>
    private static Headline[] Headlines(MonthlyDigest digest)
    {
        var figures = digest.Figures;
        var totals = figures.Evaluation.Totals;
        var workforce = digest.Benchmarks.Council;
        var posts = PostsTotals.Of(figures.Posts);
        var asOf = figures.Caseloads.AsOf;
        var byOneOrTwo = figures.Of(Metric.WorkersOverBy1To2, MeasureFilter.Everyone) ?? 0;
        var oldest = figures.Caseloads.Teams.Select(t => t.OldestUnallocatedSince).Where(d => d is not null).Min();
        var cover = figures.Evaluation.Capacity.CoverNeeded;
        string Percent(decimal? value) => MetricDefinition.Of(Metric.AgencyFtePct).Format(value);
        return
        [
            new("Cases per case-holding FTE (workforce census definition)", Caseload(workforce.CaseloadFte), digest.Benchmarks.EnglandFor(Metric.CasesPerFte)),
            new("Social workers over their limit",
                totals.CaseHolders == 0 ? "no case holders"
                : $"{totals.WorkersOverLimit} of {totals.CaseHolders} ({MetricDefinition.Of(Metric.PctWorkersOverLimit).Format(figures.Of(Metric.PctWorkersOverLimit, MeasureFilter.Everyone))}), {byOneOrTwo.ToString("0", Culture)} of them by 1 or 2 cases", null),
            new("Children unallocated",
                totals.Unallocated == 0 ? "none"
                : oldest is not { } since ? $"{totals.Unallocated}; the extract does not say how long they have waited"
                : $"{totals.Unallocated}; the longest waiting since {since.ToString("d MMM yyyy", Culture)} ({NodaTime.Period.Between(since, asOf, NodaTime.PeriodUnits.Days).Days} days)", null),
            new("Children needing cover (their only worker absent)", cover.ToString("0.#", Culture), null),
            new("Agency social workers (share of FTE)", Percent(workforce.AgencyRateFte), digest.Benchmarks.EnglandFor(Metric.AgencyFtePct)),
            new("Vacancy rate (funded posts not filled in post, DfE's)", Percent(workforce.VacancyRateFte), digest.Benchmarks.EnglandFor(Metric.VacancyRatePct) is { } vacancies ? vacancies with { Of = null } : null),
            new("Turnover (in-post leavers over the year, DfE's)",
                workforce.TurnoverHistory.Complete ? Percent(workforce.TurnoverRateFte) : workforce.TurnoverHistory.ToString(), digest.Benchmarks.EnglandFor(Metric.TurnoverRateFte)),
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
