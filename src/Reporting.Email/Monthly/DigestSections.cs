using System.Globalization;
using Caseload.Reporting.Capacity;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Improvement;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Email.Monthly;

/// <summary>One cell: the text every format shows, and the number behind it when there is one (the data pack stores that).</summary>
/// <param name="Text">As shown.</param>
/// <param name="Number">The value, unrounded, for a numeric cell.</param>
public sealed record Cell(string Text, decimal? Number = null)
{
    /// <summary>A cell for a count.</summary>
    public static Cell Of(int count) => new(count.ToString(CultureInfo.InvariantCulture), count);

    /// <summary>A cell for a figure shown to one decimal; "n/a" without one.</summary>
    public static Cell Of(decimal? value, string suffix = "") =>
        value is { } v ? new Cell(decimal.Round(v, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture) + suffix, v) : new Cell("n/a");

    /// <summary>A cell for a metric's figure, formatted as the metric is.</summary>
    public static Cell Of(MetricDefinition metric, decimal? value) => new(metric.Format(value), value);

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
public sealed record DigestSection(string Title, string Intro, IReadOnlyList<DigestTable> Tables);

/// <summary>
/// The digest's content as sections of tables, made once and laid out by each format (HTML and text email, PDF,
/// XLSX), so that every format shows the same figures. Workers are named only in the breach table.
/// </summary>
public static class DigestSections
{
    /// <summary>The headline measures.</summary>
    public const string Measures = "Measures";

    /// <summary>The case for posts.</summary>
    public const string Posts = "Posts";

    /// <summary>The sections of a digest, in reading order.</summary>
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

        return
        [
            AtAGlance.Of(digest),
            new(Measures, $"Each measure of {digest.PlanName} at {digest.AsOf}, against where the plan expects it on that date (a straight line from the baseline to the target, then the target).",
            [
                Table("Measures", ["Measure", "Teams", "Actual", "Expected", "Target", "By", "RAG", "Change since last month"],
                    digest.Measures.Select(m => m.Standing).Select(s => Row(
                        Title(s.Measure), s.Measure.Filter.ToString(), Cell.Of(Definition(s.Measure), s.Actual), Cell.Of(Definition(s.Measure), s.Expected),
                        Cell.Of(Definition(s.Measure), s.Measure.Target), s.Measure.TargetDate.ToString("d MMM yyyy", CultureInfo.InvariantCulture),
                        RagText(s.Rag), Change(s)))),
            ]),
            new("Trends", "Each measure's actual at the last snapshot of each of the last twelve months, with the plan's expected value.",
            [
                .. digest.Measures.Select(m => Table(Title(m.Standing.Measure), ["Month", "Actual", "Expected"],
                    m.Months.Select(p => Row(p.Month.ToString("MMM yyyy", CultureInfo.InvariantCulture), Cell.Of(Definition(m.Standing.Measure), p.Actual), Cell.Of(Definition(m.Standing.Measure), p.Expected))))),
            ]),
            new("Caseloads by team", $"Case holders and their caseloads at {digest.AsOf} under policy {digest.PolicyVersion}.",
            [
                Table("Caseloads by team", ["Team", "Type", "Case holders", "Average caseload", "Cases per FTE", "Largest", "Over limit", "Children"],
                    teams.Select(t => Row(t.Name, Vocabulary.Describe(t.Type), Cell.Of(evaluated[t.Id].Figures.CaseHolders), Cell.Of(evaluated[t.Id].Figures.AverageCaseload),
                        Cell.Of(evaluated[t.Id].Figures.CasesPerFte), Count(Of(Metric.MaxCaseload, t)), Cell.Of(evaluated[t.Id].Figures.WorkersOverLimit), Cell.Of(holdings[t.Id].Cases)))),
            ]),
            new("Breaches", BreachIntro(digest),
            [
                Table("Breaches by team", ["Team", "New", "Continuing", "Resolved"],
                    digest.Breaches.GroupBy(b => b.TeamId).OrderBy(g => names.GetValueOrDefault(g.Key, g.Key), StringComparer.Ordinal).Select(g => Row(
                        names.GetValueOrDefault(g.Key, g.Key), Cell.Of(g.Count(b => b.Status == BreachStatus.New)),
                        Cell.Of(g.Count(b => b.Status == BreachStatus.Continuing)), Cell.Of(g.Count(b => b.Status == BreachStatus.Resolved))))),
                Table("Breaches nobody has acted on", ["Team", "Worker", "Weeks over", "Over by", "Band"],
                    digest.Breaches.Where(b => b.NobodyActing).OrderByDescending(b => b.WeeksInBreach).ThenBy(b => names.GetValueOrDefault(b.TeamId, b.TeamId), StringComparer.Ordinal).ThenBy(b => b.Name, StringComparer.Ordinal).Select(b => Row(
                        names.GetValueOrDefault(b.TeamId, b.TeamId), b.Name, Cell.Of(b.WeeksInBreach), Cell.Of(b.OverBy), Words.Of(b.Band)))),
                Table("Workers over their limit in the month", ["Team", "Worker", "Status", "Weeks over", "Over by", "Band"],
                    digest.Breaches.OrderBy(b => names.GetValueOrDefault(b.TeamId, b.TeamId), StringComparer.Ordinal).ThenBy(b => b.Name, StringComparer.Ordinal).Select(b => Row(
                        names.GetValueOrDefault(b.TeamId, b.TeamId), b.Name, Words.Of(b.Status), Cell.Of(b.WeeksInBreach), Cell.Of(b.OverBy), Words.Of(b.Band)))),
            ]),
            new(Posts, PostsIntro(digest),
            [
                Table("FTE needed against funded vacancies, by team", ["Team", "FTE needed", "Establishment FTE", "Filled FTE", "Funded vacancies FTE", "Beyond vacancies FTE"],
                    [.. figures.Posts.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => Row(
                        p.Name, Fte(p.FteNeeded), p.Establishment is { } e ? Fte(e) : "not given", Fte(p.Filled), p.Vacancies is { } v ? Fte(v) : "n/a", Fte(p.BeyondVacancies))),
                     Row("All teams", Fte(PostsTotals.Of(figures.Posts).FteNeeded), Fte(figures.Posts.Sum(p => p.Establishment ?? 0m)), Fte(figures.Posts.Sum(p => p.Filled)),
                        Fte(PostsTotals.Of(figures.Posts).Vacancies), Fte(PostsTotals.Of(figures.Posts).BeyondVacancies))]),
                Table("FTE needed and funded vacancies, last twelve months", ["Month", "FTE needed", "Funded vacancies FTE", "Beyond vacancies FTE"],
                    digest.PostsTrend.Select(p => Row(
                        p.Month.ToString("MMM yyyy", CultureInfo.InvariantCulture),
                        p.Posts is { } t ? Fte(t.FteNeeded) : "n/a", p.Posts is { } v ? Fte(v.Vacancies) : "n/a", p.Posts is { } b ? Fte(b.BeyondVacancies) : "n/a"))),
            ]),
            new("Unallocated cases", "Children without a named worker, and those waiting more than 5 working days (England and Wales working days).",
            [
                Table("Unallocated by team", ["Team", "Unallocated", "Over 5 working days", "Waiting since"],
                    teams.Select(t => Row(t.Name, Count(Of(Metric.UnallocatedCases, t)), Count(Of(Metric.UnallocatedOver5WorkingDays, t)),
                        holdings[t.Id].OldestUnallocatedSince?.ToString("d MMM yyyy", CultureInfo.InvariantCulture) ?? ""))),
            ]),
            new("ASYE protection", "Workers in their Assessed and Supported Year in Employment hold a protected (lower) limit.",
            [
                Table("ASYE case holders by team", ["Team", "ASYE case holders", "Within their limit", "Within, %"],
                    teams.Select(t => (Team: t, Asye: figures.Evaluation.Workers.Where(w => w.TeamId == t.Id && w.Asye && w.Limit is not null).ToList()))
                        .Where(x => x.Asye.Count > 0)
                        .Select(x => Row(x.Team.Name, Cell.Of(x.Asye.Count), Cell.Of(x.Asye.Count(w => !w.InBreach)), Cell.Of(Of(Metric.PctAsyeWithinLimit, x.Team), "%")))),
            ]),
            new("Workforce", "Social worker FTE (every role but family worker, student and other), agency FTE and vacancies against each team's establishment.",
            [
                Table("Workforce by team", ["Team", "Establishment FTE", "Social worker FTE", "Agency FTE", "Agency, %", "Vacancy rate, %"],
                    teams.Select(t => Workforce(t, figures, Of))),
            ]),
            new("Definitions", "How each measure is computed, and the national figure to compare with where there is one (DfE children's social work workforce census and statistics).",
            [
                Table("Definitions", ["Metric", "Code", "Definition", "National comparator"],
                    MetricDefinition.Catalogue.Select(d => Row(d.Title, d.Code, d.Definition, d.NationalComparator ?? "none published"))),
            ]),
            new("Lineage", $"The snapshots these figures come from, with the SHA-256 of each file as received; caseload figures evaluated under policy {digest.PolicyVersion}, measures from plan {digest.PlanVersion}.",
            [
                Table("Snapshots used", ["Snapshot", "As of", "Source", "Teams", "Workers", "Allocations", "File hashes"],
                    digest.Snapshots.Select(s => Row(s.Id, s.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s.Source ?? "", Cell.Of(s.Teams), Cell.Of(s.Workers), Cell.Of(s.Allocations),
                        string.Join("\n", s.FileHashes.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} {f.Value}"))))),
                Table("Versions", ["What", "Version"], [Row("Policy", digest.PolicyVersion), Row("Plan", digest.PlanVersion)]),
            ]),
            new("Data quality", $"What was wrong with the data at {digest.AsOf} but did not stop it being used.",
            [
                Table("Warnings", ["Where", "Column", "Warning"],
                    figures.Caseloads.Warnings.Select(w => Row(w.Where, w.Column ?? "", w.Message))),
            ]),
        ];
    }

    /// <summary>A measure's title as people read it: its metric's title (its id in the plan is for lineage only).</summary>
    public static string Title(Measure measure)
    {
        ArgumentNullException.ThrowIfNull(measure);
        return Definition(measure).Title;
    }

    /// <summary>The definition of a measure's metric.</summary>
    public static MetricDefinition Definition(Measure measure) => MetricDefinition.Of((measure ?? throw new ArgumentNullException(nameof(measure))).Metric);

    /// <summary>A RAG as words, "no data" without one.</summary>
    public static string RagText(Rag? rag) => rag is { } r ? Vocabulary.Code(r) : "no data";

    private static string BreachIntro(MonthlyDigest digest) => digest.WeeksEvaluated.Count == 0
        ? "No week starting in the month has been evaluated yet, so there are no breaches to report."
        : $"Workers over their limit in the weeks {digest.WeeksEvaluated[0]} to {digest.WeeksEvaluated[^1]}: new (first over in the month), continuing (over since before it) and resolved (back within it by its end). "
          + $"{digest.Breaches.Count(b => b.NobodyActing)} breach(es) had gone long enough with no action recorded by their team manager, or none in date, to reach leadership.";

    private static Cell[] Workforce(Team team, SnapshotFigures figures, Func<Metric, Team, decimal?> of)
    {
        var socialWorkers = figures.Caseloads.Workers.Select(h => h.Worker).Where(w => w.TeamId == team.Id && w.Role is not (Role.FamilyWorker or Role.Student or Role.Other)).ToList();
        return Row(team.Name, team.EstablishmentFte is { } e ? Cell.Of(e) : "not given", Cell.Of(socialWorkers.Sum(w => w.Fte)), Cell.Of(socialWorkers.Where(w => w.Agency).Sum(w => w.Fte)),
            Cell.Of(of(Metric.AgencyFtePct, team), "%"), Cell.Of(of(Metric.VacancyRatePct, team), "%"));
    }

    private static Cell Change(MeasureStanding standing) => new(Definition(standing.Measure).FormatChange(standing.Change), standing.Change);

    private static Cell Count(decimal? value) => value is { } v ? new Cell(v.ToString("0", CultureInfo.InvariantCulture), v) : new Cell("n/a");

    private static Cell[] Row(params Cell[] cells) => cells;

    private static Cell Fte(decimal value) => new(value.ToString("0.0", CultureInfo.InvariantCulture), value);

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

    private static DigestTable Table(string caption, string[] columns, IEnumerable<IReadOnlyList<Cell>> rows)
    {
        var list = rows.ToList();
        var numeric = columns.Select((_, c) => list.Count > 0 && list.All(r => r[c].Number is not null || r[c].Text == "n/a")).ToList();
        return new DigestTable(caption, columns, numeric, list);
    }
}
