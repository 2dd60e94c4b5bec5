using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Caseload.Reporting.Snapshots;
using NodaTime;
using NodaTime.Text;

namespace Caseload.Reporting.Improvement;

/// <summary>
/// Reads plan.json (improvement spec). Every field is checked and every problem reported with its path
/// (<c>measures[2].targetDate</c>). The plan's version is its own "version" when it gives one, otherwise
/// <c>sha-</c> and 12 hex digits of the document's SHA-256, so that a changed document is a new version.
/// </summary>
public static class PlanDocument
{
    /// <summary>Reads a plan document.</summary>
    /// <param name="json">The document's text.</param>
    /// <param name="file">The file name to report problems against.</param>
    /// <exception cref="InvalidInputException">The document is not a valid plan.</exception>
    public static Plan Parse(string json, string file = "plan.json")
    {
        ArgumentNullException.ThrowIfNull(json);
        var reader = new Reader(file);
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        return reader.Read(json, "plan", root => reader.Plan(root, $"sha-{digest[..12]}"));
    }

    private sealed class Reader(string file) : JsonDocumentReader(file, "plan_invalid")
    {
        private const int MaxTitle = 80;

        public Plan Plan(JsonElement root, string digestVersion)
        {
            string? name = null, version = null;
            var measures = new List<Measure>();
            var sawMeasures = false;
            foreach (var field in Fields(root, "", "name", "version", "measures"))
            {
                switch (field.Name)
                {
                    case "name":
                        name = NonEmpty(field.Value, "name");
                        break;
                    case "version":
                        version = NonEmpty(field.Value, "version");
                        break;
                    default:
                        sawMeasures = true;
                        Measures(field.Value, measures);
                        break;
                }
            }

            if (root.ValueKind == JsonValueKind.Object)
            {
                if (name is null && !root.TryGetProperty("name", out _))
                {
                    Fail("name", "missing: give the plan's name, e.g. \"Children's Services Improvement Plan 2026-28\"");
                }

                if (!sawMeasures)
                {
                    Fail("measures", "missing: give the plan's measures as an array");
                }
            }

            return new Plan(name ?? "", version ?? digestVersion, measures);
        }

        private void Measures(JsonElement value, List<Measure> measures)
        {
            if (value.ValueKind != JsonValueKind.Array)
            {
                Fail("measures", $"expected an array of measures, got {Kind(value)}");
                return;
            }

            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                var path = $"measures[{index}]";
                if (Measure(item, path) is { } measure)
                {
                    if (ids.TryGetValue(measure.Id, out var first))
                    {
                        Fail($"{path}.id", $"'{measure.Id}' is also the id of measures[{first}]; give each measure its own id");
                    }
                    else
                    {
                        ids[measure.Id] = index;
                        measures.Add(measure);
                    }
                }

                index++;
            }

            if (index == 0)
            {
                Fail("measures", "the plan has no measures; give at least one");
            }
        }

        private Measure? Measure(JsonElement value, string path)
        {
            var problemsBefore = Problems.Count;
            string? id = null, title = null;
            Metric? metric = null;
            var filter = MeasureFilter.Everyone;
            Direction? direction = null;
            Baseline? baseline = null;
            decimal? target = null, tolerance = null;
            LocalDate? targetDate = null;
            foreach (var field in Fields(value, path, "id", "title", "metric", "filter", "direction", "baseline", "target", "targetDate", "tolerance"))
            {
                var at = $"{path}.{field.Name}";
                switch (field.Name)
                {
                    case "id":
                        id = NonEmpty(field.Value, at);
                        break;
                    case "title":
                        var given = NonEmpty(field.Value, at);
                        title = given is { Length: > MaxTitle }
                            ? Fail<string?>(null, at, $"{given.Length} characters; a measure's title is read on a tile, so give at most {MaxTitle}")
                            : given;
                        break;
                    case "metric":
                        metric = MetricOf(field.Value, at);
                        break;
                    case "filter":
                        filter = Filter(field.Value, at);
                        break;
                    case "direction":
                        direction = Text(field.Value, at) switch
                        {
                            null => null,
                            "at_most" => Improvement.Direction.AtMost,
                            "at_least" => Improvement.Direction.AtLeast,
                            var other => Fail<Direction?>(null, at, $"'{other}' is not a direction; use at_most (lower is better) or at_least (higher is better)"),
                        };
                        break;
                    case "baseline":
                        baseline = BaselineOf(field.Value, at);
                        break;
                    case "target":
                        target = Number(field.Value, at, atLeastZero: true);
                        break;
                    case "targetDate":
                        targetDate = Date(field.Value, at);
                        break;
                    default:
                        tolerance = Number(field.Value, at, atLeastZero: true);
                        break;
                }
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var (name, given) in new (string, bool)[] { ("id", id is not null), ("metric", metric is not null), ("direction", direction is not null), ("baseline", baseline is not null), ("target", target is not null), ("targetDate", targetDate is not null) })
            {
                if (!given && !value.TryGetProperty(name, out _))
                {
                    Fail($"{path}.{name}", "missing: every measure needs id, metric, direction, baseline, target and targetDate");
                }
            }

            if (baseline is not null && targetDate is { } by && by <= baseline.Date)
            {
                Fail($"{path}.targetDate", $"{by:yyyy-MM-dd} is not after the baseline's date {baseline.Date:yyyy-MM-dd}");
            }

            if (Problems.Count > problemsBefore)
            {
                return null;
            }

            return new Measure(id!, metric!.Value, filter, direction!.Value, baseline!, target!.Value, targetDate!.Value,
                tolerance ?? (Math.Abs(target.Value - baseline!.Value) / 10m), title);
        }

        private Metric? MetricOf(JsonElement value, string path)
        {
            var code = Text(value, path);
            return code is null ? null
                : MetricDefinition.TryParse(code, out var metric) ? metric
                : Fail<Metric?>(null, path, $"'{code}' is not a metric; the metrics are {string.Join(", ", MetricDefinition.Catalogue.Select(d => d.Code))}");
        }

        private MeasureFilter Filter(JsonElement value, string path)
        {
            var filter = MeasureFilter.Everyone;
            foreach (var field in Fields(value, path, "teamTypes", "teams", "services"))
            {
                var at = $"{path}.{field.Name}";
                if (field.Name == "teamTypes")
                {
                    var types = new HashSet<TeamType>();
                    foreach (var (item, itemPath) in Items(field.Value, at))
                    {
                        if (Code<TeamType>(item, itemPath) is { } type)
                        {
                            types.Add(type);
                        }
                    }

                    filter = filter with { TeamTypes = types };
                    continue;
                }

                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (item, itemPath) in Items(field.Value, at))
                {
                    if (NonEmpty(item, itemPath) is { } name)
                    {
                        names.Add(name);
                    }
                }

                filter = field.Name == "teams" ? filter with { Teams = names } : filter with { Services = names };
            }

            return filter;
        }

        private Baseline? BaselineOf(JsonElement value, string path)
        {
            decimal? number = null;
            LocalDate? date = null;
            foreach (var field in Fields(value, path, "value", "date"))
            {
                if (field.Name == "value")
                {
                    number = Number(field.Value, $"{path}.value", atLeastZero: true);
                }
                else
                {
                    date = Date(field.Value, $"{path}.date");
                }
            }

            if (value.ValueKind == JsonValueKind.Object && (!value.TryGetProperty("value", out _) || !value.TryGetProperty("date", out _)))
            {
                Fail(path, "expected {\"value\": number, \"date\": \"yyyy-MM-dd\"}");
            }

            return number is { } v && date is { } d ? new Baseline(v, d) : null;
        }

        private IEnumerable<(JsonElement Item, string Path)> Items(JsonElement value, string path)
        {
            if (value.ValueKind != JsonValueKind.Array)
            {
                Fail(path, $"expected an array, got {Kind(value)}");
                yield break;
            }

            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                yield return (item, $"{path}[{index++}]");
            }
        }

        private LocalDate? Date(JsonElement value, string path)
        {
            var text = Text(value, path);
            if (text is null)
            {
                return null;
            }

            var parsed = LocalDatePattern.Iso.Parse(text);
            return parsed.Success ? parsed.Value : Fail<LocalDate?>(null, path, $"'{text}' is not a date; write yyyy-MM-dd, e.g. 2027-03-31");
        }

        private string? NonEmpty(JsonElement value, string path) => Text(value, path) switch
        {
            null => null,
            var text when string.IsNullOrWhiteSpace(text) => Fail<string?>(null, path, "expected text, got an empty string"),
            var text => text.Trim(),
        };
    }
}
