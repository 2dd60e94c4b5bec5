using Caseload.Reporting.Improvement;
using System.Globalization;
using Caseload.Reporting.Email.Monthly;
using ScottPlot;

namespace Caseload.Reporting.Email.Charts;

/// <summary>A measure's last twelve months: the actual as a line with points, the plan's expected value dashed, the target as a green line.</summary>
public static class TrendChart
{
    /// <summary>Width in pixels: the email column less its padding.</summary>
    public const int Width = 560;

    /// <summary>Height in pixels.</summary>
    public const int Height = 220;

    /// <summary>Draws the trend; months without a figure are gaps.</summary>
    public static byte[] Png(MeasureTrend trend)
    {
        ArgumentNullException.ThrowIfNull(trend);
        using var plot = new Plot();
        ChartFonts.Use(plot);
        var months = trend.Months;
        double[] positions = [.. Enumerable.Range(0, months.Count).Select(i => (double)i)];
        double[] expectedValues = [.. months.Select(m => (double)m.Expected)];
        var expected = plot.Add.Scatter(positions, expectedValues);
        expected.LinePattern = LinePattern.Dashed;
        expected.MarkerSize = 0;
        expected.Color = Color.FromHex("#5b5b5b");
        expected.LegendText = "Expected";

        var target = plot.Add.HorizontalLine((double)trend.Standing.Measure.Target);
        target.Color = Color.FromHex("#2e7d32");
        target.LineWidth = 1.5f;
        target.LegendText = "Target";

        var known = months.Select((m, i) => (Index: i, m.Actual)).Where(p => p.Actual is not null).ToList();
        if (known.Count > 0)
        {
            double[] knownPositions = [.. known.Select(p => (double)p.Index)];
            double[] knownValues = [.. known.Select(p => (double)p.Actual!.Value)];
            var actual = plot.Add.Scatter(knownPositions, knownValues);
            actual.Color = Color.FromHex("#1f4e79");
            actual.LineWidth = 2.5f;
            actual.MarkerSize = 6;
            actual.LegendText = "Actual";
        }

        plot.Axes.Bottom.SetTicks(
            positions,
            [.. months.Select(m => m.Month.ToString("MMM", CultureInfo.InvariantCulture))]);
        plot.Axes.Margins(bottom: 0.1, top: 0.15);
        plot.ShowLegend(Alignment.UpperRight);
        return ChartImage.Png(plot, Width, Height);
    }

    /// <summary>What the chart shows, for a screen reader or a client that blocks images.</summary>
    public static string AltText(MeasureTrend trend)
    {
        ArgumentNullException.ThrowIfNull(trend);
        var definition = DigestSections.Definition(trend.Standing.Measure);
        return $"Line chart of {definition.Title} over the last {trend.Months.Count} months: now {definition.Format(trend.Standing.Actual)}, expected {definition.Format(trend.Standing.Expected)}, target {definition.Format(trend.Standing.Measure.Target)}. The table gives the same figures.";
    }
}
