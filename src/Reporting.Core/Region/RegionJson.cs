using System.Globalization;
using System.Text.Json;
using Caseload.Reporting.Benchmarks;

namespace Caseload.Reporting.Region;

/// <summary>
/// The comparison in a region as <c>reporting region show --format json</c> prints it (region spec): one object. The
/// spec's example names two members <c>region</c> (the region's code and name, and its own figures); JSON readers
/// keep one of two same-named members, so they are one object here: <c>region</c> holds the code, the name and each
/// measure's figure from the returns' counts, every reading of the example finding what it looks for.
/// </summary>
public static class RegionJson
{
    /// <summary>Writes the comparison.</summary>
    public static void Write(RegionComparison comparison, Stream output)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        var measures = RegionComparison.Measures.Select(WorkforceMeasureDefinition.Of).ToList();
        json.WriteStartObject();
        json.WriteStartObject("region");
        json.WriteString("code", comparison.RegionCode);
        json.WriteString("name", comparison.RegionName);
        Figures(json, measures, comparison.Region);
        json.WriteEndObject();
        json.WriteString("month", Month(comparison.Month));
        json.WriteStartArray("measures");
        foreach (var measure in measures)
        {
            json.WriteStringValue(measure.Code);
        }

        json.WriteEndArray();
        json.WriteStartArray("councils");
        foreach (var council in comparison.Councils)
        {
            json.WriteStartObject();
            json.WriteString("code", council.Code);
            json.WriteString("name", council.Name);
            json.WriteStringOrNull("returnedFor", council.ReturnedFor is { } month ? Month(month) : null);
            json.WriteStringOrNull("refused", council.Refusal);

            json.WriteStartObject("figures");
            if (council.Return is not null)
            {
                foreach (var measure in measures)
                {
                    json.WriteNumberOrNull(measure.Code, council.Of(measure.Measure));
                }
            }

            json.WriteEndObject();
            json.WriteStartObject("ranks");
            foreach (var measure in measures)
            {
                if (comparison.RankOf(council, measure.Measure) is { } rank)
                {
                    json.WriteStartObject(measure.Code);
                    json.WriteNumber("rank", rank.Rank);
                    json.WriteNumber("of", rank.Of);
                    json.WriteStringOrNull("fifth", rank.EndFifth);

                    json.WriteEndObject();
                }
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("median");
        Figures(json, measures, comparison.Median);
        json.WriteEndObject();
        json.WriteStartObject("england");
        Figures(json, measures, comparison.EnglandFigure);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>Each measure that has a figure, and only those (the spec: a measure nobody returned has no key).</summary>
    private static void Figures(Utf8JsonWriter json, IEnumerable<WorkforceMeasureDefinition> measures, Func<WorkforceMeasure, decimal?> figure)
    {
        foreach (var measure in measures)
        {
            if (figure(measure.Measure) is { } value)
            {
                json.WriteNumber(measure.Code, value);
            }
        }
    }

    private static string Month(NodaTime.YearMonth month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
