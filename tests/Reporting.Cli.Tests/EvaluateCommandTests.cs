using System.Diagnostics;
using System.Text.Json;

namespace Caseload.Reporting.Tests;

public class EvaluateCommandTests
{
    [Fact]
    public void Json_on_the_worked_example_agrees_with_its_expected_output_in_every_listed_field()
    {
        var (exit, output, error) = Cli.Run("evaluate", Cli.Example("current"), "--previous", Cli.Example("previous"), "--policy", Cli.Example("policy.json"), "--format", "json");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        using var actual = JsonDocument.Parse(output);
        using var expected = JsonDocument.Parse(File.ReadAllText(Cli.Example("expected.json")));
        Assert.Equal("2026-11-16", actual.RootElement.GetProperty("asOf").GetString());
        Assert.Equal("2026-W47", actual.RootElement.GetProperty("week").GetString());
        Assert.Equal("h-family", actual.RootElement.GetProperty("policyVersion").GetString());

        var mismatches = new List<string>();
        Compare(expected.RootElement.GetProperty("workers"), actual.RootElement.GetProperty("workers"), "workerId", mismatches);
        Compare(expected.RootElement.GetProperty("teams"), actual.RootElement.GetProperty("teams"), "teamId", mismatches);
        CompareFields(expected.RootElement.GetProperty("totals"), actual.RootElement.GetProperty("totals"), "totals", mismatches);
        Assert.Empty(mismatches);
        Assert.Equal(3, actual.RootElement.GetProperty("dataQuality").EnumerateArray().Count(w => w.GetProperty("code").GetString() == "unknown_worker"));
    }

    [Theory]
    [InlineData("child", null)]
    [InlineData("family", "policy.json")]
    public void Capacity_on_the_worked_example_agrees_with_its_expected_figures(string under, string? policy)
    {
        var capacity = Path.Combine(AppContext.BaseDirectory, "Fixtures", "capacity");
        string[] arguments = ["evaluate", Path.Combine(capacity, "current"), "--format", "json", .. policy is null ? Array.Empty<string>() : ["--policy", Cli.Example(policy)]];

        var (exit, output, error) = Cli.Run(arguments);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        using var actual = JsonDocument.Parse(output);
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(capacity, "expected.json")));
        var expectedUnder = expected.RootElement.GetProperty(under);
        var mismatches = new List<string>();
        Compare(expectedUnder.GetProperty("workers"), actual.RootElement.GetProperty("workers"), "workerId", mismatches);
        Compare(expectedUnder.GetProperty("teams"), actual.RootElement.GetProperty("teams"), "teamId", mismatches);
        CompareFields(expectedUnder.GetProperty("totals"), actual.RootElement.GetProperty("totals"), "totals", mismatches);
        Assert.Empty(mismatches);

        // Moves: any that keep the spec's properties.
        var workers = actual.RootElement.GetProperty("workers").EnumerateArray().ToDictionary(w => w.GetProperty("workerId").GetString()!);
        foreach (var team in actual.RootElement.GetProperty("teams").EnumerateArray())
        {
            var moves = team.GetProperty("moves").EnumerateArray().Select(m => (From: m.GetProperty("from").GetString()!, To: m.GetProperty("to").GetString()!, Cases: m.GetProperty("cases").GetInt32())).ToList();
            var givers = moves.Select(m => m.From).Distinct().ToList();
            var receivers = moves.Select(m => m.To).Distinct().ToList();
            Assert.All(moves, m => Assert.True(m.Cases >= 1));
            Assert.All(givers, g => Assert.True(moves.Where(m => m.From == g).Sum(m => m.Cases) <= workers[g].GetProperty("overBy").GetDecimal() && !workers[g].GetProperty("absent").GetBoolean()));
            Assert.All(receivers, r => Assert.True(moves.Where(m => m.To == r).Sum(m => m.Cases) <= workers[r].GetProperty("headroom").GetDecimal()));
            Assert.Equal(Math.Min(team.GetProperty("excess").GetDecimal(), team.GetProperty("headroom").GetDecimal()), moves.Sum(m => m.Cases));
            Assert.True(moves.Count <= Math.Max(0, givers.Count + receivers.Count - 1));
        }
    }

    [Fact]
    public void Table_is_a_per_team_summary_with_who_is_over()
    {
        var (exit, output, _) = Cli.Run("evaluate", Cli.Example("current"), "--previous", Cli.Example("previous"), "--policy", Cli.Example("policy.json"));

        Assert.Equal(0, exit);
        Assert.Contains("Caseloads as at 2026-11-16 (week 2026-W47), policy h-family", output, StringComparison.Ordinal);
        Assert.Matches(@"Team 6 \(T06\)\s+adolescent\s+9\s+18\.7\s+26\.0\s+7\s+0", output);
        Assert.Matches(@"All teams\s+51\s+12\.9\s+\S+\s+23\s+4", output);
        Assert.Contains("Over their limit: 23", output, StringComparison.Ordinal);
        Assert.Contains("Worker 57 (SW0057) 0.7 FTE: 39 against 10, over by 29, red, new this week", output, StringComparison.Ordinal);
        Assert.Contains("Back within their limit: 17", output, StringComparison.Ordinal);
        Assert.Contains("Data quality: 5 warnings", output, StringComparison.Ordinal);
    }

    [Fact]
    public void As_of_on_the_command_line_overrides_the_manifest()
    {
        var (exit, output, _) = Cli.Run("evaluate", Cli.Example("current"), "--as-of", "2026-11-23", "--format", "json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("2026-W48", json.RootElement.GetProperty("week").GetString());
        Assert.Equal("2026-11-a", json.RootElement.GetProperty("policyVersion").GetString());
    }

    [Fact]
    public void An_invalid_snapshot_exits_1_with_every_problem_on_stderr_and_nothing_on_stdout()
    {
        using var folder = new TempFolder();
        foreach (var file in Directory.GetFiles(Cli.Example("current")))
        {
            File.Copy(file, Path.Combine(folder.Path, Path.GetFileName(file)));
        }

        var workers = Path.Combine(folder.Path, "workers.csv");
        File.WriteAllText(workers, File.ReadAllText(workers).Replace("SW0003,Worker 3,sw0003@council.example,T00,social_worker,0.8", "SW0003,Worker 3,sw0003@council.example,T99,social_wizard,0.8", StringComparison.Ordinal));

        var (exit, output, error) = Cli.Run("evaluate", folder.Path, "--format", "json");

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains($"{Path.Combine(folder.Path, "workers.csv")}:5: role: 'social_wizard' is not one of", error, StringComparison.Ordinal);
        Assert.Contains($"{Path.Combine(folder.Path, "workers.csv")}:5: team_id: names a team that is not in teams.csv", error, StringComparison.Ordinal);
        Assert.DoesNotContain("C000", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_policy_exits_1_naming_the_field()
    {
        using var folder = new TempFolder();
        var policy = Path.Combine(folder.Path, "policy.json");
        File.WriteAllText(policy, """{"limits": {"default": 18, "adolescent": 15}}""");

        var (exit, output, error) = Cli.Run("evaluate", Cli.Example("current"), "--policy", policy);

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains($"{policy}: limits.adolescent: unknown field; the fields here are default, teamTypes", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_folder_and_a_bad_date_are_both_reported()
    {
        var (exit, _, error) = Cli.Run("evaluate", "no-such-folder", "--as-of", "16/11/2026");

        Assert.Equal(1, exit);
        Assert.Contains("--as-of: '16/11/2026' is not a date; write yyyy-MM-dd", error, StringComparison.Ordinal);
        Assert.Contains("no-such-folder: the snapshot folder does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_built_program_runs_as_a_process()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "reporting.dll"), "evaluate", Cli.Example("current"), "--format", "json" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(0, process.ExitCode);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(63, json.RootElement.GetProperty("workers").GetArrayLength());
    }

    private static void Compare(JsonElement expected, JsonElement actual, string key, List<string> mismatches)
    {
        var byKey = actual.EnumerateArray().ToDictionary(e => e.GetProperty(key).GetString()!);
        Assert.Equal(expected.GetArrayLength(), byKey.Count);
        foreach (var item in expected.EnumerateArray())
        {
            var id = item.GetProperty(key).GetString()!;
            CompareFields(item, byKey[id], id, mismatches);
        }
    }

    private static void CompareFields(JsonElement expected, JsonElement actual, string where, List<string> mismatches)
    {
        foreach (var field in expected.EnumerateObject())
        {
            var value = actual.GetProperty(field.Name);
            var same = field.Value.ValueKind == JsonValueKind.Number && value.ValueKind == JsonValueKind.Number
                ? Math.Abs(field.Value.GetDecimal() - value.GetDecimal()) <= 0.05m
                : field.Value.ToString() == value.ToString() && field.Value.ValueKind == value.ValueKind;
            if (!same)
            {
                mismatches.Add($"{where}.{field.Name}: expected {field.Value}, got {value}");
            }
        }
    }
}
