using System.Text;
using Caseload.Reporting.Benchmarks;
using Caseload.Reporting.Ingest.Benchmarks;

namespace Caseload.Reporting.Tests;

/// <summary>DfE's published files as a data team downloads them: every symbol, joint returns, any column order; anything else refused at its line and column.</summary>
public sealed class PublishedFileTests : IDisposable
{
    private const string Header = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,inpost_fte,cases,caseload_fte,turnover_rate_fte,agency_rate_fte,vacancy_rate_fte,absence_rate_fte";

    private readonly string folder = Directory.CreateTempSubdirectory("published-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"), new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public void The_shipped_files_are_DfE_s_2017_to_2025_indicators_and_May_2025_neighbours()
    {
        var indicators = ShippedBenchmarks.Indicators;
        var neighbours = ShippedBenchmarks.Neighbours;

        Assert.Equal(Enumerable.Range(2017, 9), indicators.Years);
        Assert.Equal(151, indicators.Councils(2025).Count());
        Assert.Equal(153, indicators.Councils(2025).Sum(r => r.Codes.Count));
        Assert.Equal(15.2m, indicators.England(2025)!.Of(WorkforceMeasure.CaseloadFte));
        Assert.Equal(15.7m, indicators.Council(2025, "887")!.Of(WorkforceMeasure.CaseloadFte));
        Assert.Same(indicators.Council(2025, "940"), indicators.Council(2025, "941"));
        Assert.Null(indicators.Council(2025, "213")!.Of(WorkforceMeasure.CaseloadFte));   // Westminster returned no data in 2025
        Assert.Equal(["866", "332", "886", "303", "926", "935", "883", "891", "351", "384"], neighbours.Of("887").Select(n => n.Code));
        Assert.Equal(158, neighbours.ByCouncil.Count);
        Assert.Equal(64, indicators.Sha256.Length);
    }

    [Fact]
    public void A_release_with_every_symbol_columns_in_any_order_and_a_joint_return_loads()
    {
        var path = Write("csww_indicators_2026.csv", """
            la_name,old_la_code,new_la_code,region_name,region_code,geographic_level,time_period,extra_column,inpost_fte,cases,caseload_fte,turnover_rate_fte,agency_rate_fte,vacancy_rate_fte,absence_rate_fte
            ,,,,,National,2026,anything,36000,320000,15.1,c,x,z,u
            ,,,South East,E12000008,Regional,2026,,5000,60000,15.5,low,:,-,3.1
            Medway,887,E06000035,South East,E12000008,Local authority,2026,,230.3,1866,15.7,17.5,20.7,26.5,3.8
            "North Northamptonshire / West Northamptonshire",940 / 941,E06000061 / E06000062,East Midlands,E12000004,Local authority,2026,,421.5,4514,14.8,10.4,19.5,25.9,3.3
            """);

        var (indicators, bytes) = IndicatorsFile.Read(path);

        Assert.Equal(File.ReadAllBytes(path), bytes);
        var england = indicators.England(2026)!;
        Assert.Equal(15.1m, england.Of(WorkforceMeasure.CaseloadFte));
        Assert.All([WorkforceMeasure.TurnoverRateFte, WorkforceMeasure.AgencyRateFte, WorkforceMeasure.VacancyRateFte, WorkforceMeasure.AbsenceRateFte], m => Assert.Null(england.Of(m)));
        Assert.All([WorkforceMeasure.TurnoverRateFte, WorkforceMeasure.AgencyRateFte, WorkforceMeasure.VacancyRateFte], m => Assert.Null(indicators.Region(2026, "E12000008")!.Of(m)));
        var joint = indicators.Council(2026, "941")!;
        Assert.Equal(["940", "941"], joint.Codes);
        Assert.Equal("West Northamptonshire", joint.NameOf("941"));
        Assert.Equal("Medway", indicators.Council(2026, "887")!.NameOf("887"));
    }

    [Theory]
    [InlineData("2026,Reporting year,Local authority,E92000001,England,E12000008,South East,887,E06000035,Medway,230.3,1866,15.7,n/a,20.7,26.5,3.8", "turnover_rate_fte", "'n/a' is not a figure")]
    [InlineData("2026,Reporting year,Local authority,E92000001,England,E12000008,South East,887,E06000035,Medway,230.3,1866,15.7,,20.7,26.5,3.8", "turnover_rate_fte", "is empty; DfE marks a figure")]
    [InlineData("2026,Reporting year,Local authority,E92000001,England,E12000008,South East,887,E06000035,Medway,230.3,1866,15.7,-3,20.7,26.5,3.8", "turnover_rate_fte", "is not a figure")]
    [InlineData("2026,Reporting year,Local authority,E92000001,England,E12000008,South East,88,E06000035,Medway,230.3,1866,15.7,17.5,20.7,26.5,3.8", "old_la_code", "is not a three-digit old LA code")]
    [InlineData("2026,Reporting year,Local authority,E92000001,England,E12000008,South East,940/940,E06000035,Medway,230.3,1866,15.7,17.5,20.7,26.5,3.8", "old_la_code", "is not a three-digit old LA code")]
    [InlineData("2026,Reporting year,County,E92000001,England,E12000008,South East,887,E06000035,Medway,230.3,1866,15.7,17.5,20.7,26.5,3.8", "geographic_level", "'County' is not one of National, Regional or Local authority")]
    [InlineData("26,Reporting year,Local authority,E92000001,England,E12000008,South East,887,E06000035,Medway,230.3,1866,15.7,17.5,20.7,26.5,3.8", "time_period", "is not a year")]
    [InlineData("2026,Reporting year,Local authority,E92000001,England,,South East,887,E06000035,Medway,230.3,1866,15.7,17.5,20.7,26.5,3.8", "region_code", "is empty")]
    public void A_stray_value_is_refused_at_its_line_and_column(string row, string column, string message)
    {
        var path = Write("indicators.csv", $"{Header}\n2026,Reporting year,National,E92000001,England,,,,,,36000,320000,15.1,12,13,14,3.5\n{row}\n");

        var refused = Assert.Throws<InvalidInputException>(() => IndicatorsFile.Read(path));

        var problem = Assert.Single(refused.Errors);
        Assert.Equal(("indicators.csv", 3, column), (problem.File, problem.Line, problem.Column));
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.StartsWith($"indicators.csv:3: {column}: ", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_a_column_the_spec_reads_is_refused_at_its_header()
    {
        var path = Write("indicators.csv", Header.Replace(",vacancy_rate_fte", "", StringComparison.Ordinal) + "\n2026,Reporting year,National,E92000001,England,,,,,,36000,320000,15.1,12,13,3.5\n");

        var refused = Assert.Throws<InvalidInputException>(() => IndicatorsFile.Read(path));

        Assert.Equal("indicators.csv:1: vacancy_rate_fte: required column is missing from the header row; add it (names match in any case and order)", Assert.Single(refused.Errors).ToString());
    }

    [Fact]
    public void A_year_without_England_a_repeated_area_and_a_workbook_are_refused()
    {
        var repeated = Write("repeated.csv", $"{Header}\n2026,Reporting year,National,E92000001,England,,,,,,36000,320000,15.1,12,13,14,3.5\n2026,Reporting year,National,E92000001,England,,,,,,36000,320000,15.1,12,13,14,3.5\n");
        var noEngland = Write("no-england.csv", $"{Header}\n2026,Reporting year,National,E92000001,England,,,,,,36000,320000,15.1,12,13,14,3.5\n2025,Reporting year,Local authority,E92000001,England,E12000008,South East,887,E06000035,Medway,230.3,1866,15.7,17.5,20.7,26.5,3.8\n");
        var workbook = Path.Combine(folder, "indicators.xlsx");
        File.WriteAllBytes(workbook, [(byte)'P', (byte)'K', 3, 4, 0, 0, 0, 0]);

        var problems = Assert.Throws<InvalidInputException>(() => IndicatorsFile.Read(repeated)).Errors.Select(p => p.ToString()).ToList();

        Assert.Equal(["repeated.csv:3: repeats the row of line 2 (the same year and area): keep one"], problems);
        Assert.Equal(
            "no-england.csv: geographic_level: 2025 has no National row: England's figures are compared with, so a year needs one",
            Assert.Single(Assert.Throws<InvalidInputException>(() => IndicatorsFile.Read(noEngland)).Errors).ToString());
        Assert.Contains("is a zip archive", Assert.Single(Assert.Throws<InvalidInputException>(() => IndicatorsFile.Read(workbook)).Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_far_larger_than_a_release_is_refused_before_it_is_read()
    {
        var path = Path.Combine(folder, "huge.csv");
        using (var file = File.Create(path))
        {
            file.SetLength(51L << 20);
        }

        var problem = Assert.Single(Assert.Throws<InvalidInputException>(() => IndicatorsFile.Read(path)).Errors);
        Assert.Contains("a release of published statistics is a few megabytes at most", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Neighbours_are_read_nearest_first_and_a_bad_rank_or_a_repeat_is_refused_at_its_line()
    {
        var good = Write("neighbours.csv", """
            old_la_code,la_name,rank,neighbour_old_la_code,neighbour_la_name,closeness
            887,Medway,2,332,Dudley,Very close
            887,Medway,1,866,Swindon,Very close
            314,Kingston upon Thames,8,318,,Close
            """);
        var bad = Write("bad.csv", """
            old_la_code,la_name,rank,neighbour_old_la_code,neighbour_la_name,closeness
            887,Medway,1,866,Swindon,Very close
            887,Medway,1,332,Dudley,Very close
            887,Medway,11,303,Bexley,Very close
            887,Medway,3,887,Medway,Very close
            """);

        var (neighbours, _) = NeighboursFile.Read(good);
        var problems = Assert.Throws<InvalidInputException>(() => NeighboursFile.Read(bad)).Errors.Select(p => p.ToString()).ToList();

        Assert.Equal(["866", "332"], neighbours.Of("887").Select(n => n.Code));
        Assert.Null(neighbours.Of("314")[0].Name);
        Assert.Empty(neighbours.Of("999"));
        Assert.Equal(
            [
                "bad.csv:3: names council 887's neighbour of rank 1, or neighbour 332, a second time: keep one",
                "bad.csv:4: rank: is not a rank from 1 (nearest) to 10",
                "bad.csv:5: neighbour_old_la_code: is the council itself; a council is not its own neighbour",
            ],
            problems);
    }
}
