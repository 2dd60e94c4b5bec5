using Caseload.Reporting.Benchmarks;
using Caseload.Reporting.Content.Charts;
using Caseload.Reporting.Ingest.Benchmarks;
using SkiaSharp;

namespace Caseload.Reporting.Tests;

/// <summary>
/// The summary's "Where we stand" pictures, drawn and read back as pixels: the series chart's key beside its lines,
/// never over them; the strip's scale fitted to the councils, with one far from the rest drawn at its edge.
/// </summary>
public sealed class StandingChartTests
{
    private static readonly WorkforceIndicators Published = ShippedBenchmarks.Indicators;
    private static readonly BenchmarkCouncil Medway = BenchmarkCouncil.In(Published, "887")!;

    [Fact]
    public void The_series_charts_key_stands_beside_the_lines_not_over_them()
    {
        var comparison = BenchmarkComparison.Of(Published, ShippedBenchmarks.Neighbours, Medway, null, null);
        var measure = comparison.Measures.Single(m => m.Measure == WorkforceMeasure.CaseloadFte);
        var series = BenchmarkComparison.SeriesOf(Published, ShippedBenchmarks.Neighbours, Medway, WorkforceMeasure.CaseloadFte);

        var image = StandingChart.Series(comparison, measure, series, "series");

        // The plot's frame: its right edge is the rightmost column dark from near the top to near the bottom of the
        // frame. The key's samples of England's green dashes lie right of it; inside it are only the lines.
        using var bitmap = SKBitmap.Decode(image.Png);
        bool Dark(int x, int y) => bitmap.GetPixel(x, y) is var p && p.Red < 90 && p.Green < 90 && p.Blue < 90;
        bool Green(int x, int y) => bitmap.GetPixel(x, y) is var p && p.Green > p.Red + 40 && p.Green > p.Blue + 30;
        var frameRight = Enumerable.Range(0, bitmap.Width).Reverse().First(x => Enumerable.Range(0, bitmap.Height).Count(y => Dark(x, y)) > bitmap.Height / 2);
        var greenRight = Enumerable.Range(frameRight + 1, bitmap.Width - frameRight - 1).Count(x => Enumerable.Range(0, bitmap.Height).Any(y => Green(x, y)));

        Assert.True(frameRight < bitmap.Width * 0.9, $"the plot takes the whole width ({frameRight} of {bitmap.Width}): no room beside it for the key");
        Assert.True(greenRight > 5, "the key is not beside the plot");
    }

    [Fact]
    public void A_council_far_from_the_rest_is_drawn_at_the_strips_edge_with_its_figure_and_the_scale_fits_the_rest()
    {
        // DfE's own figures: the Isles of Scilly's agency rate is 100% (a tiny council); the rest are below 45%.
        var year = Published.LatestYear;
        var figures = Published.Councils(year).Select(r => r.Of(WorkforceMeasure.AgencyRateFte)).OfType<decimal>().ToList();

        var scale = StandingChart.StripScale.Of(figures, [20.7m]);

        Assert.Equal([100m], scale.Above);
        Assert.Empty(scale.Below);
        Assert.Equal(figures.Where(f => f < 100m).Max(), scale.High);
        var comparison = BenchmarkComparison.Of(Published, ShippedBenchmarks.Neighbours, Medway, null, null);
        var measure = comparison.Measures.Single(m => m.Measure == WorkforceMeasure.AgencyRateFte);
        var strip = StandingChart.Strip(comparison, measure, Published, BenchmarkComparison.NeighbourRows(Published, ShippedBenchmarks.Neighbours, Medway, year), "strip");
        Assert.EndsWith("1 council far from the rest (100.0%) drawn at the edge of the scale.", strip.AltText, StringComparison.Ordinal);

        // Where every council is near the rest, the scale is theirs, nothing beyond it; ours is always on it.
        var caseloads = Published.Councils(year).Select(r => r.Of(WorkforceMeasure.CaseloadFte)).OfType<decimal>().ToList();
        var fitted = StandingChart.StripScale.Of(caseloads, [40m]);
        Assert.Equal((caseloads.Min(), 40m), (fitted.Low, fitted.High));
        Assert.Empty(fitted.Above);
    }
}
