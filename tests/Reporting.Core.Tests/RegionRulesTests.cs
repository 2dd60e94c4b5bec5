using System.Text.Json;
using Caseload.Reporting.Benchmarks;
using Caseload.Reporting.Region;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>The comparison in a region (region spec): ranks with ties, fifths at each end, the median, and the region's own figure from the returns' counts, never a mean of their rates.</summary>
public class RegionRulesTests
{
    private static readonly YearMonth October = new(2026, 10);

    /// <summary>A council's return with in-post and agency FTE, case holders' FTE and cases; its rates worked out from them.</summary>
    private static CouncilReturn Council(string code, decimal inPost, decimal agency, decimal holders, decimal cases, YearMonth? month = null) =>
        new(code, $"Council {code}", new RegionalReturn(month ?? October, "E12000008", "South East", [code], null, $"Council {code}",
            [inPost, agency, decimal.Round(agency * 100 / (agency + inPost), 1), null, null, null, null, holders, cases, decimal.Round(cases / holders, 1), null]), null);

    private static RegionComparison Region(params CouncilReturn[] councils) =>
        new("E12000008", "South East", October, councils, new PublishedArea(2025, AreaLevel.National, null, null, [], null, null, null, [15.2m, 15.6m, 16.2m, 17.4m, 3.3m]), 2025);

    [Theory]
    [InlineData(1, 5, 1)]
    [InlineData(5, 5, 5)]
    [InlineData(3, 5, 3)]
    [InlineData(2, 4, 2)]
    [InlineData(4, 4, 5)]
    [InlineData(7, 33, 1)]
    [InlineData(8, 33, 2)]
    [InlineData(26, 33, 4)]
    [InlineData(27, 33, 5)]
    public void A_fifth_is_lowest_within_the_first_ceiling_of_a_fifth_and_highest_past_the_last(int rank, int of, int fifth)
    {
        var figures = Enumerable.Range(1, of).Select(i => (decimal)i).ToList();

        var ranked = RegionalRank.Among(rank, figures);

        Assert.Equal((rank, of, fifth), (ranked.Rank, ranked.Of, ranked.Fifth));
        Assert.Equal(fifth switch { 1 => "lowest", 5 => "highest", _ => null }, ranked.EndFifth);
    }

    [Fact]
    public void Ties_share_the_better_rank()
    {
        var region = Region(Council("001", 100, 10, 80, 1280), Council("002", 100, 10, 80, 1280), Council("003", 100, 30, 80, 1600));

        Assert.Equal([1, 1, 3], region.Councils.Select(c => region.RankOf(c, WorkforceMeasure.CaseloadFte)!.Rank));
    }

    [Fact]
    public void The_regions_figure_is_from_the_returns_counts_and_the_median_of_those_with_a_figure()
    {
        // A small council with a high agency rate (50.0%) and a large one with a low rate (8.0%): the mean of the
        // rates would be 29.0%; the region's own rate, all agency FTE over all social worker FTE (62 of 562), is 11.0%.
        var small = Council("001", 20, 20, 30, 600);
        var large = Council("002", 480, 42, 400, 6000);
        var none = new CouncilReturn("003", "Council 003", null, null);
        var region = Region(small, large, none);

        Assert.Equal(11.0m, region.Region(WorkforceMeasure.AgencyRateFte));
        Assert.Equal(15.3m, region.Region(WorkforceMeasure.CaseloadFte));
        Assert.Equal(29.0m, region.Median(WorkforceMeasure.AgencyRateFte));
        Assert.Null(region.Region(WorkforceMeasure.AbsenceRateFte));
        Assert.Null(region.Median(WorkforceMeasure.TurnoverRateFte));
        Assert.Equal(["003"], region.NotReturned.Select(c => c.Code));
        Assert.Equal(2, region.ReturnedForMonth);
        Assert.Equal(["002"], region.InFifth(WorkforceMeasure.AgencyRateFte, 1).Select(c => c.Code));
        Assert.Equal(["001"], region.InFifth(WorkforceMeasure.AgencyRateFte, 5).Select(c => c.Code));
    }

    [Fact]
    public void The_json_has_every_council_its_figures_and_ranks_and_a_measure_nobody_returned_has_no_key()
    {
        var region = Region(Council("001", 100, 10, 80, 1280), Council("002", 90, 30, 70, 1300, October.PlusMonths(-1)), new CouncilReturn("003", "Council 003", null, "returns/003/2026-10.csv:2: old_la_code: 887 is not this folder's council (003)"));
        using var buffer = new MemoryStream();
        RegionJson.Write(region, buffer);
        var json = JsonDocument.Parse(buffer.ToArray()).RootElement;

        Assert.Equal(["region", "month", "measures", "councils", "median", "england"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("E12000008", "South East"), (json.GetProperty("region").GetProperty("code").GetString(), json.GetProperty("region").GetProperty("name").GetString()));
        Assert.Equal(17.2m, json.GetProperty("region").GetProperty("caseload_fte").GetDecimal());   // 2,580 cases over 150 FTE
        Assert.False(json.GetProperty("region").TryGetProperty("turnover_rate_fte", out _));
        Assert.Equal(["caseload_fte", "turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte", "absence_rate_fte"], json.GetProperty("measures").EnumerateArray().Select(m => m.GetString()));
        var councils = json.GetProperty("councils").EnumerateArray().ToList();
        Assert.Equal(["2026-10", "2026-09", null], councils.Select(c => c.GetProperty("returnedFor").GetString()));
        Assert.Equal(JsonValueKind.Null, councils[0].GetProperty("figures").GetProperty("turnover_rate_fte").ValueKind);
        Assert.Equal((1, 2, "lowest"), (councils[0].GetProperty("ranks").GetProperty("caseload_fte").GetProperty("rank").GetInt32(), councils[0].GetProperty("ranks").GetProperty("caseload_fte").GetProperty("of").GetInt32(), councils[0].GetProperty("ranks").GetProperty("caseload_fte").GetProperty("fifth").GetString()));
        Assert.False(councils[0].GetProperty("ranks").TryGetProperty("turnover_rate_fte", out _));
        Assert.StartsWith("returns/003/2026-10.csv:2: old_la_code:", councils[2].GetProperty("refused").GetString(), StringComparison.Ordinal);
        Assert.Empty(councils[2].GetProperty("figures").EnumerateObject());
        Assert.Equal(15.2m, json.GetProperty("england").GetProperty("caseload_fte").GetDecimal());
    }
}
