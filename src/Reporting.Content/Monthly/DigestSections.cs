using System.Globalization;
using Caseload.Reporting.Capacity;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Improvement;
using Caseload.Reporting.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Content.Monthly;

/// <summary>How a cell's value is kept in the data pack: its number format, and for a percentage, a fraction.</summary>
public enum CellFormat
{
    /// <summary>Words.</summary>
    Text,

    /// <summary>A whole number of children, workers or weeks.</summary>
    Count,

    /// <summary>A caseload or an amount over a limit, as the weekly emails print it: whole, or to one decimal when weighted.</summary>
    Amount,

    /// <summary>A figure to one decimal: an average, an FTE, a change in points.</summary>
    OneDecimal,

    /// <summary>A percentage: shown "12.5%", kept as the fraction 0.125 with a % format.</summary>
    Percent,

    /// <summary>A date.</summary>
    Date,

    /// <summary>A month, kept as its first day.</summary>
    Month,
}

/// <summary>One cell: the text every format shows, and the value behind it when there is one (the data pack stores that, in its format).</summary>
/// <param name="Text">As shown.</param>
/// <param name="Number">The value, unrounded, for a numeric cell.</param>
/// <param name="Format">What the value is.</param>
/// <param name="Date">The date, for a date or month cell.</param>
public sealed record Cell(string Text, decimal? Number = null, CellFormat Format = CellFormat.Text, LocalDate? Date = null)
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>A cell for a count.</summary>
    public static Cell Of(int count) => new(count.ToString(Culture), count, CellFormat.Count);

    /// <summary>A cell for a whole figure; "n/a" without one.</summary>
    public static Cell Count(decimal? value) => value is { } v ? new Cell(v.ToString("0", Culture), v, CellFormat.Count) : new Cell("n/a");

    /// <summary>A cell for a figure shown to one decimal; "n/a" without one.</summary>
    public static Cell Of(decimal? value) =>
        value is { } v ? new Cell(decimal.Round(v, 1, MidpointRounding.AwayFromZero).ToString("0.0", Culture), v, CellFormat.OneDecimal) : new Cell("n/a");

    /// <summary>A cell for a percentage (0–100); "n/a" without one.</summary>
    public static Cell Percent(decimal? value) =>
        value is { } v ? new Cell(decimal.Round(v, 1, MidpointRounding.AwayFromZero).ToString("0.0", Culture) + "%", v, CellFormat.Percent) : new Cell("n/a");

    /// <summary>A cell for a caseload or an amount over a limit, printed as the weekly emails print it ("4", "4.5").</summary>
    public static Cell Amount(decimal value) => new(value.ToString("0.#", Culture), value, CellFormat.Amount);

    /// <summary>A cell for a metric's figure, formatted as the metric is.</summary>
    public static Cell Of(MetricDefinition metric, decimal? value)
    {
        ArgumentNullException.ThrowIfNull(metric);
        // A count's expected value is a point on a straight line (13.46 children): shown to one decimal, as its
        // text is, not as a long decimal.
        return value is not { } v ? new Cell("n/a") : new(metric.Format(v), v, metric.Unit switch
        {
            MetricUnit.Percent => CellFormat.Percent,
            MetricUnit.Caseload => CellFormat.OneDecimal,
            _ => decimal.Round(v, 1, MidpointRounding.AwayFromZero) % 1 == 0 ? CellFormat.Count : CellFormat.OneDecimal,
        });
    }

    /// <summary>A cell for a date, "3 Nov 2025".</summary>
    public static Cell Of(LocalDate date) => new(date.ToString("d MMM yyyy", Culture), null, CellFormat.Date, date);

    /// <summary>A cell for a month, "Nov 2025".</summary>
    public static Cell Of(YearMonth month) => new(month.ToString("MMM yyyy", Culture), null, CellFormat.Month, month.OnDayOfMonth(1));

    /// <summary>Text.</summary>
    public static implicit operator Cell(string text) => new(text);
}

/// <summary>A table: a caption, column headings (numeric columns align right) and rows.</summary>
/// <param name="Caption">What it shows.</param>
/// <param name="Columns">Column headings.</param>
/// <param name="Numeric">Which columns hold numbers.</param>
/// <param name="Rows">The rows, as many cells as columns.</param>
public sealed record DigestTable(string Caption, IReadOnlyList<string> Columns, IReadOnlyList<bool> Numeric, IReadOnlyList<IReadOnlyList<Cell>> Rows)
{
    /// <summary>Charts of what the table holds, drawn above it in the summary under its caption; the table gives the figures.</summary>
    public IReadOnlyList<Weekly.InlineImage> Pictures { get; init; } = [];

    /// <summary>The heading row and the rows as plain text, columns aligned (numbers to the right), for the text email and the terminal.</summary>
    public IEnumerable<string> TextLines(string indent)
    {
        var widths = Columns.Select((h, c) => Rows.Select(r => r[c].Text.Length).Prepend(h.Length).Max()).ToArray();
        string Line(IEnumerable<string> cells) => indent + string.Join("  ", cells.Select((cell, c) => Numeric[c] ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd();
        yield return Line(Columns);
        foreach (var row in Rows)
        {
            yield return Line(row.Select(cell => cell.Text.Replace('\n', ' ')));
        }
    }
}

/// <summary>One section of the digest, the summary and the data pack (a sheet each).</summary>
/// <param name="Title">Its heading and sheet name.</param>
/// <param name="Intro">What it says in a sentence or two.</param>
/// <param name="Tables">Its tables.</param>
public sealed record DigestSection(string Title, string Intro, IReadOnlyList<DigestTable> Tables)
{
    /// <summary>The tables as the data pack holds them, where they differ from the section's: one long table rather than one per measure, the figures apart rather than in words.</summary>
    public IReadOnlyList<DigestTable> Sheets { get => field ?? Tables; init; }
}

/// <summary>
/// The digest's content as sections of tables, made once and laid out by each format (HTML and text email, PDF,
/// XLSX), so that every format shows the same figures. Workers are named only in the breach table.
/// </summary>
public static class DigestSections
{
    /// <summary>The headline measures.</summary>
    public const string Measures = "Measures";

    /// <summary>Each measure's twelve months.</summary>
    public const string Trends = "Trends";

    /// <summary>The case for posts.</summary>
    public const string Posts = "Posts";

    /// <summary>The sections of a digest, in reading order; the last two (data quality, lineage) are its appendices, where file and column names, ids and hashes belong.</summary>
    public static IReadOnlyList<DigestSection> Of(MonthlyDigest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var figures = digest.Figures;
        var teams = figures.Caseloads.Teams.Select(t => t.Team).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var evaluated = figures.Evaluation.Teams.ToDictionary(t => t.TeamId, StringComparer.Ordinal);
        var holdings = figures.Caseloads.Teams.ToDictionary(t => t.Team.Id, StringComparer.Ordinal);
        var names = teams.ToDictionary(t => t.Id, t => t.Name, StringComparer.Ordinal);
        MeasureFilter Only(Team team) => MeasureFilter.Everyone with { Teams = new HashSet<string>(StringComparer.Ordinal) { team.Id } };
        decimal? Of(Metric metric, Team team) => figures.Of(metric, Only(team));
        var posts = PostsTotals.Of(figures.Posts);

        return
        [
            AtAGlance.Of(digest),
            .. WhereWeStand.Of(digest) is { } standing ? [standing] : Array.Empty<DigestSection>(),
            new(Measures, $"Each measure at {digest.AsOf}, against where the plan expects it on that date (a straight line from the baseline to the target, then the target). The plan: {digest.Plan}.",
            [
                Table("Measures", ["Measure", "Teams", "Unit", "Actual", "Expected now", "Target", "Target date", "RAG", "Change since last month"],
                    digest.Measures.Select(m => m.Standing).Select(s => Row(
                        s.Measure.Name, s.Measure.Filter.ToString(), Definition(s.Measure).UnitName, Cell.Of(Definition(s.Measure), s.Actual), Cell.Of(Definition(s.Measure), s.Expected),
                        Cell.Of(Definition(s.Measure), s.Measure.Target), Cell.Of(s.Measure.TargetDate), RagText(s), Change(s)))),
            ]),
            new(Trends, "Each measure's actual at the last snapshot of each of the last twelve months, with the plan's expected value. A figure over twelve months is not rated while the stored snapshots cover less than that.",
            [
                .. digest.Measures.Select((m, i) => Trend(m) with { Pictures = [Charts.TrendChart.Image(m, Charts.TrendChart.Large, $"trend-{i}")] }),
            ])
            {
                Sheets = [TrendsTable(digest)],
            },
            new("Caseloads by team", $"Case holders and their caseloads at {digest.AsOf} under policy {digest.PolicyVersion}.",
            [
                Table("Caseloads by team", ["Team", "Type", "Case holders", "Average caseload (cases per case holder)", "Cases per FTE", "Largest caseload (cases)", "Over their limit", "Children"],
                    teams.Select(t => Row(t.Name, Vocabulary.Describe(t.Type), Cell.Of(evaluated[t.Id].Figures.CaseHolders), Cell.Of(evaluated[t.Id].Figures.AverageCaseload),
                        Cell.Of(evaluated[t.Id].Figures.CasesPerFte), Cell.Count(Of(Metric.MaxCaseload, t)), Cell.Of(evaluated[t.Id].Figures.WorkersOverLimit), Cell.Of(holdings[t.Id].Cases)))),
            ]),
            new("Breaches", BreachIntro(digest),
            [
                Table("Breaches by team", ["Team", "New", "Continuing", "Resolved"],
                    digest.Breaches.GroupBy(b => b.TeamId).OrderBy(g => names.GetValueOrDefault(g.Key, g.Key), StringComparer.Ordinal).Select(g => Row(
                        names.GetValueOrDefault(g.Key, g.Key), Cell.Of(g.Count(b => b.Status == BreachStatus.New)),
                        Cell.Of(g.Count(b => b.Status == BreachStatus.Continuing)), Cell.Of(g.Count(b => b.Status == BreachStatus.Resolved))))),
                Table("Breaches nobody has acted on", ["Team", "Worker", "Weeks over", "Over by (cases)", "Band"],
                    digest.Breaches.Where(b => b.NobodyActing).OrderByDescending(b => b.WeeksInBreach).ThenBy(b => names.GetValueOrDefault(b.TeamId, b.TeamId), StringComparer.Ordinal).ThenBy(b => b.Name, StringComparer.Ordinal).Select(b => Row(
                        names.GetValueOrDefault(b.TeamId, b.TeamId), b.Name, Cell.Of(b.WeeksInBreach), Cell.Amount(b.OverBy), Words.Of(b.Band)))),
                Table("Workers over their limit in the month", ["Team", "Worker", "Status", "Weeks over", "Over by (cases)", "Band"],
                    digest.Breaches.OrderBy(b => names.GetValueOrDefault(b.TeamId, b.TeamId), StringComparer.Ordinal).ThenBy(b => b.Name, StringComparer.Ordinal).Select(b => Row(
                        names.GetValueOrDefault(b.TeamId, b.TeamId), b.Name, Words.Of(b.Status), Cell.Of(b.WeeksInBreach), Cell.Amount(b.OverBy), Words.Of(b.Band)))),
            ]),
            new(Posts, PostsIntro(digest),
            [
                Table("FTE needed against funded vacancies, by team", ["Team", "FTE needed", "Establishment FTE", "Filled FTE", "Funded vacancies FTE", "Beyond vacancies FTE"],
                    [.. figures.Posts.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => Row(
                        p.Name, Cell.Of(p.FteNeeded), p.Establishment is { } e ? Cell.Of(e) : "not given", Cell.Of(p.Filled), p.Vacancies is { } v ? Cell.Of(v) : "n/a", Cell.Of(p.BeyondVacancies))),
                     Row("All teams", Cell.Of(posts.FteNeeded), Cell.Of(figures.Posts.Sum(p => p.Establishment ?? 0m)), Cell.Of(figures.Posts.Sum(p => p.Filled)),
                        Cell.Of(posts.Vacancies), Cell.Of(posts.BeyondVacancies))]),
                Table("FTE needed and funded vacancies, last twelve months", ["Month", "FTE needed", "Funded vacancies FTE", "Beyond vacancies FTE"],
                    digest.PostsTrend.Select(p => Row(
                        Cell.Of(p.Month), p.Posts is { } t ? Cell.Of(t.FteNeeded) : "n/a", p.Posts is { } v ? Cell.Of(v.Vacancies) : "n/a", p.Posts is { } b ? Cell.Of(b.BeyondVacancies) : "n/a"))),
            ]),
            new("Unallocated cases", "Children without a named worker, and those waiting more than 5 working days (England and Wales working days).",
            [
                Table("Unallocated by team", ["Team", "Unallocated children", "Over 5 working days", "Waiting since"],
                    teams.Select(t => Row(t.Name, Cell.Count(Of(Metric.UnallocatedCases, t)), Cell.Count(Of(Metric.UnallocatedOver5WorkingDays, t)),
                        holdings[t.Id].OldestUnallocatedSince is { } since ? Cell.Of(since) : ""))),
            ]),
            new("ASYE protection", "Workers in their Assessed and Supported Year in Employment hold a protected (lower) limit.",
            [
                Table("ASYE case holders by team", ["Team", "ASYE case holders", "Within their limit", "Within their limit (%)"],
                    teams.Select(t => (Team: t, Asye: figures.HoldersIn(t.Id).Where(w => w.Asye).ToList()))
                        .Where(x => x.Asye.Count > 0)
                        .Select(x => Row(x.Team.Name, Cell.Of(x.Asye.Count), Cell.Of(x.Asye.Count(w => !w.InBreach)), Cell.Percent(Of(Metric.PctAsyeWithinLimit, x.Team))))),
            ]),
            new("Workforce", "Social worker FTE (every role but family worker, student and other), agency FTE and vacancies against each team's establishment. Here agency workers fill posts, as the plan's vacancy rate counts them; DfE's vacancy rate, beside England's in the headline figures, counts only in-post social workers.",
            [
                Table("Workforce by team", ["Team", "Establishment FTE", "Social worker FTE", "Agency FTE", "Agency (%)", "Vacancy rate (%)"],
                    teams.Select(t => Workforce(t, figures, Of))),
            ]),
            new("Definitions", "How each measure is computed, and the national figure to compare with where there is one (DfE children's social work workforce census and statistics).",
            [
                Table("Definitions", ["Metric", "Definition", "National comparator"],
                    MetricDefinition.Catalogue.Select(d => Row(d.Title, d.Definition, digest.Benchmarks.EnglandFor(d.Metric)?.Description ?? "none published"))),
            ]),
            new(DataQuality, $"What was wrong with the data at {digest.AsOf} but did not stop it being used, by file, line and column of the council's extract.",
            [
                Table("Warnings", ["Where", "Column", "Warning"],
                    figures.Caseloads.Warnings.Select(w => Row(w.Where, w.Column ?? "", w.Message))),
            ]),
            new(Lineage, $"Where every figure comes from: the snapshots, the SHA-256 of each file as received (first {HashLength} characters), the policy and the plan.",
            [
                Table("Snapshots used", ["Snapshot", "As of", "Source", "Teams", "Workers", "Allocations", "Files (SHA-256)"],
                    digest.Snapshots.Select(s => Row(Short(s.Id), Cell.Of(s.AsOf), s.Source ?? "", Cell.Of(s.Teams), Cell.Of(s.Workers), Cell.Of(s.Allocations),
                        string.Join("; ", s.FileHashes.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} {Short(f.Value)}"))))),
                Table("Versions", ["What", "Version"],
                [
                    Row("Policy", digest.PolicyVersion),
                    Row("Plan", $"{digest.PlanVersion}, set {digest.PlanSetAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC"),
                    Row("DfE's workforce indicators", $"{digest.Benchmarks.Indicators.Years[0]} to {digest.Benchmarks.Year}, SHA-256 {Short(digest.Benchmarks.Indicators.Sha256)}"),
                    Row("DfE's statistical neighbours", $"SHA-256 {Short(digest.Benchmarks.Neighbours.Sha256)}"),
                ]),
                Table("Measures in plan.json", ["Measure", "Id", "Metric"],
                    digest.Measures.Select(m => Row(m.Standing.Measure.Name, m.Standing.Measure.Id, MetricDefinition.Of(m.Standing.Measure.Metric).Code))),
            ]),
        ];
    }

    /// <summary>The data-quality appendix.</summary>
    public const string DataQuality = "Data quality";

    /// <summary>The lineage appendix.</summary>
    public const string Lineage = "Lineage";

    /// <summary>How many characters of an id or a hash the lineage shows: enough to find the file, short enough to read.</summary>
    public const int HashLength = 12;

    /// <summary>The definition of a measure's metric.</summary>
    public static MetricDefinition Definition(Measure measure) => MetricDefinition.Of((measure ?? throw new ArgumentNullException(nameof(measure))).Metric);

    /// <summary>Where a measure stands, in words: its RAG, or why it has none ("not enough history yet: 5 of 12 months", "no data").</summary>
    public static string RagText(MeasureStanding standing)
    {
        ArgumentNullException.ThrowIfNull(standing);
        return !standing.History.Complete ? standing.History.ToString() : standing.Rag is { } r ? Vocabulary.Code(r) : "no data";
    }

    private static DigestTable Trend(MeasureTrend trend)
    {
        var definition = Definition(trend.Standing.Measure);
        var unit = definition.UnitName;
        string[] columns = definition.Window is null ? ["Month", $"Actual ({unit})", $"Expected ({unit})"] : ["Month", $"Actual ({unit})", $"Expected ({unit})", "History"];
        return Table(trend.Standing.Measure.Name, columns, trend.Months.Select(p =>
        {
            Cell[] cells = [Cell.Of(p.Month), Cell.Of(definition, p.Actual), Cell.Of(definition, p.Expected)];
            return definition.Window is null ? cells : [.. cells, HistoryCell(definition, p)];
        }));
    }

    /// <summary>Every measure's twelve months as one long table, for the data pack: a row per measure and month, units in a column of their own.</summary>
    private static DigestTable TrendsTable(MonthlyDigest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return Table("Trends", ["Measure", "Month", "Actual", "Expected", "Unit", "History"], digest.Measures.SelectMany(m => m.Months.Select(p =>
        {
            var definition = Definition(m.Standing.Measure);
            return Row(m.Standing.Measure.Name, Cell.Of(p.Month), Cell.Of(definition, p.Actual), Cell.Of(definition, p.Expected), definition.UnitName,
                HistoryCell(definition, p));
        })));
    }

    /// <summary>Whether a trend point was read from enough history, for a metric that looks back; empty otherwise.</summary>
    private static string HistoryCell(MetricDefinition definition, TrendPoint point) =>
        definition.Window is null || point.Actual is null ? "" : point.HistoryComplete ? "enough" : "not enough yet, not rated";

    private static string Short(string value) => value.Length <= HashLength ? value : value[..HashLength];

    private static string BreachIntro(MonthlyDigest digest) => digest.WeeksEvaluated.Count == 0
        ? "No week starting in the month has been evaluated yet, so there are no breaches to report."
        : $"Workers over their limit in the weeks beginning {digest.WeeksEvaluated[0].Monday.ToString("d MMM", CultureInfo.InvariantCulture)} to {digest.WeeksEvaluated[^1].Monday.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}: new (first over in the month), continuing (over since before it) and resolved (back within it by its end). "
          + Escalated(digest.Breaches.Count(b => b.NobodyActing));

    /// <summary>How many breaches reached leadership with nobody acting on them, in a sentence.</summary>
    public static string Escalated(int count) => count switch
    {
        0 => "No breach went long enough without an action in date to reach leadership.",
        1 => "1 breach went long enough with no action recorded by its team manager, or none in date, to reach leadership.",
        _ => $"{count} breaches went long enough with no action recorded by their team managers, or none in date, to reach leadership.",
    };

    private static Cell[] Workforce(Team team, SnapshotFigures figures, Func<Metric, Team, decimal?> of)
    {
        var socialWorkers = figures.SocialWorkersIn(team.Id).ToList();
        return Row(team.Name, team.EstablishmentFte is { } e ? Cell.Of(e) : "not given", Cell.Of(socialWorkers.Sum(w => w.Fte)), Cell.Of(socialWorkers.Where(w => w.Agency).Sum(w => w.Fte)),
            Cell.Percent(of(Metric.AgencyFtePct, team)), Cell.Percent(of(Metric.VacancyRatePct, team)));
    }

    /// <summary>A change since last month: percentages change by points, kept as a number of points.</summary>
    private static Cell Change(MeasureStanding standing) =>
        standing.Change is { } change ? new(Definition(standing.Measure).FormatChange(change), change, CellFormat.OneDecimal) : new Cell("n/a");

    private static Cell[] Row(params Cell[] cells) => cells;

    /// <summary>The sentence a director can take to a budget meeting: the posts it takes, what vacancies would meet, what is new, and the year's direction.</summary>
    private static string PostsIntro(MonthlyDigest digest)
    {
        var now = PostsTotals.Of(digest.Figures.Posts);
        var earliest = digest.PostsTrend.FirstOrDefault(p => p.Posts is not null && p.Month != digest.Month);
        string F(decimal v) => v.ToString("0.0", CultureInfo.InvariantCulture);
        var need = now.FteNeeded == 0
            ? $"At {digest.AsOf} the teams could absorb every caseload over its limit, every unallocated child and every absent worker's children within their present staff: no further posts are needed."
            : $"At {digest.AsOf} it would take {F(now.FteNeeded)} FTE more social workers to bring every caseload within its limit, allocate every waiting child and cover every absent worker's children. "
              + (now.Vacancies == 0 ? $"There are no funded vacancies to fill, so all {F(now.BeyondVacancies)} FTE would be new posts."
                 : $"Filling the {F(now.Vacancies)} FTE of funded vacancies would meet {F(now.FteNeeded - now.BeyondVacancies)} FTE of it; {F(now.BeyondVacancies)} FTE would be new posts.");
        var direction = earliest?.Posts is not { } then ? ""
            : $" In {earliest.Month.ToString("MMMM yyyy", CultureInfo.InvariantCulture)} it was {F(then.FteNeeded)} FTE: the need is "
              + (now.FteNeeded > then.FteNeeded ? "growing." : now.FteNeeded < then.FteNeeded ? "falling." : "unchanged.");
        return need + direction + " (FTE needed per team: what its staff cannot absorb, ÷ its team type's full-time limit, rounded up to a tenth.)";
    }

    /// <summary>A table whose numeric columns are those holding only numbers (and "n/a").</summary>
    internal static DigestTable Table(string caption, string[] columns, IEnumerable<IReadOnlyList<Cell>> rows)
    {
        var list = rows.ToList();
        var numeric = columns.Select((_, c) => list.Count > 0 && list.All(r => r[c].Number is not null || r[c].Text == "n/a") && list.Any(r => r[c].Number is not null)).ToList();
        return new DigestTable(caption, columns, numeric, list);
    }
}
