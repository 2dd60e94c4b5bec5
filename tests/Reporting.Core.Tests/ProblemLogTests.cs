namespace Caseload.Reporting.Tests;

public class ProblemLogTests
{
    private static Problem Bad(int line, string column = "case_type", Severity severity = Severity.Error) =>
        new(severity, "value_invalid", "allocations.csv", line, column, $"line {line} is bad");

    [Fact]
    public void The_first_thousand_errors_are_kept_and_the_rest_counted_by_kind_with_their_lines()
    {
        var log = new ProblemLog();
        for (var line = 2; line < 5_002; line++)
        {
            log.Add(Bad(line));
        }

        log.Add(Bad(9_000, "allocated_on"));
        var problems = log.ToList();

        Assert.True(log.HasErrors);
        Assert.Equal(5_001, log.Occurrences);
        Assert.Equal(1_002, problems.Count);
        Assert.Equal("allocations.csv:2: case_type: line 2 is bad", problems[0].ToString());
        Assert.Equal("allocations.csv:1002–5001: case_type: and 4,000 more like this: line 1002 is bad", problems[1_000].ToString());
        Assert.Equal(4_000, problems[1_000].Occurrences);
        Assert.Equal("allocations.csv:9000: allocated_on: line 9000 is bad", problems[1_001].ToString());   // one of its kind is itself
        Assert.Equal(5_001, Problem.Total(problems));
    }

    [Fact]
    public void Warnings_never_crowd_out_errors()
    {
        var log = new ProblemLog();
        for (var line = 2; line < 2_002; line++)
        {
            log.Add(Bad(line, severity: Severity.Warning));
        }

        log.Add(Bad(3_000));

        Assert.Equal("allocations.csv:3000: case_type: line 3000 is bad", Assert.Single(log.ToList(), p => p.Severity == Severity.Error).ToString());
    }
}
