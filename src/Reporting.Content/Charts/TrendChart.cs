using Caseload.Reporting.Improvement;
using System.Globalization;
using Caseload.Reporting.Content.Monthly;
using Caseload.Reporting.Content.Weekly;
using ScottPlot;

namespace Caseload.Reporting.Content.Charts;

/// <summary>
/// A measure's last twelve months: the actual as a line with points, the plan's expected value dashed, the target as
/// a green line, the axis in the metric's unit. A point read while the stored snapshots did not yet cover the
/// metric's window is ringed in red and keyed "not enough history". Drawn large for the summary, small for the email.
/// </summary>
public static class TrendChart
{
    /// <summary>The summary's chart: the page's width.</summary>
    public static ChartSize Large { get; } = new(560, 220, Small: false);

    /// <summary>The email's chart, beside its tile.</summary>
    public static ChartSize Compact { get; } = new(220, 96, Small: true);

    /// <summary>The trend drawn at a size, as an inline image.</summary>
    public static InlineImage Image(MeasureTrend trend, ChartSize size, string contentId)
    {
        ArgumentNullException.ThrowIfNull(trend);
        ArgumentNullException.ThrowIfNull(size);
        return new InlineImage(contentId, AltText(trend), size.Width, size.Height, Png(trend, size));
    }

    private static byte[] Png(MeasureTrend trend, ChartSize size)
    {
        using var plot = new Plot();
        ChartFonts.Use(plot);
        var definition = DigestSections.Definition(trend.Standing.Measure);
        var months = trend.Months;
        double[] positions = [.. Enumerable.Range(0, months.Count).Select(i => (double)i)];
        var expected = plot.Add.Scatter(positions, [.. months.Select(m => (double)m.Expected)]);
        expected.LinePattern = LinePattern.Dashed;
        expected.MarkerSize = 0;
        expected.Color = Color.FromHex("#5b5b5b");
        expected.LegendText = "Expected";

        var target = plot.Add.HorizontalLine((double)trend.Standing.Measure.Target);
        target.Color = Color.FromHex("#2e7d32");
        target.LineWidth = 1.5f;
        target.LegendText = "Target";

        var known = months.Select((m, i) => (Index: i, m.Actual, m.HistoryComplete)).Where(p => p.Actual is not null).ToList();
        if (known.Count > 0)
        {
            var actual = plot.Add.Scatter(known.Select(p => (double)p.Index).ToArray(), known.Select(p => (double)p.Actual!.Value).ToArray());
            actual.Color = Color.FromHex("#1f4e79");
            actual.LineWidth = size.Small ? 2f : 2.5f;
            actual.MarkerSize = size.Small ? 4 : 6;
            actual.LegendText = "Actual";
            var early = known.Where(p => !p.HistoryComplete).ToList();
            if (early.Count > 0)
            {
                var hollow = plot.Add.Markers(early.Select(p => (double)p.Index).ToArray(), early.Select(p => (double)p.Actual!.Value).ToArray());
                hollow.MarkerShape = MarkerShape.OpenCircle;
                hollow.MarkerSize = size.Small ? 9 : 13;
                hollow.Color = Color.FromHex("#b00020");
                hollow.LegendText = "Actual, not enough history yet";
            }
        }

        // Twelve "Nov 25"s side by side ran into each other at the summary's width: each month is named short, and
        // the year is given under the first month and under each January.
        var labels = months.Select((m, i) => m.Month.ToString("MMM", CultureInfo.InvariantCulture) + (!size.Small && (i == 0 || m.Month.Month == 1) ? m.Month.ToString("\nyyyy", CultureInfo.InvariantCulture) : "")).ToArray();
        if (size.Small)
        {
            // Room for the first and last month only; the tile beside it gives the figures.
            plot.Axes.Bottom.SetTicks([positions[0], positions[^1]], [labels[0], labels[^1]]);
            plot.Axes.Bottom.TickLabelStyle.FontSize = 10;
            plot.Axes.Left.TickLabelStyle.FontSize = 10;
            plot.Axes.Left.Label.Text = definition.UnitName == "%" ? "%" : "";
            plot.Axes.Left.Label.FontSize = 10;
            plot.HideLegend();
        }
        else
        {
            plot.Axes.Bottom.SetTicks(positions, labels);
            plot.Axes.Left.Label.Text = definition.UnitName;
            plot.Axes.Left.Label.FontSize = 12;
            plot.ShowLegend(Alignment.UpperRight);
        }

        plot.Axes.Margins(bottom: 0.1, top: 0.15);
        return ChartImage.Png(plot, size.Width, size.Height);
    }

    /// <summary>What the chart shows, for a screen reader or a client that blocks images.</summary>
    public static string AltText(MeasureTrend trend)
    {
        ArgumentNullException.ThrowIfNull(trend);
        var definition = DigestSections.Definition(trend.Standing.Measure);
        var first = trend.Months.FirstOrDefault(p => p.Actual is not null);
        var from = first is null ? "" : $", from {definition.Format(first.Actual)} in {first.Month.ToString("MMMM yyyy", CultureInfo.InvariantCulture)}";
        return $"Line chart of {trend.Standing.Measure.Name} over the last {trend.Months.Count} months{from}: now {definition.Format(trend.Standing.Actual)}, expected {definition.Format(trend.Standing.Expected)}, target {definition.Format(trend.Standing.Measure.Target)}.";
    }
}

/// <summary>A chart's size in pixels, and whether it is small enough to leave out its legend and most month labels.</summary>
/// <param name="Width">Width.</param>
/// <param name="Height">Height.</param>
/// <param name="Small">Drawn beside a tile.</param>
public sealed record ChartSize(int Width, int Height, bool Small);
