using System.Globalization;
using Caseload.Reporting.Content.Weekly;
using Caseload.Reporting.Evaluation;
using ScottPlot;

namespace Caseload.Reporting.Content.Charts;

/// <summary>A team's caseloads against each worker's limit, as a PNG small enough for an email column.</summary>
public static class CaseloadChart
{
    /// <summary>Width in pixels: the email column less its padding.</summary>
    private const int Width = 560;

    /// <summary>Height in pixels, when the names fit the usual room below the plot.</summary>
    private const int Height = 260;

    /// <summary>The names' slant, in degrees.</summary>
    private const double Slant = 40;

    /// <summary>The room below the plot for names of up to 14 characters, in pixels.</summary>
    private const int BottomRoom = 70;

    /// <summary>Room right of the plot, in pixels, at most.</summary>
    private const int RightRoom = 20;

    /// <summary>Space beside the first and last bar, in bars.</summary>
    private const double Edge = 0.6;

    /// <summary>
    /// The chart of a team's case holders, for an email: their loads as bars coloured by band, each worker's limit as
    /// a black line across their bar, the axis labelled in the policy's unit and each bar by the worker's name
    /// (<see cref="WorkerNames.Brief"/>, which tells namesakes apart). The legend is the email's own text under the
    /// image (<see cref="Legend"/>): drawn in the picture it cost a third of the week's composing time, and text is
    /// read by every reader. The image is 260 pixels high unless a name needs more room to show whole.
    /// </summary>
    /// <param name="contentId">The image's content-id in the email.</param>
    /// <param name="team">The team's name, for the alt text.</param>
    /// <param name="caseHolders">The team's case holders.</param>
    /// <param name="names">Their names.</param>
    /// <param name="weighted">Whether limits apply to weighted loads.</param>
    /// <param name="unit">What the axis counts: "Cases", "Families" or "Weighted load".</param>
    public static InlineImage Image(string contentId, string team, IReadOnlyList<WorkerCaseload> caseHolders, WorkerNames names, bool weighted, string unit)
    {
        ArgumentNullException.ThrowIfNull(caseHolders);
        ArgumentNullException.ThrowIfNull(names);
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

        string[] labels = [.. caseHolders.Select(w => Label(names.Brief(w)))];
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, caseHolders.Count).Select(i => (double)i)], labels);
        var ticks = plot.Axes.Bottom.TickLabelStyle;
        ticks.Rotation = (float)-Slant;
        ticks.Alignment = Alignment.MiddleRight;
        plot.Axes.SetLimitsX(-Edge, caseHolders.Count - 1 + Edge);
        plot.Axes.Margins(bottom: 0);
        plot.YLabel(unit);
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;

        // Room for the slanted names, measured in the chart's font: below the plot for the longest, and to the left
        // for the first, whose name reaches furthest out. A name is never cut short at the image's edge.
        var (sin, cos) = Math.SinCos(Slant * Math.PI / 180);
        var sizes = labels.Select(label => Measure(ticks, label)).ToList();
        var below = (int)Math.Ceiling(sizes.Select(m => (m.Width * sin) + (m.Height / 2 * cos)).DefaultIfEmpty(0).Max()) + 12;
        plot.Axes.Bottom.MinimumSize = Math.Max(BottomRoom, below);
        if (sizes.Count > 0)
        {
            var reach = (sizes[0].Width * cos) + (sizes[0].Height / 2 * sin) + 4;
            var share = Edge / (caseHolders.Count - 1 + (2 * Edge));
            plot.Axes.Left.MinimumSize = (float)Math.Max(0, (reach - ((Width - RightRoom) * share)) / (1 - share));
        }

        var height = Height + Math.Max(0, below - BottomRoom);
        return new InlineImage(contentId, AltText(team, caseHolders), Width, height, ChartImage.Png(plot, Width, height));
    }

    /// <summary>What the chart shows, for a screen reader or a client that blocks images.</summary>
    private static string AltText(string team, IReadOnlyList<WorkerCaseload> caseHolders) => string.Create(
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

    private static (float Width, float Height) Measure(LabelStyle style, string text)
    {
        var label = new LabelStyle { Text = text, FontName = style.FontName, FontSize = style.FontSize };
        using var paint = Paint.NewDisposablePaint();
        var measured = label.Measure(paint);
        return (measured.Width, measured.Height);
    }

    /// <summary>A name on the axis; what tells a namesake apart on a line of its own, so that the label stays short enough to show whole.</summary>
    private static string Label(WorkerName name) => name.Apart is null ? name.Name : $"{name.Name}\n({name.Apart})";
}
