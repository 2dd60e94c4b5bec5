using Caseload.Reporting.Content.Documents;
using ScottPlot;
using SkiaSharp;

namespace Caseload.Reporting.Content.Charts;

/// <summary>
/// The documents' font for ScottPlot: charts are drawn in DejaVu Sans from the assembly, as the summary's text is,
/// rather than whatever face Skia finds on the host (a serif one, or none, on a bare Linux machine).
/// </summary>
internal sealed class ChartFonts : IFontResolver
{
    private static readonly Lock Gate = new();
    private static bool installed;

    /// <summary>Adds the resolver to ScottPlot's (once for the process) and sets a plot's text in the family.</summary>
    public static void Use(Plot plot)
    {
        lock (Gate)
        {
            if (!installed)
            {
                Fonts.FontResolvers.Add(new ChartFonts());
                installed = true;
            }
        }

        plot.Font.Set(EmbeddedFonts.Family);
    }

    /// <inheritdoc />
    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
        CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);

    /// <inheritdoc />
    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic)
    {
        if (!string.Equals(fontName, EmbeddedFonts.Family, StringComparison.Ordinal))
        {
            return null;
        }

        var face = EmbeddedFonts.Face(bold);
        return SKTypeface.FromData(SKData.CreateCopy(face));
    }
}
