using System.Globalization;
using Caseload.Reporting.Benchmarks;
using Caseload.Reporting.Content.Weekly;
using ScottPlot;

namespace Caseload.Reporting.Content.Charts;

/// <summary>
/// Where the council stands on one workforce measure, drawn for the summary: every council's published figure for
/// the year as a grey dot along one line, the statistical neighbours in blue, the council's published figure and
/// this month's marked and labelled, England's and the region's as ticks; and, beside it, the council's published
/// figures since the file's first year against its neighbours' median and England's. Lower is better on each.
/// </summary>
public static class StandingChart
{
    private static readonly Color Grey = Color.FromHex("#9e9e9e");
    private static readonly Color Neighbour = Color.FromHex("#1f77b4");
    private static readonly Color Council = Color.FromHex("#1b1b1b");
    private static readonly Color Now = Color.FromHex("#c05000");
    private static readonly Color EnglandColour = Color.FromHex("#2e7d32");
    private static readonly Color RegionColour = Color.FromHex("#6a1b9a");

    /// <summary>The strip of every council's figure, at the page's width.</summary>
    public static InlineImage Strip(BenchmarkComparison comparison, MeasureComparison measure, WorkforceIndicators indicators, IReadOnlyList<PublishedArea> neighbours, string contentId)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(measure);
        ArgumentNullException.ThrowIfNull(indicators);
        ArgumentNullException.ThrowIfNull(neighbours);
        const int width = 560, height = 170;
        var definition = measure.Definition;
        var year = comparison.Year;
        var own = indicators.Council(year, comparison.Council.Code);
        var others = indicators.Councils(year).Where(r => r != own && !neighbours.Contains(r)).Select(r => r.Of(measure.Measure)).OfType<decimal>().ToList();
        var nearby = neighbours.Select(r => r.Of(measure.Measure)).OfType<decimal>().ToList();

        using var plot = new Plot();
        ChartFonts.Use(plot);

        // The scale fits the councils, not one far from the rest: a council beyond it is drawn at its edge with its
        // figure, so that an agency rate of 100% does not squeeze every other council into a corner.
        var scale = StripScale.Of([.. others, .. nearby], [.. new[] { measure.Published, measure.Now, measure.Region, measure.England }.OfType<decimal>()]);
        double Placed(decimal v) => (double)Math.Clamp(v, scale.Low, scale.High);

        // Councils on one line, spread a little up and down (the same way every time) so that equal figures show.
        plot.Add.Markers(others.Select(Placed).ToArray(), others.Select((_, i) => Jitter(i)).ToArray(), MarkerShape.FilledCircle, 5, Grey.WithAlpha(0.6));
        if (nearby.Count > 0)
        {
            plot.Add.Markers(nearby.Select(Placed).ToArray(), nearby.Select((_, i) => Jitter(i + 7)).ToArray(), MarkerShape.FilledCircle, 8, Neighbour);
        }

        foreach (var (edge, beyond) in new[] { (scale.Low, scale.Below), (scale.High, scale.Above) }.Where(e => e.Item2.Count > 0))
        {
            var label = plot.Add.Text(
                $"{(edge == scale.High ? "" : "◀ ")}{Beyond(beyond, definition)}{(edge == scale.High ? " ▶" : "")}",
                (double)edge,
                0.2);
            label.LabelFontSize = 9;
            label.LabelFontColor = Grey.Darken(0.3);
            label.LabelAlignment = edge == scale.High ? Alignment.LowerRight : Alignment.LowerLeft;
        }

        // Lanes, top to bottom: the region's tick, this month's figure, the councils, our published figure, England's tick.
        Tick(plot, measure.Region, RegionColour, $"{comparison.Council.RegionName} {definition.Format(measure.Region)}", above: true);
        Mark(plot, measure.Now, MarkerShape.OpenDiamond, Now, $"Now: {definition.Format(measure.Now)}", 0.42);
        Mark(plot, measure.Published, MarkerShape.FilledDiamond, Council, $"{(comparison.Council.Joint ? "Our joint return" : "Us")}, 30 Sep {year}: {definition.Format(measure.Published)}", -0.42);
        Tick(plot, measure.England, EnglandColour, $"England {definition.Format(measure.England)}", above: false);

        var margin = (double)(scale.High - scale.Low) * 0.04;
        plot.Axes.SetLimitsX((double)scale.Low - margin, (double)scale.High + margin);
        plot.Axes.SetLimitsY(-1.25, 1.25);
        plot.Axes.Left.TickLabelStyle.IsVisible = false;
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Left.MinorTickStyle.Length = 0;
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        // The key is the axis's title: a legend box would cover the councils it describes.
        plot.Axes.Bottom.Label.Text = $"{definition.Unit}, lower is better · grey: every council · blue: our statistical neighbours";
        plot.Axes.Bottom.Label.FontSize = 10;
        var beyondText = scale.Below.Count + scale.Above.Count == 0 ? "" : $" {Counted.Of(scale.Below.Count + scale.Above.Count, "council")} far from the rest ({Beyond([.. scale.Below, .. scale.Above], definition)}) drawn at the edge of the scale.";
        return new InlineImage(contentId, StripText(comparison, measure, others.Count + nearby.Count + (measure.Published is null ? 0 : 1)) + beyondText, width, height, ChartImage.Png(plot, width, height));
    }

    /// <summary>The council's published figures year by year beside its neighbours' median and England's.</summary>
    public static InlineImage Series(BenchmarkComparison comparison, MeasureComparison measure, IReadOnlyList<PublishedYear> series, string contentId)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(measure);
        ArgumentNullException.ThrowIfNull(series);
        const int width = 560, height = 170;
        var definition = measure.Definition;
        using var plot = new Plot();
        ChartFonts.Use(plot);
        Line(plot, series, p => p.England, EnglandColour, "England", LinePattern.Dashed);
        Line(plot, series, p => p.NeighboursMedian, Neighbour, "Neighbours' median", LinePattern.Solid);
        Line(plot, series, p => p.Council, Council, comparison.Council.Joint ? "Our joint return" : "Us", LinePattern.Solid);
        plot.Axes.Bottom.SetTicks([.. series.Select(p => (double)p.Year)], [.. series.Select(p => p.Year.ToString(CultureInfo.InvariantCulture))]);
        plot.Axes.Left.Label.Text = definition.Unit;
        plot.Axes.Left.Label.FontSize = 11;
        // Beside the lines, never over them.
        plot.ShowLegend(Edge.Right);
        plot.Legend.FontSize = 9;
        plot.Axes.Margins(bottom: 0.15, top: 0.2);
        return new InlineImage(contentId, SeriesText(comparison, measure, series), width, height, ChartImage.Png(plot, width, height));
    }

    /// <summary>
    /// The scale of a strip: from the lowest to the highest of the councils' figures within three interquartile
    /// ranges of the middle half (Tukey's far fences), widened to hold every figure that must be seen (ours now and
    /// published, the region's, England's); the councils beyond it, lowest first, to be drawn at its edges.
    /// </summary>
    public sealed record StripScale(decimal Low, decimal High, IReadOnlyList<decimal> Below, IReadOnlyList<decimal> Above)
    {
        /// <summary>The scale of <paramref name="councils"/>' figures that shows <paramref name="shown"/> whatever they are.</summary>
        public static StripScale Of(IReadOnlyList<decimal> councils, IReadOnlyList<decimal> shown)
        {
            ArgumentNullException.ThrowIfNull(councils);
            ArgumentNullException.ThrowIfNull(shown);
            var sorted = councils.Order().ToList();
            if (sorted.Count < 4)
            {
                var all = sorted.Concat(shown).DefaultIfEmpty(0m).ToList();
                return new StripScale(all.Min(), Math.Max(all.Max(), all.Min() + 1), [], []);
            }

            decimal Quartile(double q) => sorted[(int)Math.Round(q * (sorted.Count - 1))];
            var spread = Quartile(0.75) - Quartile(0.25);
            var (fenceLow, fenceHigh) = (Quartile(0.25) - (3 * spread), Quartile(0.75) + (3 * spread));
            var inside = sorted.Where(v => v >= fenceLow && v <= fenceHigh).Concat(shown).ToList();
            var (low, high) = (inside.Min(), inside.Max());
            return new StripScale(low, high == low ? low + 1 : high, [.. sorted.Where(v => v < low)], [.. sorted.Where(v => v > high)]);
        }
    }

    /// <summary>The figures beyond the scale, each once: "100.0%", "2 at 34.9%".</summary>
    private static string Beyond(IReadOnlyList<decimal> figures, WorkforceMeasureDefinition definition) =>
        string.Join(", ", figures.GroupBy(f => f).Select(g => g.Count() == 1 ? definition.Format(g.Key) : $"{g.Count()} at {definition.Format(g.Key)}"));

    private static double Jitter(int i) => ((i * 37 % 11) - 5) * 0.03;

    private static void Tick(Plot plot, decimal? value, Color colour, string label, bool above)
    {
        if (value is not { } v)
        {
            return;
        }

        var x = (double)v;
        var line = plot.Add.Line(x, above ? 0.65 : -0.65, x, above ? 0.9 : -0.9);
        line.Color = colour;
        line.LineWidth = 2;
        var text = plot.Add.Text(label, x, above ? 0.93 : -0.93);
        text.LabelFontSize = 10;
        text.LabelFontColor = colour;
        text.LabelAlignment = above ? Alignment.LowerCenter : Alignment.UpperCenter;
    }

    private static void Mark(Plot plot, decimal? value, MarkerShape shape, Color colour, string label, double y)
    {
        if (value is not { } v)
        {
            return;
        }

        var marker = plot.Add.Marker((double)v, y, shape, 12, colour);
        marker.LineWidth = 2;
        var text = plot.Add.Text(label, (double)v, y);
        text.LabelFontSize = 10;
        text.LabelBold = true;
        text.LabelFontColor = colour;
        text.LabelAlignment = Alignment.MiddleLeft;
        text.OffsetX = 10;
    }

    private static void Line(Plot plot, IReadOnlyList<PublishedYear> series, Func<PublishedYear, decimal?> figure, Color colour, string label, LinePattern pattern)
    {
        var known = series.Where(p => figure(p) is not null).ToList();
        if (known.Count == 0)
        {
            return;
        }

        var line = plot.Add.Scatter(known.Select(p => (double)p.Year).ToArray(), known.Select(p => (double)figure(p)!.Value).ToArray());
        line.Color = colour;
        line.LineWidth = 2;
        line.MarkerSize = 6;
        line.LinePattern = pattern;
        line.LegendText = label;
    }

    /// <summary>What the strip shows, for a screen reader.</summary>
    public static string StripText(BenchmarkComparison comparison, MeasureComparison measure, int councils)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(measure);
        var d = measure.Definition;
        var lowest = measure.AllCouncils is { } all ? $", ranked {all.Rank} of {all.Of} from the lowest" : "";
        var now = measure.Now is null ? "" : $"; now {d.Format(measure.Now)}";
        return $"{d.Title} of {councils} councils at 30 September {comparison.Year}: ours {d.Format(measure.Published)}{lowest}{now}; neighbours' median {d.Format(measure.Neighbours.Median)}, {comparison.Council.RegionName} {d.Format(measure.Region)}, England {d.Format(measure.England)}.";
    }

    /// <summary>What the series shows, for a screen reader.</summary>
    public static string SeriesText(BenchmarkComparison comparison, MeasureComparison measure, IReadOnlyList<PublishedYear> series)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(measure);
        ArgumentNullException.ThrowIfNull(series);
        var d = measure.Definition;
        var ours = series.Where(p => p.Council is not null).ToList();
        var from = ours.Count == 0 ? "no published figure of ours" : $"ours from {d.Format(ours[0].Council)} in {ours[0].Year} to {d.Format(ours[^1].Council)} in {ours[^1].Year}";
        return $"Line chart of {d.Title} by year, {series[0].Year} to {series[^1].Year}: {from}, beside our neighbours' median and England's.";
    }
}
