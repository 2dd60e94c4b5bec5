using System.CommandLine;
using Caseload.Reporting.Benchmarks;
using Caseload.Reporting.Content.Monthly;
using Caseload.Reporting.Content.Region;
using Caseload.Reporting.Jobs.Region;
using Caseload.Reporting.Region;

namespace Caseload.Reporting.Cli.Commands;

/// <summary>
/// <c>reporting region</c> (docs/region.md): the council's return written to the region's drop by hand, the file a
/// council without the product fills, and the comparison in the region with its tartan rug.
/// </summary>
internal static class RegionCommand
{
    public static Command Create(CliConsole console)
    {
        var publishMonth = Periods.Month("The month, yyyy-MM: the council's figures at its last snapshot.", required: true);
        var publish = new Command("publish", $"Write the council's return for a month to the region's drop ({RegionJob.Setting}) under its own code, replacing one written before: aggregate figures only, in DfE's layout.") { publishMonth };
        publish.SetAction(async (parse, cancellationToken) =>
        {
            if (Periods.ReadMonth(parse.GetValue(publishMonth), console) is not { } month)
            {
                return 1;
            }

            var written = await console.Job<RegionJob>().PublishAsync(month, cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"written to the region's drop: {written.Path} ({written.Return.Name}, {written.Return.RegionName}): {Figures(written.Return)}").ConfigureAwait(false);
            return 0;
        });

        var code = new Option<string>("--code") { Description = "The council's three-digit old LA code as DfE publishes it, e.g. 887.", Required = true };
        var templateMonth = Periods.Month("The month the return is for, yyyy-MM.", required: true);
        var output = new Option<FileInfo>("--out") { Description = "Where to write the file.", Required = true };
        var template = new Command("template", "Write the return a council without the product fills by hand: its identity from DfE's latest release, every figure x (no figure) to replace with its own, on DfE's definitions (docs/region.md).") { code, templateMonth, output };
        template.SetAction(async (parse, cancellationToken) =>
        {
            if (Periods.ReadMonth(parse.GetValue(templateMonth), console) is not { } month)
            {
                return 1;
            }

            var given = parse.GetValue(code)!.Trim();
            if (!BenchmarkCouncil.IsCode(given))
            {
                await console.Error.WriteLineAsync($"--code: '{given}' is not a three-digit old LA code; give one as DfE publishes it, e.g. 887 for Medway").ConfigureAwait(false);
                return 1;
            }

            var blank = await console.Job<RegionJob>().TemplateAsync(given, month, cancellationToken).ConfigureAwait(false);
            var file = parse.GetValue(output)!;
            await File.WriteAllBytesAsync(file.FullName, blank.ToCsv(), cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"{file.FullName}: the return of {blank.Name} ({given}), {blank.RegionName}, for {month:yyyy-MM}; replace each x with the council's figure (or leave x where it has none) and upload it to the drop as {RegionalReturn.PathOf(given, month)}").ConfigureAwait(false);
            return 0;
        });

        var showMonth = Periods.Month("The month, yyyy-MM.", required: true);
        var region = new Option<string?>("--region") { Description = "The region's code, e.g. E12000008; by default the council's own." };
        var format = new Option<string>("--format") { Description = "table (for people) or json (the region spec's contract).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var folder = new Option<DirectoryInfo?>("--out") { Description = "Also write the tartan rug there: region-{yyyy-MM}.pdf (one landscape page) and region-{yyyy-MM}.xlsx." };
        var show = new Command("show", "Every council of the region with its figures for the month (or its latest of the two months before), each measure's rank and fifth in the region, the region's median, its own figure from the returns' counts, and England's; who has not returned, and any return refused with where and why.") { showMonth, region, format, folder };
        show.SetAction(async (parse, cancellationToken) =>
        {
            if (Periods.ReadMonth(parse.GetValue(showMonth), console) is not { } month)
            {
                return 1;
            }

            var comparison = await console.Job<RegionJob>().CompareAsync(month, parse.GetValue(region)?.Trim(), cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(format) == "json")
            {
                RegionJson.Write(comparison, console.Bytes);
                await console.Bytes.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await console.Out.WriteLineAsync($"{TartanRug.Title(comparison)} ({comparison.RegionCode})").ConfigureAwait(false);
                await console.Out.WriteLineAsync($"  {TartanRug.Summary(comparison)}").ConfigureAwait(false);
                var rows = TartanRug.Rows(comparison);
                var table = new DigestTable(TartanRug.Title(comparison), ["Council", "Returned", .. TartanRug.Headings], [false, false, .. TartanRug.Headings.Select(_ => true)],
                    [.. rows.Select(r => (IReadOnlyList<Cell>)[r.Name, r.Returned, .. r.Cells.Select(c => (Cell)c.Text)])]);
                foreach (var line in table.TextLines("  "))
                {
                    await console.Out.WriteLineAsync(line).ConfigureAwait(false);
                }

                await console.Out.WriteLineAsync($"  {TartanRug.Key}").ConfigureAwait(false);
                foreach (var line in TartanRug.Missing(comparison).Append(TartanRug.Source(comparison)))
                {
                    await console.Out.WriteLineAsync($"  {line}").ConfigureAwait(false);
                }
            }

            if (parse.GetValue(folder) is { } to)
            {
                Directory.CreateDirectory(to.FullName);
                var name = $"region-{month:yyyy-MM}";
                await File.WriteAllBytesAsync(Path.Combine(to.FullName, $"{name}.pdf"), TartanRug.Pdf(comparison, console.Time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
                await File.WriteAllBytesAsync(Path.Combine(to.FullName, $"{name}.xlsx"), TartanRug.Xlsx(comparison), cancellationToken).ConfigureAwait(false);
                await console.Error.WriteLineAsync($"the tartan rug: {Path.Combine(to.FullName, name)}.pdf and .xlsx").ConfigureAwait(false);
            }

            return 0;
        });

        return new Command("region", "The region's drop (docs/region.md): the council's monthly return, the file for a council without the product, and the comparison of the region's councils.") { publish, template, show };
    }

    private static string Figures(RegionalReturn written) =>
        string.Join(", ", RegionComparison.Measures.Select(m => $"{WorkforceMeasureDefinition.Of(m).InSentence} {(written.Of(m) is { } f ? TartanRug.Format(m, f) : "n/a")}"));
}
