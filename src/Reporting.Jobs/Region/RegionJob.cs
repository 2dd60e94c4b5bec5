using Caseload.Reporting.Benchmarks;
using Caseload.Reporting.Ingest.Benchmarks;
using Caseload.Reporting.Jobs.Benchmarks;
using Caseload.Reporting.Region;
using Caseload.Reporting.Storage.Places;
using Caseload.Reporting.Workforce;
using NodaTime;

namespace Caseload.Reporting.Jobs.Region;

/// <summary>The region's drop (<c>Reporting:Region:*</c>).</summary>
public sealed class RegionOptions
{
    /// <summary>The alliance's drop: a folder, or a blob container's URL used with the app's identity. Without it, the council takes no part.</summary>
    public string? Drop { get; set; }
}

/// <summary>What writing the council's return did.</summary>
/// <param name="Path">Where it was written in the drop.</param>
/// <param name="Return">The return.</param>
public sealed record PublishedReturn(string Path, RegionalReturn Return);

/// <summary>
/// The region's drop (region spec): the council's own return for a month written under its code, every council's
/// read, and the comparison in the region. Only aggregate figures leave the council; a return that does not read is
/// refused at its file and line and affects no other council's figures.
/// </summary>
public sealed class RegionJob(BenchmarkJob benchmarks, RegionOptions options)
{
    /// <summary>The setting naming the drop.</summary>
    public const string Setting = "Reporting:Region:Drop";

    /// <summary>How many months before the month a council's latest return may be, and still be shown.</summary>
    public const int MonthsBefore = 2;

    /// <summary>Whether the council takes part: the drop is set.</summary>
    public bool Configured => !string.IsNullOrWhiteSpace(options.Drop);

    /// <summary>The council's return for the month, from its figures at the month's last snapshot; writes nothing.</summary>
    /// <exception cref="InvalidOperationException">No council is named, or no snapshot is dated in the month.</exception>
    public async Task<RegionalReturn> ReturnOfAsync(YearMonth month, CancellationToken cancellationToken = default) =>
        (await OwnAsync(month, cancellationToken).ConfigureAwait(false)).Return;

    /// <summary>Writes the council's return for the month to the drop under its own code, replacing one written before (a correction).</summary>
    /// <exception cref="InvalidOperationException">The drop is not set, no council is named, or no snapshot is dated in the month.</exception>
    public async Task<PublishedReturn> PublishAsync(YearMonth month, CancellationToken cancellationToken = default)
    {
        var drop = Drop();
        var (council, written) = await OwnAsync(month, cancellationToken).ConfigureAwait(false);
        var path = RegionalReturn.PathOf(council.Code, month);
        using var content = new MemoryStream(written.ToCsv(), writable: false);
        await drop.ReplaceAsync(path, content, cancellationToken).ConfigureAwait(false);
        return new PublishedReturn(path, written);
    }

    private async Task<(BenchmarkCouncil Council, RegionalReturn Return)> OwnAsync(YearMonth month, CancellationToken cancellationToken)
    {
        var data = await benchmarks.InUseAsync(cancellationToken).ConfigureAwait(false);
        var council = Named(data);
        var figures = await benchmarks.FiguresAsync(month, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{month:yyyy-MM}: no snapshot is dated in the month, so the council has no figures for it; ingest one first.");
        return (council, ReturnOf(data, council, month, figures));
    }

    /// <summary>The file a council without the product fills by hand: its identity from DfE's latest release, every figure <c>x</c>.</summary>
    /// <exception cref="InvalidOperationException">The code is not a council in DfE's latest release.</exception>
    public async Task<RegionalReturn> TemplateAsync(string code, YearMonth month, CancellationToken cancellationToken = default)
    {
        var data = await benchmarks.InUseAsync(cancellationToken).ConfigureAwait(false);
        var row = data.Indicators.Council(data.Indicators.LatestYear, code)
            ?? throw new InvalidOperationException($"--code: {code} is not a council in {WorkforceIndicators.Release(data.Indicators.LatestYear)}: give its three-digit old LA code as DfE publishes it, e.g. 887 for Medway.");
        return RegionalReturn.Template(row, month);
    }

    /// <summary>
    /// The comparison in a region for a month: every council of the region in DfE's latest release with its return for
    /// the month, or its latest within <see cref="MonthsBefore"/> months before, or none; refused files named.
    /// </summary>
    /// <param name="month">The month.</param>
    /// <param name="regionCode">The region; the council's own when not given.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <exception cref="InvalidOperationException">The drop is not set, or no region is given and no council named, or the region is not in the figures.</exception>
    public async Task<RegionComparison> CompareAsync(YearMonth month, string? regionCode, CancellationToken cancellationToken = default)
    {
        var data = await benchmarks.InUseAsync(cancellationToken).ConfigureAwait(false);
        var region = regionCode ?? (benchmarks.CouncilIn(data) ?? throw new InvalidOperationException($"give --region (e.g. E12000008), or set {BenchmarkCouncil.Setting}: the region is the council's own by default")).RegionCode;
        return await CompareAsync(data, region, month, own: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The comparison the council's monthly digest shows: its own return for the month as it would write it (its
    /// figures now, whether or not the drop has it yet), beside every other council's in the drop. Null when the
    /// drop is not set or no council is named.
    /// </summary>
    public async Task<RegionComparison?> DigestAsync(PublishedInUse data, YearMonth month, WorkforceFigures figures, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!Configured || benchmarks.CouncilIn(data) is not { } council)
        {
            return null;
        }

        var own = ReturnOf(data, council, month, figures);
        return await CompareAsync(data, council.RegionCode, month, own, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RegionComparison> CompareAsync(PublishedInUse data, string region, YearMonth month, RegionalReturn? own, CancellationToken cancellationToken)
    {
        var drop = Drop();
        var year = data.Indicators.LatestYear;
        var rows = data.Indicators.Councils(year).Where(r => string.Equals(r.RegionCode, region, StringComparison.OrdinalIgnoreCase)).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
        if (rows.Count == 0)
        {
            throw new InvalidOperationException($"--region: {region} is not a region of {WorkforceIndicators.Release(year)}; its regions: {string.Join(", ", data.Indicators.Councils(year).Select(r => $"{r.RegionCode} {r.RegionName}").Distinct().Order(StringComparer.Ordinal))}");
        }

        var councils = new List<CouncilReturn>();
        foreach (var row in rows)
        {
            councils.Add(own is not null && own.Codes.Intersect(row.Codes).Any()
                ? new CouncilReturn(row.Codes[0], row.Name!, own, null)
                : await ReturnOfAsync(drop, row, month, cancellationToken).ConfigureAwait(false));
        }

        return new RegionComparison(rows[0].RegionCode!, rows[0].RegionName!, month, councils, data.Indicators.England(year), year);
    }

    /// <summary>A council's return for the month, else its latest of the months before, else none; a file that does not read is refused, with no figure.</summary>
    private static async Task<CouncilReturn> ReturnOfAsync(Place drop, PublishedArea row, YearMonth month, CancellationToken cancellationToken)
    {
        for (var back = 0; back <= MonthsBefore; back++)
        {
            var of = month.PlusMonths(-back);
            foreach (var code in row.Codes)
            {
                var path = RegionalReturn.PathOf(code, of);
                var (bytes, tooLarge) = await drop.ReadAsync(path, IndicatorsFile.MostReturnBytes, cancellationToken).ConfigureAwait(false);
                if (tooLarge)
                {
                    return new CouncilReturn(row.Codes[0], row.Name!, null, $"{path}: the file is larger than {IndicatorsFile.MostReturnBytes / 1024} KB; a return is two lines: is it the right file?");
                }

                if (bytes is null)
                {
                    continue;
                }

                try
                {
                    return new CouncilReturn(row.Codes[0], row.Name!, IndicatorsFile.ReadReturn(bytes, path, row, code, of), null);
                }
                catch (InvalidInputException refused)
                {
                    return new CouncilReturn(row.Codes[0], row.Name!, null, refused.Errors.First().ToString());
                }
            }
        }

        return new CouncilReturn(row.Codes[0], row.Name!, null, null);
    }

    private static RegionalReturn ReturnOf(PublishedInUse data, BenchmarkCouncil council, YearMonth month, WorkforceFigures figures) =>
        RegionalReturn.Of(data.Indicators.Council(data.Indicators.LatestYear, council.Code)!, month, figures);

    private BenchmarkCouncil Named(PublishedInUse data) =>
        benchmarks.CouncilIn(data) ?? throw new InvalidOperationException($"{BenchmarkCouncil.Setting} is not set: a return is a council's, under its three-digit old LA code.");

    private Place Drop() => Place.Open(options.Drop, Setting);
}
