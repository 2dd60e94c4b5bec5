using System.Text.Json;
using System.Text.Json.Nodes;
using Caseload.Reporting.Improvement;
using NodaTime;
using NodaTime.Text;

namespace Caseload.Reporting.Benchmarks;

/// <summary>
/// The comparison as the JSON contract of the benchmarks spec (<c>benchmarks show --format json</c>, and
/// <c>benchmarks</c> in <c>show-month --format json</c>), and back: a month stores what it sent in this form.
/// </summary>
public static class BenchmarkJson
{
    /// <summary>The comparison as a JSON object.</summary>
    public static JsonObject Write(BenchmarkComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var council = comparison.Council;
        var json = new JsonObject
        {
            ["council"] = new JsonObject
            {
                ["code"] = council.Code,
                ["name"] = council.Called,
                ["publishedName"] = council.Name,
                ["region"] = council.RegionName,
                ["regionCode"] = council.RegionCode,
                ["joint"] = council.Joint,
                ["returnedAs"] = council.ReturnedAs,
            },
            ["year"] = comparison.Year,
            ["source"] = comparison.Source,
            ["asOf"] = Date(comparison.AsOf),
            ["measures"] = new JsonArray([.. comparison.Measures.Select(Measure)]),
        };
        return json;
    }

    private static JsonObject Measure(MeasureComparison m) => new()
    {
        ["measure"] = m.Definition.Code,
        ["title"] = m.Definition.Title,
        ["unit"] = m.Definition.Unit,
        ["now"] = m.Now,
        ["censusDay"] = m.CensusDay,
        ["censusDayAsOf"] = Date(m.CensusDayAsOf),
        ["historyComplete"] = m.History.Complete,
        ["historyMonths"] = m.History.Complete ? null : m.History.MonthsCovered,
        ["historyMonthsNeeded"] = m.History.Complete ? null : m.History.MonthsNeeded,
        ["published"] = m.Published,
        ["publishedPrevious"] = m.PublishedPrevious,
        ["neighbours"] = new JsonObject
        {
            ["median"] = m.Neighbours.Median,
            ["lowest"] = m.Neighbours.Lowest,
            ["highest"] = m.Neighbours.Highest,
            ["count"] = m.Neighbours.Count,
            ["rank"] = m.Neighbours.Rank,
            ["of"] = m.Neighbours.Of,
        },
        ["region"] = m.Region,
        ["england"] = m.England,
        ["allCouncils"] = Ranking(m.AllCouncils),
        ["nowAgainstAll"] = Ranking(m.NowAgainstAll),
    };

    /// <summary>A comparison written by <see cref="Write"/>, read back.</summary>
    /// <exception cref="InvalidDataException">The JSON is not one this product wrote.</exception>
    public static BenchmarkComparison Read(string json)
    {
        try
        {
            var root = JsonNode.Parse(json)!.AsObject();
            var council = root["council"]!.AsObject();
            return new BenchmarkComparison(
                new BenchmarkCouncil(Text(council["code"])!, Text(council["publishedName"])!, Text(council["regionCode"]) ?? "", Text(council["region"]) ?? "", Text(council["returnedAs"]))
                {
                    CalledAs = Text(council["name"]) is { } called && called != Text(council["publishedName"]) ? called : null,
                },
                root["year"]!.GetValue<int>(),
                Text(root["source"])!,
                ParseDate(root["asOf"]),
                [.. root["measures"]!.AsArray().Select(node => ReadMeasure(node!.AsObject()))]);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException or UnparsableValueException)
        {
            throw new InvalidDataException("A stored comparison with the published figures is not as written.", e);
        }
    }

    private static MeasureComparison ReadMeasure(JsonObject m)
    {
        var code = Text(m["measure"]);
        var definition = WorkforceMeasureDefinition.Catalogue.Single(d => d.Code == code);
        var complete = m["historyComplete"]!.GetValue<bool>();
        var neighbours = m["neighbours"]!.AsObject();
        return new MeasureComparison(
            definition.Measure,
            Number(m["now"]),
            Number(m["censusDay"]),
            ParseDate(m["censusDayAsOf"]),
            complete ? History.Enough : new History(false, m["historyMonths"]!.GetValue<int>(), m["historyMonthsNeeded"]!.GetValue<int>()),
            Number(m["published"]),
            Number(m["publishedPrevious"]),
            new NeighbourStanding(Number(neighbours["median"]), Number(neighbours["lowest"]), Number(neighbours["highest"]), neighbours["count"]!.GetValue<int>(),
                neighbours["rank"]?.GetValue<int>(), neighbours["of"]?.GetValue<int>()),
            Number(m["region"]),
            Number(m["england"]),
            ReadRanking(m["allCouncils"]),
            ReadRanking(m["nowAgainstAll"]));
    }

    private static JsonObject? Ranking(Ranking? ranking) => ranking is null ? null : new JsonObject { ["rank"] = ranking.Rank, ["of"] = ranking.Of, ["band"] = ranking.Band };

    private static Ranking? ReadRanking(JsonNode? node) => node is null ? null : new Ranking(node["rank"]!.GetValue<int>(), node["of"]!.GetValue<int>(), Text(node["band"])!);

    private static string? Date(LocalDate? date) => date is { } d ? LocalDatePattern.Iso.Format(d) : null;

    private static LocalDate? ParseDate(JsonNode? node) => node is null ? null : LocalDatePattern.Iso.Parse(node.GetValue<string>()).GetValueOrThrow();

    private static decimal? Number(JsonNode? node) => node?.GetValue<decimal>();

    private static string? Text(JsonNode? node) => node?.GetValue<string>();
}
