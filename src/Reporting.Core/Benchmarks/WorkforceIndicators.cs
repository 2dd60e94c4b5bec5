namespace Caseload.Reporting.Benchmarks;

/// <summary>The geography a row of DfE's file is about.</summary>
public enum AreaLevel
{
    /// <summary>England.</summary>
    National,

    /// <summary>A region (and Inner and Outer London).</summary>
    Regional,

    /// <summary>A council, or two that return jointly.</summary>
    LocalAuthority,
}

/// <summary>One row of DfE's workforce indicators: an area's published figures for a year.</summary>
/// <param name="Year">The year: figures as at 30 September of it.</param>
/// <param name="Level">England, a region or a council.</param>
/// <param name="RegionCode">The region's code, e.g. E12000008; null for England.</param>
/// <param name="RegionName">The region's name; null for England.</param>
/// <param name="Codes">A council's three-digit old LA codes: two for a joint return; none for England or a region.</param>
/// <param name="Name">A council's name as published ("North Northamptonshire / West Northamptonshire" for a joint return); null for England or a region.</param>
/// <param name="InPostFte">In-post FTE, for context.</param>
/// <param name="Cases">Cases held, for context.</param>
/// <param name="Figures">Each measure's figure, by <see cref="WorkforceMeasure"/>; null where DfE gives a symbol.</param>
/// <param name="NewCode">A council's nine-character new LA code (E06000035), when the file gives one.</param>
public sealed record PublishedArea(
    int Year, AreaLevel Level, string? RegionCode, string? RegionName, IReadOnlyList<string> Codes, string? Name, decimal? InPostFte, decimal? Cases, IReadOnlyList<decimal?> Figures, string? NewCode = null)
{
    /// <summary>Two councils that return together.</summary>
    public bool Joint => Codes.Count > 1;

    /// <summary>A measure's figure; null where none is published.</summary>
    public decimal? Of(WorkforceMeasure measure) => Figures[(int)measure];

    /// <summary>What the row is about, as people read it: the council, the region, or England.</summary>
    public string Label => Name ?? RegionName ?? "England";

    /// <summary>One council's own name in the row: its part of a joint return's name, else the row's.</summary>
    public string NameOf(string code)
    {
        var parts = (Name ?? "").Split(" / ");
        var at = Codes.ToList().IndexOf(code);
        return Joint && parts.Length == Codes.Count && at >= 0 ? parts[at] : Label;
    }
}

/// <summary>
/// DfE's children's social work workforce indicators, every year and area of one release's file (benchmarks spec),
/// read whole: a release is 1,500 rows. Known by its SHA-256, as a policy is by its version.
/// </summary>
public sealed class WorkforceIndicators
{
    private readonly Dictionary<(int Year, string Code), PublishedArea> councils = [];
    private readonly Dictionary<(int Year, string Region), PublishedArea> regions = [];
    private readonly Dictionary<int, PublishedArea> england = [];

    /// <summary>The rows of a file, already checked one by one.</summary>
    /// <param name="rows">Its rows.</param>
    /// <param name="sha256">The file's SHA-256, hex.</param>
    /// <exception cref="ArgumentException">A year has no row for England, or an area twice.</exception>
    public WorkforceIndicators(IReadOnlyList<PublishedArea> rows, string sha256)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Rows = rows;
        Sha256 = sha256 ?? throw new ArgumentNullException(nameof(sha256));
        foreach (var row in rows)
        {
            switch (row.Level)
            {
                case AreaLevel.National:
                    england[row.Year] = row;
                    break;
                case AreaLevel.Regional:
                    regions[(row.Year, row.RegionCode!)] = row;
                    break;
                default:
                    foreach (var code in row.Codes)
                    {
                        councils[(row.Year, code)] = row;
                    }

                    break;
            }
        }

        Years = [.. rows.Select(r => r.Year).Distinct().Order()];
    }

    /// <summary>Every row, in the file's order.</summary>
    public IReadOnlyList<PublishedArea> Rows { get; }

    /// <summary>The file's SHA-256, hex.</summary>
    public string Sha256 { get; }

    /// <summary>The years it holds, earliest first.</summary>
    public IReadOnlyList<int> Years { get; }

    /// <summary>The latest year it holds, which the comparison is made with.</summary>
    public int LatestYear => Years[^1];

    /// <summary>The councils of a year, a joint return once.</summary>
    public IEnumerable<PublishedArea> Councils(int year) => Rows.Where(r => r.Year == year && r.Level == AreaLevel.LocalAuthority);

    /// <summary>The row holding a council's figures in a year (a joint return's for either of its councils), or null.</summary>
    public PublishedArea? Council(int year, string code) => councils.GetValueOrDefault((year, code));

    /// <summary>A region's row in a year, by its code, or null.</summary>
    public PublishedArea? Region(int year, string regionCode) => regions.GetValueOrDefault((year, regionCode));

    /// <summary>England's row in a year, or null.</summary>
    public PublishedArea? England(int year) => england.GetValueOrDefault(year);

    /// <summary>The release a year's figures come from, as a reader looks it up.</summary>
    public static string Release(int year) => $"DfE, Children's social work workforce, reporting year {year}";

    /// <summary>The census day of a year: its figures are as at 30 September.</summary>
    public static NodaTime.LocalDate CensusDay(int year) => new(year, 9, 30);
}

/// <summary>One of a council's ten statistical neighbours, DfE's model (benchmarks spec).</summary>
/// <param name="Rank">1 nearest, to 10.</param>
/// <param name="Code">Its three-digit old LA code.</param>
/// <param name="Name">Its name as the file gives it; null where the file leaves it blank.</param>
/// <param name="Closeness">DfE's word for how close, e.g. "Very close".</param>
public sealed record Neighbour(int Rank, string Code, string? Name, string Closeness);

/// <summary>Each council's statistical neighbours, nearest first, from one file known by its SHA-256.</summary>
/// <param name="ByCouncil">Each council's neighbours, by its code, nearest first.</param>
/// <param name="Sha256">The file's SHA-256, hex.</param>
public sealed record StatisticalNeighbours(IReadOnlyDictionary<string, IReadOnlyList<Neighbour>> ByCouncil, string Sha256)
{
    /// <summary>A council's neighbours, nearest first; none when the file does not name the council.</summary>
    public IReadOnlyList<Neighbour> Of(string code) => ByCouncil.GetValueOrDefault(code) ?? [];
}
