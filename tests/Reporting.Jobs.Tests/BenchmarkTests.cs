using System.Globalization;
using System.Text;
using System.Text.Json;
using Caseload.Reporting.Cli;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace Caseload.Reporting.Tests;

/// <summary>
/// <c>reporting benchmarks</c> on a real Azurite: the comparison of the spec for councils of every kind, checked
/// against a hand calculation from the two shipped CSV files (written here afresh, sharing nothing with the
/// product); a new release stored, a bad one refused with what was in use staying in use; the council's setting.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class BenchmarkTests(AzuriteFixture azurite)
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 2, 7, 0, 0, TimeSpan.Zero));
    private static readonly string[] Measures = ["caseload_fte", "turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte", "absence_rate_fte"];

    private static string Published(string file) => Path.Combine(AppContext.BaseDirectory, "published", file);

    private IConfiguration Settings(string prefix, string? code) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Reporting:Storage"] = azurite.ConnectionString,
        ["Reporting:TablePrefix"] = prefix,
        ["Reporting:Council:Code"] = code,
    }).Build();

    private static (int Exit, string Out, string Error) Run(IConfiguration settings, params string[] args)
    {
        using var stdout = new MemoryStream();
        var stderr = new StringWriter();
        var exit = ReportingCli.Run(args, stdout, stderr, settings, Clock);
        return (exit, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    [Theory]
    [InlineData("887")]   // Medway
    [InlineData("202")]   // Camden: two of its neighbours (Kensington and Chelsea, Westminster) returned nothing in 2025
    [InlineData("318")]   // Richmond upon Thames: a joint return, one of whose neighbours is its own joint return
    [InlineData("941")]   // West Northamptonshire: a joint return
    [InlineData("866")]   // Swindon: two of its neighbours return jointly, one figure
    [InlineData("213")]   // Westminster: no figures of its own in 2025
    public void The_comparison_is_what_a_hand_calculation_from_the_two_files_gives(string code)
    {
        var (exit, output, error) = Run(Settings(AzuriteFixture.NewPrefix(), code), "benchmarks", "show", "--format", "json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var expected = Hand.Of(code);
        var root = json.RootElement;
        Assert.Equal(code, root.GetProperty("council").GetProperty("code").GetString());
        Assert.Equal(expected.Name, root.GetProperty("council").GetProperty("name").GetString());
        Assert.Equal(expected.Region, root.GetProperty("council").GetProperty("region").GetString());
        Assert.Equal(expected.Joint, root.GetProperty("council").GetProperty("joint").GetBoolean());
        Assert.Equal(2025, root.GetProperty("year").GetInt32());
        Assert.StartsWith("DfE, Children's social work workforce, reporting year 2025", root.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("asOf").ValueKind);   // nothing stored: no figure of ours now
        Assert.Equal(Measures, root.GetProperty("measures").EnumerateArray().Select(m => m.GetProperty("measure").GetString()));
        foreach (var measure in root.GetProperty("measures").EnumerateArray())
        {
            var name = measure.GetProperty("measure").GetString()!;
            var hand = expected.Measures[name];
            Assert.Equal(hand.Published, Number(measure, "published"));
            Assert.Equal(hand.Previous, Number(measure, "publishedPrevious"));
            Assert.Equal(hand.Region, Number(measure, "region"));
            Assert.Equal(hand.England, Number(measure, "england"));
            var neighbours = measure.GetProperty("neighbours");
            Assert.Equal((hand.Median, hand.Lowest, hand.Highest, hand.Count, hand.NeighbourRank, hand.NeighbourOf),
                (Number(neighbours, "median"), Number(neighbours, "lowest"), Number(neighbours, "highest"), neighbours.GetProperty("count").GetInt32(), Integer(neighbours, "rank"), Integer(neighbours, "of")));
            var all = measure.GetProperty("allCouncils");
            Assert.Equal(hand.All, all.ValueKind == JsonValueKind.Null ? null : (all.GetProperty("rank").GetInt32(), all.GetProperty("of").GetInt32(), all.GetProperty("band").GetString()!));
            Assert.Equal(JsonValueKind.Null, measure.GetProperty("now").ValueKind);
            Assert.Equal(JsonValueKind.Null, measure.GetProperty("nowAgainstAll").ValueKind);
        }
    }

    [Fact]
    public void A_release_with_every_symbol_is_stored_a_bad_one_is_refused_and_what_was_in_use_stays_in_use()
    {
        var settings = Settings(AzuriteFixture.NewPrefix(), "887");
        using var folder = new TempFolder();
        var release = Path.Combine(folder.Path, "csww_indicators_2026.csv");
        File.WriteAllText(release, """
            time_period,geographic_level,region_code,region_name,old_la_code,new_la_code,la_name,inpost_fte,cases,caseload_fte,turnover_rate_fte,agency_rate_fte,vacancy_rate_fte,absence_rate_fte
            2026,National,,,,,,36000,320000,15.0,c,x,z,u
            2026,Regional,E12000008,South East,,,,5000,60000,15.5,low,:,-,3.1
            2026,Local authority,E12000008,South East,887,E06000035,Medway,230,1900,16.1,17.5,20.7,26.5,3.8
            2026,Local authority,E12000004,East Midlands,940 / 941,E06000061 / E06000062,North Northamptonshire / West Northamptonshire,421.5,4514,14.8,10.4,19.5,25.9,3.3
            """);
        var broken = Path.Combine(folder.Path, "broken.csv");
        File.WriteAllText(broken, File.ReadAllText(release).Replace("16.1,17.5", "16.1,17,5", StringComparison.Ordinal));
        var withoutUs = Path.Combine(folder.Path, "without-us.csv");
        File.WriteAllText(withoutUs, string.Join('\n', File.ReadAllLines(release).Where(l => !l.Contains("Medway", StringComparison.Ordinal))));

        var shippedFirst = Run(settings, "benchmarks", "show");
        var set = Run(settings, "benchmarks", "set", release);
        var refused = Run(settings, "benchmarks", "set", broken);
        var notOurs = Run(settings, "benchmarks", "set", withoutUs);
        var shown = Run(settings, "benchmarks", "show", "--format", "json");

        Assert.True(shippedFirst.Exit == 0, shippedFirst.Error);
        Assert.Contains("the product's own copy, csww_indicators_2017_to_2025.csv", shippedFirst.Error, StringComparison.Ordinal);
        Assert.True(set.Exit == 0, set.Error);
        Assert.StartsWith("workforce indicators in use: csww_indicators_2026.csv (SHA-256 ", set.Out, StringComparison.Ordinal);
        Assert.Contains("2026 to 2026; 3 councils in 2026 (1 joint return)", set.Out, StringComparison.Ordinal);
        Assert.Equal(1, refused.Exit);
        Assert.Contains($"{broken}:4: the record has 15 cells but the header names 14; a value holding a comma must be in double quotes", refused.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was used", refused.Error, StringComparison.Ordinal);
        Assert.Equal(1, notOurs.Exit);
        Assert.Contains("has no council 887, which Reporting:Council:Code names; nothing was stored", notOurs.Error, StringComparison.Ordinal);

        // The release set first is the one in use: its symbols are no figure, its year is compared with.
        Assert.True(shown.Exit == 0, shown.Error);
        Assert.Contains("csww_indicators_2026.csv", shown.Error, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(shown.Out);
        Assert.Equal(2026, json.RootElement.GetProperty("year").GetInt32());
        var turnover = json.RootElement.GetProperty("measures")[1];
        Assert.Equal(JsonValueKind.Null, turnover.GetProperty("england").ValueKind);
        Assert.Equal(JsonValueKind.Null, turnover.GetProperty("region").ValueKind);
        Assert.Equal(17.5m, turnover.GetProperty("published").GetDecimal());
        Assert.Equal(16.1m, json.RootElement.GetProperty("measures")[0].GetProperty("published").GetDecimal());
    }

    [Fact]
    public void The_council_setting_is_named_when_it_is_missing_malformed_or_not_in_the_figures()
    {
        var prefix = AzuriteFixture.NewPrefix();

        var unset = Run(Settings(prefix, null), "benchmarks", "show");
        var malformed = Run(Settings(prefix, "88"), "benchmarks", "show");
        var unknown = Run(Settings(prefix, "999"), "benchmarks", "show");
        var neighbours = Run(Settings(prefix, null), "benchmarks", "neighbours", "set", Published("statistical_neighbours_2025.csv"));

        Assert.Equal(1, unset.Exit);
        Assert.Contains("Reporting:Council:Code is not set: set it to the council's three-digit old LA code", unset.Error, StringComparison.Ordinal);
        Assert.Equal(1, malformed.Exit);
        Assert.Equal("Reporting:Council:Code is '88': give the council's three-digit old LA code as DfE publishes it, e.g. 887 for Medway.", malformed.Error.Trim());
        Assert.Equal(1, unknown.Exit);
        Assert.StartsWith("Reporting:Council:Code is 999, which is not a council in DfE, Children's social work workforce, reporting year 2025", unknown.Error.Trim(), StringComparison.Ordinal);
        Assert.Equal(0, neighbours.Exit);
        Assert.StartsWith("statistical neighbours in use: statistical_neighbours_2025.csv (SHA-256 ", neighbours.Out, StringComparison.Ordinal);
        Assert.Contains("158 councils, 1,580 neighbours in all", neighbours.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", unset.Error + malformed.Error + unknown.Error, StringComparison.Ordinal);
    }

    private static decimal? Number(JsonElement element, string name) => element.GetProperty(name) is { ValueKind: JsonValueKind.Number } n ? n.GetDecimal() : null;

    private static int? Integer(JsonElement element, string name) => element.GetProperty(name) is { ValueKind: JsonValueKind.Number } n ? n.GetInt32() : null;

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("benchmarks-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    /// <summary>The comparison worked out by hand from the two CSV files, as a data analyst would in a spreadsheet.</summary>
    private static class Hand
    {
        public sealed record Measure(decimal? Published, decimal? Previous, decimal? Median, decimal? Lowest, decimal? Highest, int Count, int? NeighbourRank, int? NeighbourOf, decimal? Region, decimal? England, (int, int, string)? All);

        public sealed record Council(string Name, string Region, bool Joint, Dictionary<string, Measure> Measures);

        public static Council Of(string code)
        {
            var rows = Csv(File.ReadAllLines(Published("csww_indicators_2017_to_2025.csv")));
            var neighbours = Csv(File.ReadAllLines(Published("statistical_neighbours_2025.csv")));
            bool Holds(Dictionary<string, string> row, string c) => row["old_la_code"].Split(" / ").Contains(c);
            List<Dictionary<string, string>> Councils(string year) => [.. rows.Where(r => r["time_period"] == year && r["geographic_level"] == "Local authority")];
            var ours = Councils("2025").Single(r => Holds(r, code));
            var before = Councils("2024").SingleOrDefault(r => Holds(r, code));
            var region = rows.Single(r => r["time_period"] == "2025" && r["geographic_level"] == "Regional" && r["region_code"] == ours["region_code"]);
            var england = rows.Single(r => r["time_period"] == "2025" && r["geographic_level"] == "National");
            var near = neighbours.Where(n => n["old_la_code"] == code).Select(n => Councils("2025").SingleOrDefault(r => Holds(r, n["neighbour_old_la_code"])))
                .OfType<Dictionary<string, string>>().Where(r => r != ours).Distinct().ToList();
            var names = ours["la_name"].Split(" / ");
            var codes = ours["old_la_code"].Split(" / ");
            return new Council(names[Array.IndexOf(codes, code)], ours["region_name"], codes.Length > 1, Measures.ToDictionary(m => m, m =>
            {
                var mine = Figure(ours[m]);
                var theirs = near.Select(r => Figure(r[m])).OfType<decimal>().Order().ToList();
                var everyone = Councils("2025").Select(r => Figure(r[m])).OfType<decimal>().ToList();
                decimal? median = theirs.Count == 0 ? null
                    : Math.Round(theirs.Count % 2 == 1 ? theirs[theirs.Count / 2] : (theirs[(theirs.Count / 2) - 1] + theirs[theirs.Count / 2]) / 2, 1, MidpointRounding.AwayFromZero);
                (int, int, string)? all = null;
                if (mine is { } v)
                {
                    var rank = everyone.Count(x => x < v) + 1;
                    var n = everyone.Count;
                    all = (rank, n, rank <= Math.Ceiling(n / 4.0) ? "A" : rank <= Math.Ceiling(n / 2.0) ? "B" : rank <= Math.Ceiling(3 * n / 4.0) ? "C" : "D");
                }

                return new Measure(
                    mine, before is null ? null : Figure(before[m]), median, theirs.Count == 0 ? null : theirs[0], theirs.Count == 0 ? null : theirs[^1], theirs.Count,
                    mine is { } w ? theirs.Count(x => x < w) + 1 : null, mine is null ? null : theirs.Count + 1, Figure(region[m]), Figure(england[m]), all);
            }));
        }

        private static decimal? Figure(string cell) => decimal.TryParse(cell, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : null;

        /// <summary>CSV with quoted cells (a council's name may hold a comma).</summary>
        private static List<Dictionary<string, string>> Csv(string[] lines)
        {
            static List<string> Cells(string line)
            {
                var cells = new List<string>();
                var cell = new StringBuilder();
                var quoted = false;
                foreach (var c in line)
                {
                    if (c == '"')
                    {
                        quoted = !quoted;
                    }
                    else if (c == ',' && !quoted)
                    {
                        cells.Add(cell.ToString());
                        cell.Clear();
                    }
                    else
                    {
                        cell.Append(c);
                    }
                }

                cells.Add(cell.ToString());
                return cells;
            }

            var header = Cells(lines[0]);
            return [.. lines.Skip(1).Where(l => l.Length > 0).Select(l => header.Zip(Cells(l)).ToDictionary(p => p.First, p => p.Second))];
        }
    }
}
