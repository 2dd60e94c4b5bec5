using System.Diagnostics;
using Caseload.Reporting.Tooling.Benchmarks;

namespace Caseload.Reporting.Tests;

/// <summary>
/// The crafted inputs of the hostile benchmark, each checked by <c>reporting validate</c> as a process whose heap is
/// capped below the 500 MB budget (<c>DOTNET_GCHeapHardLimit</c>): a reader that regresses to holding what it reads
/// fails here with "out of memory" instead of taking the machine.
/// </summary>
public sealed class HostileInputTests : IClassFixture<HostileInputTests.Inputs>
{
    /// <summary>The heap allowed: the budget less what the runtime itself takes outside the managed heap.</summary>
    private const string HeapLimit = "0x19000000"; // 400 MB

    private readonly Inputs inputs;

    public HostileInputTests(Inputs inputs) => this.inputs = inputs;

    [Fact]
    public void A_sheet_to_excels_last_row_with_a_cell_in_its_last_column_converts_in_bounded_memory()
    {
        var (exit, output) = Validate("--annex-a", inputs.SparseWorkbook, "--roster", inputs.Roster, "--as-of", "2026-11-16");

        Assert.Equal(0, exit);
        Assert.Contains("valid: 8 teams, 60 workers, 0 allocations as at 2026-11-16", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_million_rows_with_three_bad_cells_each_are_refused_with_the_first_thousand_and_a_count_for_the_rest()
    {
        var (exit, output) = Validate(inputs.BadRows);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(1, exit);
        Assert.InRange(lines.Length, 1_000, 1_010);
        Assert.EndsWith("allocations.csv:2: case_type: 'cases' is not one of assessment, cin, cp, cla, care_leaver, early_help, other", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.EndsWith("allocations.csv:336–1000001: case_type: and 999,666 more like this: 'cases' is not one of assessment, cin, cp, cla, care_leaver, early_help, other", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("allocations.csv:335–1000001: in_proceedings: and 999,667 more like this", StringComparison.Ordinal));
        Assert.Equal("rejected: 3,000,000 problems; nothing was used. Fix them and run again.", lines[^1]);
    }

    [Fact]
    public void Ssd_tables_opening_more_cases_than_a_snapshot_may_hold_are_refused_in_bounded_memory()
    {
        var (exit, output) = Validate(inputs.CrowdedSsd);

        Assert.Equal(1, exit);
        Assert.Contains("ssd_involvements.csv: the tables open more than 1,000,000 children's cases or allocations on 2026-11-16", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_published_file_of_endless_bad_rows_or_one_enormous_figure_is_refused_in_bounded_memory_and_nothing_is_stored()
    {
        // No storage is configured: a refused file is refused before anything would be stored.
        var (rows, rowsOutput) = Reporting("benchmarks", "set", inputs.EndlessIndicators);
        var (cell, cellOutput) = Reporting("benchmarks", "set", inputs.EnormousFigure);

        Assert.Equal(1, rows);
        Assert.Contains("endless.csv:100002: the file has more than 100,000 rows; a release has a row per year and area: is it the right file?", rowsOutput, StringComparison.Ordinal);
        Assert.Contains("rejected: ", rowsOutput, StringComparison.Ordinal);
        Assert.Equal(1, cell);
        Assert.Contains("enormous.csv: a record is longer than 65,536 characters, far longer than any line of a real extract: is it the right file?", cellOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Reporting:Storage", rowsOutput + cellOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void A_census_return_with_a_personal_item_of_60_million_characters_and_an_endless_number_is_read_in_bounded_memory()
    {
        // No storage is configured: the return is still checked against COLLECT's rules.
        var (exit, output) = Reporting("census", "check", "--xml", inputs.HugeCensus);

        Assert.Equal(1, exit);
        Assert.Contains("huge-census.xml:2: Cases30: is longer than the 64 characters any value of the return has", output, StringComparison.Ordinal);
        Assert.Contains("The return: 1 worker in post", output, StringComparison.Ordinal);
        Assert.DoesNotContain("xxxxxxxx", output, StringComparison.Ordinal);
    }

    private static (int Exit, string Output) Validate(params string[] arguments) => Reporting(["validate", .. arguments]);

    private static (int Exit, string Output) Reporting(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "reporting.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_GCHeapHardLimit"] = HeapLimit;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var all = output + error.Result;
        Assert.DoesNotContain("Out of memory", all, StringComparison.OrdinalIgnoreCase);
        return (process.ExitCode, all);
    }

    /// <summary>The crafted files, written once for the class.</summary>
    public sealed class Inputs : IDisposable
    {
        private readonly TempFolder folder = new();

        public Inputs()
        {
            Roster = HostileInputs.WriteRoster(folder.Path);
            SparseWorkbook = HostileInputs.WriteSparseWorkbook(Path.Combine(folder.Path, "sparse.xlsx"));
            BadRows = HostileInputs.WriteBadAllocations(folder.Path, 1_000_000);
            CrowdedSsd = HostileInputs.WriteCrowdedSsd(folder.Path, 1_200_000);
            const string header = "time_period,geographic_level,region_code,region_name,old_la_code,new_la_code,la_name,inpost_fte,cases,caseload_fte,turnover_rate_fte,agency_rate_fte,vacancy_rate_fte,absence_rate_fte";
            EndlessIndicators = Path.Combine(folder.Path, "endless.csv");
            File.WriteAllLines(EndlessIndicators, [header, .. Enumerable.Repeat("2025,National,,,,,,n/a,n/a,n/a,n/a,n/a,n/a,n/a", 300_000)]);
            HugeCensus = HostileInputs.WriteHugeCensus(Path.Combine(folder.Path, "huge-census.xml"));
            EnormousFigure = Path.Combine(folder.Path, "enormous.csv");
            File.WriteAllText(EnormousFigure, $"{header}\n2025,National,,,,,,36000,320000,{new string('9', 45_000_000)},12,13,14,3.5\n");
        }

        public string EndlessIndicators { get; }

        public string EnormousFigure { get; }

        public string HugeCensus { get; }

        public string CrowdedSsd { get; }

        public string Roster { get; }

        public string SparseWorkbook { get; }

        public string BadRows { get; }

        public void Dispose() => folder.Dispose();
    }
}
