using System.IO.Compression;
using System.Text;
using Caseload.Reporting.Improvement;

namespace Caseload.Reporting.Storage.Snapshots;

/// <summary>
/// <see cref="HeldPairs"/> as bytes: gzipped, per child its id, then its workers, then the teams holding it
/// unallocated, each a count and length-prefixed UTF-8 strings. Half a million children read back in well under a
/// second, which the monthly job does for every snapshot of a year.
/// </summary>
internal static class HeldPairsFormat
{
    private const int Version = 1;

    public static byte[] Write(HeldPairs held)
    {
        using var bytes = new MemoryStream();
        using (var zip = new GZipStream(bytes, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new BinaryWriter(zip, Encoding.UTF8))
        {
            writer.Write(Version);
            writer.Write(held.Children.Count);
            foreach (var child in held.Children)
            {
                writer.Write(child.ChildId);
                Strings(writer, child.Workers);
                Strings(writer, child.UnallocatedIn);
            }
        }

        return bytes.ToArray();
    }

    public static HeldPairs Read(Stream gzipped)
    {
        using var zip = new GZipStream(gzipped, CompressionMode.Decompress);
        using var reader = new BinaryReader(new BufferedStream(zip, 1 << 16), Encoding.UTF8);
        if (reader.ReadInt32() != Version)
        {
            throw new InvalidDataException("The stored allocation history is of an unknown version.");
        }

        var children = new ChildHolders[reader.ReadInt32()];
        for (var c = 0; c < children.Length; c++)
        {
            children[c] = new ChildHolders(reader.ReadString(), Strings(reader), Strings(reader));
        }

        return new HeldPairs(children);
    }

    private static void Strings(BinaryWriter writer, IReadOnlyList<string> values)
    {
        writer.Write(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static string[] Strings(BinaryReader reader)
    {
        var values = new string[reader.ReadInt32()];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadString();
        }

        return values;
    }
}
