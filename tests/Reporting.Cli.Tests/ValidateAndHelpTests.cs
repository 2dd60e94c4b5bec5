namespace Caseload.Reporting.Tests;

public class ValidateAndHelpTests
{
    [Fact]
    public void Validate_exits_0_on_a_valid_snapshot_and_prints_its_warnings()
    {
        var (exit, output, _) = Cli.Run("validate", Cli.Example("current"));

        Assert.Equal(0, exit);
        Assert.Contains("valid: 7 teams, 63 workers, 1048 allocations as at 2026-11-16, 5 warnings", output, StringComparison.Ordinal);
        Assert.Contains($"warning: {Path.Combine(Cli.Example("current"), "teams.csv")}:5: manager_id: the team has no manager", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_exits_1_on_an_invalid_snapshot()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "teams.csv"), "team_id,name\nT1,One\n");

        var (exit, output, error) = Cli.Run("validate", folder.Path);

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains("teams.csv:1: team_type: required column is missing", error, StringComparison.Ordinal);
        Assert.Contains("workers.csv: the file is missing", error, StringComparison.Ordinal);
        Assert.Contains("snapshot.json: asOf: the date the data describes is unknown", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "generate", "--out", "x", "--weeks", "two" }, "--weeks: 'two' is not a whole number\nsee `reporting generate --help`")]
    [InlineData(new[] { "show-month", "--month", "2026-10", "--format", "xml" }, "--format: 'xml' is not one of table, json\nsee `reporting show-month --help`")]
    [InlineData(new[] { "frobnicate" }, "'frobnicate' is not a verb or an option here\nsee `reporting --help` for the verbs")]
    [InlineData(new string[0], "give a verb, e.g. `reporting demo`\nsee `reporting --help` for the verbs")]
    [InlineData(new[] { "notifications", "--week", "2026-W47", "--month", "2026-10" }, "give --week or --month, not both: a week's emails and a month's digests are listed apart")]
    public void A_command_line_that_does_not_parse_is_refused_in_the_options_terms(string[] args, string expected)
    {
        var (exit, output, error) = Cli.Run(args);

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal(expected, error.Trim().ReplaceLineEndings("\n"));
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evaluate", "--previous")]
    [InlineData("validate", "snapshot-dir")]
    [InlineData("generate", "--seed")]
    [InlineData("demo", "--out")]
    [InlineData("bench", "--workers")]
    public void Every_verb_has_help(string verb, string mentions)
    {
        var (exit, output, _) = Cli.Run(verb, "--help");

        Assert.Equal(0, exit);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Contains(mentions, output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_format_is_a_usage_error()
    {
        var (exit, _, error) = Cli.Run("evaluate", Cli.Example("current"), "--format", "xml");

        Assert.Equal(1, exit);
        Assert.Contains("xml", error, StringComparison.Ordinal);
    }
}
