using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Caseload.Reporting.Improvement;

/// <summary>A published statistics release: who published it, and the date its figures describe.</summary>
/// <param name="Name">The release, as a reader would look it up.</param>
/// <param name="AsAt">The date its figures describe.</param>
public sealed record Release(string Name, LocalDate AsAt);

/// <summary>England's figure for a metric, from a release.</summary>
/// <param name="Metric">The metric it compares with.</param>
/// <param name="Value">The figure.</param>
/// <param name="Approximate">Published as "about".</param>
/// <param name="Release">Where it comes from.</param>
/// <param name="Of">What it is a share of, when that differs from the metric's own definition.</param>
/// <param name="Earlier">The release before, in words.</param>
public sealed record EnglandFigure(Metric Metric, decimal Value, bool Approximate, Release Release, string? Of, string? Earlier)
{
    /// <summary>The figure as printed: "15.4", "about 17.0%".</summary>
    public string Text => (Approximate ? "about " : "") + MetricDefinition.Of(Metric).Format(Value);

    /// <summary>Where it comes from and when: "DfE, Children's social work workforce, reporting year 2024, at 30 Sep 2024".</summary>
    public string Source => $"{Release.Name}, at {Release.AsAt.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}";

    /// <summary>All of it in a line, for a definitions table.</summary>
    public string Description => $"{Text}{(Of is null ? "" : $" {Of}")} ({Source}){(Earlier is null ? "" : $"; {Earlier}")}";
}

/// <summary>
/// England's latest published figures, read from England.json (embedded): one file naming each release, so that
/// a new release is a change there and nowhere else.
/// </summary>
public static class England
{
    private static readonly Dictionary<Metric, EnglandFigure> ByMetric = Read();

    /// <summary>Every figure, in the metrics' order.</summary>
    public static IReadOnlyList<EnglandFigure> Figures { get; } = [.. ByMetric.Values.OrderBy(f => f.Metric)];

    /// <summary>England's figure for a metric, or null when none is published.</summary>
    public static EnglandFigure? For(Metric metric) => ByMetric.GetValueOrDefault(metric);

    private static Dictionary<Metric, EnglandFigure> Read()
    {
        using var stream = typeof(England).Assembly.GetManifestResourceStream("Caseload.Reporting.Improvement.England.json")
            ?? throw new InvalidOperationException("England.json is not embedded in the assembly.");
        using var json = JsonDocument.Parse(stream);
        var releases = new Dictionary<string, Release>(StringComparer.Ordinal);
        foreach (var release in json.RootElement.GetProperty("releases").EnumerateObject())
        {
            releases[release.Name] = new Release(
                release.Value.GetProperty("name").GetString()!,
                LocalDatePattern.Iso.Parse(release.Value.GetProperty("asAt").GetString()!).Value);
        }

        var figures = new Dictionary<Metric, EnglandFigure>();
        foreach (var figure in json.RootElement.GetProperty("figures").EnumerateArray())
        {
            var code = figure.GetProperty("metric").GetString()!;
            if (!MetricDefinition.TryParse(code, out var metric))
            {
                throw new InvalidOperationException($"England.json: {code} is not a metric.");
            }

            string? Optional(string name) => figure.TryGetProperty(name, out var value) ? value.GetString() : null;
            figures.Add(metric, new EnglandFigure(
                metric,
                figure.GetProperty("value").GetDecimal(),
                figure.TryGetProperty("approximate", out var approximate) && approximate.GetBoolean(),
                releases[figure.GetProperty("release").GetString()!],
                Optional("of"),
                Optional("earlier")));
        }

        return figures;
    }
}
