using System.Globalization;
using System.Text;
using Caseload.Reporting.Benchmarks;
using Caseload.Reporting.Workforce;
using NodaTime;

namespace Caseload.Reporting.Region;

/// <summary>
/// One council's return to its region for a month (region spec): DfE's indicators for a council, in the shape of DfE's
/// indicators file, for one month instead of a census year — so that the one reader of published figures reads it. A
/// return holds aggregate figures and the council's identity, nothing about a worker, a team or a child.
/// </summary>
/// <param name="Month">The month it is for.</param>
/// <param name="RegionCode">The council's region, as DfE's latest release has it.</param>
/// <param name="RegionName">The region's name.</param>
/// <param name="Codes">The council's three-digit old LA code; two for a joint return.</param>
/// <param name="NewCode">Its nine-character new LA code, when DfE gives one.</param>
/// <param name="Name">Its name as DfE publishes it.</param>
/// <param name="Figures">Each of <see cref="Columns"/>' figures, in order; null where the council has none (<c>x</c>).</param>
public sealed record RegionalReturn(YearMonth Month, string RegionCode, string RegionName, IReadOnlyList<string> Codes, string? NewCode, string Name, IReadOnlyList<decimal?> Figures)
{
    /// <summary>The identity columns, before the figures.</summary>
    public static readonly IReadOnlyList<string> Identity =
        ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code", "region_name", "old_la_code", "new_la_code", "la_name"];

    /// <summary>The figures' columns, in the file's order.</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["inpost_fte", "agency_fte", "agency_rate_fte", "vacancy_fte", "vacancy_rate_fte", "leavers_fte", "turnover_rate_fte", "case_holders_fte", "cases", "caseload_fte", "absence_rate_fte"];

    /// <summary>England's code and name, as DfE's file gives them.</summary>
    public const string CountryCode = "E92000001";

    /// <summary>England's name.</summary>
    public const string CountryName = "England";

    /// <summary>What DfE's file writes in a council's row's level.</summary>
    public const string Level = "Local authority";

    /// <summary>A figure's value by its column; null where the council has none.</summary>
    public decimal? this[string column] => Figures[Index(column)];

    /// <summary>A measure's figure.</summary>
    public decimal? Of(WorkforceMeasure measure) => this[WorkforceMeasureDefinition.Of(measure).Code];

    /// <summary>The council's return for a month from its figures at the month's last snapshot, rounded as DfE publishes (one decimal place; cases whole).</summary>
    /// <param name="council">The council's row in DfE's latest release: its identity.</param>
    /// <param name="month">The month.</param>
    /// <param name="figures">Its figures on DfE's definitions (benchmarks spec).</param>
    public static RegionalReturn Of(PublishedArea council, YearMonth month, WorkforceFigures figures)
    {
        ArgumentNullException.ThrowIfNull(council);
        ArgumentNullException.ThrowIfNull(figures);
        decimal? Round(decimal? value) => value is { } v ? decimal.Round(v, 1, MidpointRounding.AwayFromZero) : null;
        return Identified(council, month,
        [
            Round(figures.InPostFte), Round(figures.AgencyFte), Round(figures.AgencyRateFte), Round(figures.VacancyFte), Round(figures.VacancyRateFte),
            Round(figures.LeaversFte), Round(figures.TurnoverRateFte), Round(figures.CaseHoldersFte), figures.Cases, Round(figures.CaseloadFte), null,
        ]);
    }

    /// <summary>The file a council without the product fills by hand: its identity from DfE's latest release, every figure <c>x</c>.</summary>
    public static RegionalReturn Template(PublishedArea council, YearMonth month) =>
        Identified(council, month, [.. Columns.Select(_ => (decimal?)null)]);

    private static RegionalReturn Identified(PublishedArea council, YearMonth month, IReadOnlyList<decimal?> figures)
    {
        ArgumentNullException.ThrowIfNull(council);
        if (council.Level != AreaLevel.LocalAuthority)
        {
            throw new ArgumentException("A return is a council's.", nameof(council));
        }

        return new RegionalReturn(month, council.RegionCode!, council.RegionName!, council.Codes, council.NewCode, council.Name!, figures);
    }

    /// <summary>The month's name as explore-education-statistics names months in <c>time_identifier</c>: "October".</summary>
    public static string MonthName(YearMonth month) => CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month.Month);

    /// <summary>Where a council's return for a month is in the drop: <c>returns/{code}/{yyyy-MM}.csv</c>.</summary>
    public static string PathOf(string code, YearMonth month) => $"returns/{code}/{month.ToString("yyyy-MM", CultureInfo.InvariantCulture)}.csv";

    /// <summary>The file: the header row, then the one row, as CSV (RFC 4180).</summary>
    public byte[] ToCsv()
    {
        var text = new StringBuilder();
        text.AppendJoin(',', Identity.Concat(Columns)).Append("\r\n");
        IEnumerable<string> cells =
        [
            Month.Year.ToString(CultureInfo.InvariantCulture), MonthName(Month), Level, CountryCode, CountryName, RegionCode, RegionName,
            string.Join(" / ", Codes), NewCode ?? "", Name,
            .. Figures.Select(f => f is { } v ? v.ToString(CultureInfo.InvariantCulture) : "x"),
        ];
        text.AppendJoin(',', cells.Select(Quoted)).Append("\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Quoted(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") < 0 ? cell : $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static int Index(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i] == column)
            {
                return i;
            }
        }

        throw new ArgumentException($"{column} is not a figure of a return.", nameof(column));
    }
}
