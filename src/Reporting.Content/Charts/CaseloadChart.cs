using System.Globalization;
using Caseload.Reporting.Evaluation;
using ScottPlot;

namespace Caseload.Reporting.Content.Charts;

/// <summary>A team's caseloads against each worker's limit, as a PNG small enough for an email column.</summary>
public static class CaseloadChart
{
    /// <summary>Width in pixels: the email column less its padding.</summary>
    public const int Width = 560;

    /// <summary>Height in pixels.</summary>
    public const int Height = 260;

    /// <summary>
    /// Draws the case holders' loads as bars coloured by band, each worker's limit as a black line across their bar,
    /// the axis labelled in the policy's unit. The legend is the email's own text under the image (<see cref="Legend"/>):
    /// drawn in the picture it cost a third of the week's composing time, and text is read by every reader.
    /// </summary>
    /// <param name="caseHolders">The team's case holders.</param>
    /// <param name="weighted">Whether limits apply to weighted loads.</param>
    /// <param name="unit">What the axis counts: "Cases", "Families" or "Weighted load".</param>
    public static byte[] Png(IReadOnlyList<WorkerCaseload> caseHolders, bool weighted, string unit)
    {
        ArgumentNullException.ThrowIfNull(caseHolders);
        using var plot = new Plot();
        ChartFonts.Use(plot);
        plot.Add.Bars(caseHolders.Select((worker, i) => new Bar
        {
            Position = i,
            Value = (double)(weighted ? worker.WeightedLoad : worker.Caseload),
            FillColor = Colour(worker.Band),
            LineWidth = 0,
        }).ToList());

        // The limits go on last, over the bars: an over-limit bar must not hide the line it crosses.
        for (var i = 0; i < caseHolders.Count; i++)
        {
            if (caseHolders[i].Limit is { } limit)
            {
                var line = plot.Add.Line(i - 0.45, (double)limit, i + 0.45, (double)limit);
                line.LineWidth = 3;
                line.Color = Colors.Black;
            }
        }

        plot.Axes.Bottom.SetTicks(
            [.. Enumerable.Range(0, caseHolders.Count).Select(i => (double)i)],
            [.. caseHolders.Select(w => ShortName(w.Name))]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = -40;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MinimumSize = 70;
        plot.Axes.Margins(bottom: 0);
        plot.YLabel(unit);
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        return ChartImage.Png(plot, Width, Height);
    }

    /// <summary>What the chart shows, for a screen reader or a client that blocks images.</summary>
    public static string AltText(string team, IReadOnlyList<WorkerCaseload> caseHolders) => string.Create(
        CultureInfo.InvariantCulture,
        $"Bar chart of {team}'s caseloads: {caseHolders.Count} case holders, {caseHolders.Count(w => w.InBreach)} over their limit. Each bar is a worker's load, coloured by band (within, at the limit, amber, red), each black line their limit; the table below gives the same numbers.");

    /// <summary>The chart's key: each band's colour (hex) and name, then the limit's line.</summary>
    public static IReadOnlyList<(string Colour, string Label, bool Line)> Legend { get; } =
        [(Hex(Band.Within), "within the limit", false), (Hex(Band.AtLimit), "at the limit", false), (Hex(Band.Amber), "amber", false), (Hex(Band.Red), "red", false), ("#000000", "the worker's limit", true)];

    private static string Hex(Band band) => band switch
    {
        Band.Red => "#b00020",
        Band.Amber => "#f0a30a",
        Band.AtLimit => "#5b7fa6",
        _ => "#9bb7d4",
    };

    private static Color Colour(Band band) => Color.FromHex(Hex(band));

    private static string ShortName(string name)
    {
        var parts = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var shortName = parts.Length > 1 ? $"{parts[0]} {parts[^1][0]}." : name;
        return shortName.Length > 14 ? shortName[..13] + "…" : shortName;
    }
}
