namespace Caseload.Reporting.Tooling.Benchmarks;

/// <summary>
/// <c>reporting validate</c> (and <c>census check</c>) on the crafted inputs of <see cref="HostileInputs"/>, each a process of its own as a
/// council's file would be checked: how long, how much memory at peak, and how it ended (the first and last lines
/// it wrote). The budget is 500 MB peak for every one.
/// </summary>
public static class HostileBench
{
    /// <summary>Peak resident memory any input the limits allow may take, in MB.</summary>
    public const double BudgetMegabytes = 500;

    /// <summary>Writes the inputs into <paramref name="directory"/> (once) and validates each; 0 when all stay within the budget.</summary>
    public static async Task<int> RunAsync(string directory, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        Directory.CreateDirectory(directory);
        var roster = HostileInputs.WriteRoster(directory);
        var sparse = Path.Combine(directory, "sparse.xlsx");
        var listed = Path.Combine(directory, "sparse-with-children.xlsx");
        var bad = Path.Combine(directory, "bad-rows");
        if (!File.Exists(sparse))
        {
            await output.WriteLineAsync($"writing the crafted inputs into {directory} ...").ConfigureAwait(false);
            HostileInputs.WriteSparseWorkbook(sparse);
            HostileInputs.WriteSparseWorkbook(listed, rows: 300_000, holder: HostileInputs.FirstHolder(roster));
            HostileInputs.WriteBadAllocations(directory, 1_000_000);
        }

        var census = Path.Combine(directory, "huge-census.xml");
        if (!File.Exists(census))
        {
            HostileInputs.WriteHugeCensus(census);
        }

        var crowded = Path.Combine(directory, "crowded-ssd");
        if (!Directory.Exists(crowded))
        {
            HostileInputs.WriteCrowdedSsd(directory, 1_200_000);
        }

        var asOf = HostileInputs.AsOf.ToString("yyyy-MM-dd", null);
        var within = true;
        foreach (var (name, arguments) in new (string, string[])[]
        {
            ($"Annex A, List 6 to Excel's last row, one cell in its last column ({new FileInfo(sparse).Length / 1e6:0.0} MB)", ["validate", "--annex-a", sparse, "--roster", roster, "--as-of", asOf]),
            ($"Annex A, List 6 of 300,000 rows each naming a child, with the far cell ({new FileInfo(listed).Length / 1e6:0.0} MB)", ["validate", "--annex-a", listed, "--roster", roster, "--as-of", asOf]),
            ($"allocations.csv, 1,000,000 rows with 3 bad cells each ({new FileInfo(Path.Combine(bad, "allocations.csv")).Length / 1e6:0.0} MB)", ["validate", bad]),
            ("SSD tables opening 1,200,000 children's cases, each a case worker's", ["validate", crowded]),
            ($"a census return whose one personal item is 60 million characters and Cases30 3 million digits ({new FileInfo(census).Length / 1e6:0.0} MB)", ["census", "check", "--xml", census]),
        })
        {
            cancellationToken.ThrowIfCancellationRequested();
            var run = await Verb.RunAsync(arguments, keepOutput: true).ConfigureAwait(false);
            var lines = (run.Output + run.Error).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            within &= run.PeakMegabytes < BudgetMegabytes;
            await output.WriteLineAsync($"{name}: {run.Seconds:0.0} s, peak resident {run.PeakMegabytes:0} MB, exit {run.ExitCode}, {lines.Length:N0} lines").ConfigureAwait(false);
            foreach (var line in lines.Take(1).Concat(lines.Length > 2 ? ["..."] : []).Concat(lines.Skip(1).TakeLast(2)))
            {
                await output.WriteLineAsync($"    {(line.Length > 160 ? line[..160] + " ..." : line)}").ConfigureAwait(false);
            }
        }

        await output.WriteLineAsync(within ? $"every input within {BudgetMegabytes:0} MB" : $"OVER BUDGET: an input took {BudgetMegabytes:0} MB or more").ConfigureAwait(false);
        return within ? 0 : 1;
    }
}
