using PdfSharp.Fonts;

namespace Caseload.Reporting.Content.Documents;

/// <summary>
/// DejaVu Sans, regular and bold, shipped inside the assembly (Documents/Fonts, Bitstream Vera licence): the
/// summary looks the same on every machine, and a Linux host without fonts can still draw it.
/// </summary>
internal sealed class EmbeddedFonts : IFontResolver
{
    /// <summary>The family every document asks for.</summary>
    public const string Family = "DejaVu Sans";

    private static readonly Lock Gate = new();

    /// <summary>Makes these the fonts PDFsharp resolves (it keeps one resolver for the process).</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not EmbeddedFonts)
            {
                GlobalFontSettings.FontResolver = new EmbeddedFonts();
            }
        }
    }

    /// <inheritdoc />
    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(FaceName(bold));

    /// <summary>The font file of the regular or bold face, for the charts.</summary>
    public static byte[] Face(bool bold) => Font(FaceName(bold)) ?? throw new InvalidOperationException("The DejaVu Sans fonts are not embedded in the assembly.");

    private static string FaceName(bool bold) => bold ? "DejaVuSans-Bold" : "DejaVuSans";

    /// <inheritdoc />
    public byte[]? GetFont(string faceName) => Font(faceName);

    private static byte[]? Font(string faceName)
    {
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream($"Caseload.Reporting.Content.Documents.Fonts.{faceName}.ttf");
        if (stream is null)
        {
            return null;
        }

        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
