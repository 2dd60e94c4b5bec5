using System.CommandLine;
using System.Text.Json;
using Caseload.Reporting.Census;
using Caseload.Reporting.Content.Census;
using Caseload.Reporting.Jobs.Census;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting census check</c>: the workforce census return checked before it is sent (census spec).</summary>
internal static class CensusCommand
{
    public static Command Create(CliConsole console)
    {
        var xml = new Option<FileInfo>("--xml") { Description = "The CSWW return as COLLECT takes it (XML).", Required = true };
        var format = new Option<string>("--format") { Description = "table (a to-do list, team by team) or json (the census spec's contract).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var output = new Option<DirectoryInfo?>("--out") { Description = "A folder to write the check into as a workbook for the HR and data teams (differences by team, figures, problems)." };
        var check = new Command("check", "Check the workforce census return against COLLECT's rules and the snapshot of the census day, and show the figures DfE will publish from it beside the snapshot's and last year's; exit 1 when COLLECT would refuse it (differences are findings, not errors). Reads the return past its personal items; stores nothing.") { xml, format, output };
        check.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(xml)!;
            if (!file.Exists)
            {
                await console.Error.WriteLineAsync($"{file.FullName}: the file does not exist; give the census return's XML").ConfigureAwait(false);
                return 1;
            }

            var result = await console.Job<CensusCheckJob>().CheckAsync(file.FullName, cancellationToken).ConfigureAwait(false);
            var report = CensusReport.Of(result);
            if (parse.GetValue(format) == "json")
            {
                await console.Out.WriteLineAsync(CensusJson.Write(result).ToJsonString(new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
            }
            else
            {
                foreach (var line in report.TextLines())
                {
                    await console.Out.WriteLineAsync(line).ConfigureAwait(false);
                }
            }

            if (parse.GetValue(output) is { } folder)
            {
                var path = Path.Combine(Directory.CreateDirectory(folder.FullName).FullName, $"census-check-{result.ReferenceDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "undated"}.xlsx");
                await File.WriteAllBytesAsync(path, report.Xlsx(), cancellationToken).ConfigureAwait(false);
                await console.Error.WriteLineAsync($"written: {path}").ConfigureAwait(false);
            }

            foreach (var problem in result.Problems.Take(1))
            {
                await console.Error.WriteLineAsync($"COLLECT would refuse the return: {Counted.Of(Problem.Total(result.Problems), "problem")} (the first: {problem})").ConfigureAwait(false);
            }

            return result.Problems.Count == 0 ? 0 : 1;
        });
        return new Command("census", "The yearly workforce census (CSWW) return, checked before it is sent.") { check };
    }
}
