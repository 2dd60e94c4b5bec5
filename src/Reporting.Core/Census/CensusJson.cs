using System.Text.Json.Nodes;
using NodaTime.Text;

namespace Caseload.Reporting.Census;

/// <summary>A checked return as the census spec's JSON (<c>reporting census check --format json</c>): ids and team ids only, nothing personal.</summary>
public static class CensusJson
{
    /// <summary>The check as one JSON object.</summary>
    public static JsonObject Write(CensusCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var counts = check.Counts;
        return new JsonObject
        {
            ["council"] = check.Council is { } council ? new JsonObject { ["code"] = council.Code, ["name"] = council.Called } : null,
            ["referenceDate"] = check.ReferenceDate is { } day ? LocalDatePattern.Iso.Format(day) : null,
            ["snapshot"] = check.Snapshot is { } snapshot ? new JsonObject { ["id"] = snapshot.Id, ["asOf"] = LocalDatePattern.Iso.Format(snapshot.AsOf) } : null,
            ["return"] = new JsonObject { ["inPost"] = counts.InPost, ["agency"] = counts.Agency, ["leavers"] = counts.Leavers, ["vacancies"] = counts.Vacancies },
            ["figures"] = new JsonArray([.. check.Figures.Select(f => new JsonObject
            {
                ["measure"] = f.Definition.Code,
                ["title"] = f.Definition.Title,
                ["unit"] = f.Definition.Unit,
                ["return"] = Published(f.Return),
                ["snapshot"] = Published(f.Snapshot),
                ["publishedLastYear"] = f.PublishedLastYear,
            })]),
            ["differences"] = new JsonArray([.. check.Differences.Select(d => new JsonObject
            {
                ["kind"] = Code(d.Kind),
                ["worker"] = d.Worker,
                ["team"] = d.TeamId,
                ["return"] = Value(d.Return),
                ["snapshot"] = Value(d.Snapshot),
            })]),
            ["problems"] = new JsonArray([.. check.Problems.Select(p => new JsonObject
            {
                ["line"] = p.Line,
                ["lastLine"] = p.LastLine is { } last && last != p.Line ? last : null,
                ["occurrences"] = p.Occurrences > 1 ? p.Occurrences : null,
                ["element"] = p.Column,
                ["message"] = p.Message,
            })]),
        };
    }

    /// <summary>The spec's name of a kind of difference.</summary>
    public static string Code(CensusDifferenceKind kind) => kind switch
    {
        CensusDifferenceKind.MissingFromReturn => "missing_from_return",
        CensusDifferenceKind.NotOnRoster => "not_on_roster",
        CensusDifferenceKind.Cases => "cases",
        CensusDifferenceKind.Fte => "fte",
        CensusDifferenceKind.Agency => "agency",
        CensusDifferenceKind.Asye => "asye",
        _ => "absent",
    };

    /// <summary>Rounded to one decimal place, as DfE publishes.</summary>
    private static decimal? Published(decimal? figure) => figure is { } f ? decimal.Round(f, 1, MidpointRounding.AwayFromZero) : null;

    private static JsonValue? Value(CensusValue? value) => value switch
    {
        // As written, without the trailing zeros of a CSV's "1.0": the same FTE reads the same from either side.
        { Number: { } number } => JsonValue.Create(number / 1.000000000000000000000000000000000m),
        { Flag: { } flag } => JsonValue.Create(flag),
        _ => null,
    };
}
