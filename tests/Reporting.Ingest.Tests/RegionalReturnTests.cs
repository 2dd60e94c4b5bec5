using System.Text;
using Caseload.Reporting.Benchmarks;
using Caseload.Reporting.Ingest.Benchmarks;
using Caseload.Reporting.Region;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>
/// A council's return to its region (region spec), read by the reader of DfE's indicators: the product's own return
/// and a joint one read back as written; anything but one row of the return's columns, for its folder's council, its
/// region and its month, refused at <c>file:line: column</c> with every problem.
/// </summary>
public sealed class RegionalReturnTests
{
    private static readonly YearMonth October = new(2026, 10);
    private static readonly WorkforceIndicators Indicators = ShippedBenchmarks.Indicators;
    private static readonly PublishedArea Medway = Indicators.Council(2025, "887")!;
    private const string Name = "returns/887/2026-10.csv";

    private static string Good => Encoding.UTF8.GetString(new RegionalReturn(October, "E12000008", "South East", ["887"], "E06000035", "Medway",
        [230.3m, 60.2m, 20.7m, 80.5m, 25.9m, null, null, 180.2m, 2890m, 16.0m, null]).ToCsv());

    private static RegionalReturn Read(string text, PublishedArea? council = null, string code = "887", string name = Name) =>
        IndicatorsFile.ReadReturn(Encoding.UTF8.GetBytes(text), name, council ?? Medway, code, October);

    private static IReadOnlyList<string> Refused(string text, PublishedArea? council = null, string code = "887") =>
        [.. Assert.Throws<InvalidInputException>(() => Read(text, council, code)).Errors.Select(p => p.ToString())];

    [Fact]
    public void A_return_reads_back_as_written_and_a_template_is_every_figure_x()
    {
        var read = Read(Good);

        Assert.Equal((October, "E12000008", "Medway"), (read.Month, read.RegionCode, read.Name));
        Assert.Equal(16.0m, read.Of(WorkforceMeasure.CaseloadFte));
        Assert.Equal(60.2m, read["agency_fte"]);
        Assert.Null(read.Of(WorkforceMeasure.TurnoverRateFte));
        var template = Encoding.UTF8.GetString(RegionalReturn.Template(Medway, October).ToCsv());
        Assert.EndsWith("2026,October,Local authority,E92000001,England,E12000008,South East,887,E06000035,Medway,x,x,x,x,x,x,x,x,x,x,x\r\n", template, StringComparison.Ordinal);
        Assert.All(RegionComparison.Measures, m => Assert.Null(Read(template).Of(m)));
    }

    [Fact]
    public void A_joint_return_is_read_in_the_folder_of_either_council_and_a_name_with_a_comma_is_quoted()
    {
        var joint = Indicators.Council(2025, "941")!;
        var text = Encoding.UTF8.GetString(RegionalReturn.Template(joint, October).ToCsv());

        Assert.Contains(",940 / 941,", text, StringComparison.Ordinal);
        Assert.Equal(["940", "941"], Read(text, joint, "941", "returns/941/2026-10.csv").Codes);
        var bristol = Indicators.Councils(2025).First(r => r.Name!.Contains(',', StringComparison.Ordinal));
        Assert.Equal(bristol.Name, Read(Encoding.UTF8.GetString(RegionalReturn.Template(bristol, October).ToCsv()), bristol, bristol.Codes[0]).Name);
    }

    [Fact]
    public void Anything_but_the_councils_one_row_for_its_month_and_region_is_refused_at_its_line_and_column()
    {
        var lines = Good.Split("\r\n");
        Assert.Equal(
            [$"{Name}:1: notes: is not a column of a return: a return has only time_period, time_identifier, geographic_level, country_code, country_name, region_code, region_name, old_la_code, new_la_code, la_name, inpost_fte, agency_fte, agency_rate_fte, vacancy_fte, vacancy_rate_fte, leavers_fte, turnover_rate_fte, case_holders_fte, cases, caseload_fte, absence_rate_fte (docs/region.md)"],
            Refused($"{lines[0]},notes\r\n{lines[1]},hello\r\n"));
        Assert.Equal([$"{Name}:3: is a second row: a return is one row, the council's for the month"], Refused($"{lines[0]}\r\n{lines[1]}\r\n{lines[1]}\r\n"));
        Assert.Equal([$"{Name}: has a header row but no figures: a return is one row, the council's for the month"], Refused($"{lines[0]}\r\n"));
        Assert.Equal(
            [
                $"{Name}:2: time_identifier: 'September' is not October, the month this file is named for",
                $"{Name}:2: region_code: is not E12000008, the region of council 887 (South East) in DfE's latest release",
                $"{Name}:2: caseload_fte: 'sixteen' is not a figure: give a number such as 15.7, or one of DfE's symbols c, x, z, u, low, : or -",
            ],
            Refused(Good.Replace("October", "September", StringComparison.Ordinal).Replace("E12000008", "E12000004", StringComparison.Ordinal).Replace(",16.0,", ",sixteen,", StringComparison.Ordinal)));
        Assert.Equal([$"{Name}:2: old_la_code: 886 is not this folder's council (887): a council writes only its own return, under its own code"], Refused(Good.Replace(",887,", ",886,", StringComparison.Ordinal)));
        Assert.Single(Refused("not a csv at all \u0000\u0001"));
        Assert.Contains(Refused(lines[0].Replace("caseload_fte,", "", StringComparison.Ordinal) + "\r\n"), p => p.Contains("caseload_fte: required column is missing", StringComparison.Ordinal));
    }
}
