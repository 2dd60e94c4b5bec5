using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using ScottPlot;
using SkiaSharp;

namespace Caseload.Reporting.Content.Charts;

/// <summary>
/// A plot drawn by ScottPlot as an opaque RGB PNG. Skia's own PNG encoder took about 5 ms a chart, nine tenths of
/// composing a manager's email (bench --pipeline, docs/performance.md); the same pixels deflated by .NET's zlib take
/// about half a millisecond, so the PNG container (signature, IHDR, IDAT, IEND, each with its CRC) is written here.
/// </summary>
public static class ChartImage
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The plot rendered at <paramref name="width"/> × <paramref name="height"/> pixels, as PNG bytes.</summary>
    public static byte[] Png(Plot plot, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        surface.Canvas.Clear(SKColors.White);
        plot.Render(surface.Canvas, width, height);
        using var pixels = surface.PeekPixels();
        return Encode(pixels.GetPixelSpan(), width, height);
    }

    /// <summary>Opaque RGBA pixels as an 8-bit RGB PNG, each row filtered with "Up" (charts repeat down the page) and deflated fast.</summary>
    private static byte[] Encode(ReadOnlySpan<byte> rgba, int width, int height)
    {
        var stride = width * 3;
        var previous = new byte[stride];
        var row = new byte[stride + 1];
        using var deflated = new MemoryStream();
        using (var zlib = new ZLibStream(deflated, CompressionLevel.Fastest, leaveOpen: true))
        {
            row[0] = 2;  // the Up filter
            for (var y = 0; y < height; y++)
            {
                var source = rgba.Slice(y * width * 4, width * 4);
                for (int x = 0, o = 0; x < width; x++, o += 3)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        var value = source[(x * 4) + c];
                        row[1 + o + c] = (byte)(value - previous[o + c]);
                        previous[o + c] = value;
                    }
                }

                zlib.Write(row);
            }
        }

        using var png = new MemoryStream((int)deflated.Length + 64);
        png.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;   // bits per sample
        header[9] = 2;   // colour type: RGB
        header[10] = 0;  // deflate
        header[11] = 0;  // adaptive filtering
        header[12] = 0;  // no interlace
        Chunk(png, "IHDR"u8, header);
        Chunk(png, "IDAT"u8, deflated.GetBuffer().AsSpan(0, (int)deflated.Length));
        Chunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        png.Write(type);
        png.Write(data);
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(number, crc.GetCurrentHashAsUInt32());
        png.Write(number);
    }
}
