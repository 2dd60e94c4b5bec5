using Caseload.Reporting.Content.Charts;
using Caseload.Reporting.Improvement;
using NodaTime;
using SkiaSharp;

namespace Caseload.Reporting.Tests;

/// <summary>The summary's trend chart, drawn and read back as pixels: twelve month labels that a person can read one by one.</summary>
public sealed class TrendChartTests
{
    [Fact]
    public void The_summarys_trend_chart_labels_each_of_twelve_months_apart_from_its_neighbours()
    {
        var measure = new Measure("m", Metric.AverageCaseload, MeasureFilter.Everyone, Direction.AtMost, new Baseline(24m, new LocalDate(2025, 10, 31)), 18m, new LocalDate(2027, 3, 31), 1m);
        var months = Enumerable.Range(0, 12).Select(i => new YearMonth(2025, 11).PlusMonths(i)).ToList();
        var trend = new MeasureTrend(
            new MeasureStanding(measure, new LocalDate(2026, 10, 26), 15m, 19.8m, Rag.Green, 15.4m, History.Enough),
            [.. months.Select((m, i) => new TrendPoint(m, 22m - (i * 0.5m), 23.7m - (i * 0.35m), "policy", true))]);

        var image = TrendChart.Image(trend, TrendChart.Large, "trend");

        // The month names under the plot, read as pixels: each month's tick mark below the frame, and between each two
        // ticks, halfway, a clear column through the band of names. Run together ("Nov 25Dec 25Jan 26…") a name
        // reaches its neighbour's halfway column; apart, none does.
        using var bitmap = SKBitmap.Decode(image.Png);
        bool Dark(int x, int y) => bitmap.GetPixel(x, y).Red < 128;
        var frame = Enumerable.Range(0, bitmap.Height).Reverse().First(y => Enumerable.Range(bitmap.Width / 4, bitmap.Width / 2).All(x => bitmap.GetPixel(x, y).Red < 100));
        var ticks = Enumerable.Range(1, bitmap.Width - 2).Where(x => Dark(x, frame + 3) && !Dark(x - 1, frame + 3)).ToList();
        Assert.Equal(12, ticks.Count);
        var crowded = ticks.Zip(ticks.Skip(1), (left, right) => (left + right) / 2)
            .Where(middle => Enumerable.Range(middle - 2, 5).Any(x => Enumerable.Range(frame + 6, 14).Any(y => Dark(x, y))))
            .ToList();
        Assert.Empty(crowded);
    }
}
