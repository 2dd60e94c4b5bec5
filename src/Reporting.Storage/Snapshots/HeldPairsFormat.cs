using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Caseload.Reporting.Improvement;

namespace Caseload.Reporting.Storage.Snapshots;

/// <summary>
/// <see cref="HeldPairs"/> as bytes: gzipped, per child its id, then its workers, then the teams holding it
/// unallocated, each a count and length-prefixed UTF-8 strings (<see cref="BinaryWriter"/>'s). Read back without a
/// string per child: a year of national snapshots is 25 million of them.
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
            writer.Write(held.Count);
            var encoded = new byte[256];
            for (var child = 0; child < held.Count; child++)
            {
                var id = held.ChildId(child);
                var length = Encoding.UTF8.GetByteCount(id);
                if (length > encoded.Length)
                {
                    encoded = new byte[length];
                }

                Encoding.UTF8.GetBytes(id, encoded);
                writer.Write7BitEncodedInt(length);
                writer.Write(encoded, 0, length);
                Names(writer, held.Workers(child), held.WorkerIds);
                Names(writer, held.UnallocatedIn(child), held.TeamIds);
            }
        }

        return bytes.ToArray();
    }

    public static HeldPairs Read(Stream gzipped)
    {
        using var zip = new GZipStream(gzipped, CompressionMode.Decompress);
        var reader = new Reader(zip);
        if (reader.Int() != Version)
        {
            throw new InvalidDataException("it is of a version this program does not know");
        }

        var children = reader.Int();
        if (children < 0)
        {
            throw new InvalidDataException("it is not as it was written");
        }

        // Sized from the count it gives, within a snapshot's million allocations, so that a damaged count reserves nothing.
        var pairs = new HeldPairs.Builder(Math.Min(children, 1_000_000));
        for (var c = 0; c < children; c++)
        {
            pairs.Child(reader.Text());
            for (var w = reader.Int(); w > 0; w--)
            {
                pairs.Worker(reader.Text());
            }

            for (var t = reader.Int(); t > 0; t--)
            {
                pairs.UnallocatedIn(reader.Text());
            }
        }

        return pairs.Build();
    }

    private static void Names(BinaryWriter writer, ReadOnlySpan<int> indexes, IReadOnlyList<string> names)
    {
        writer.Write(indexes.Length);
        foreach (var index in indexes)
        {
            writer.Write(names[index]);
        }
    }

    /// <summary>
    /// Reads <see cref="BinaryWriter"/>'s integers and strings from a stream through one buffer, each string into one
    /// reused span: a year of snapshots is 25 million strings, and a <see cref="BinaryReader"/> making each a string,
    /// byte by byte, cost as much again as everything else.
    /// </summary>
    private sealed class Reader(Stream stream)
    {
        private const int MostBytes = 1 << 12;

        private byte[] bytes = new byte[1 << 16];
        private char[] chars = new char[256];
        private int at;
        private int end;

        public int Int()
        {
            Need(4);
            var value = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at));
            at += 4;
            return value;
        }

        public ReadOnlySpan<char> Text()
        {
            // BinaryWriter's length: 7 bits a byte, low bits first, the top bit set while more follow.
            var length = 0;
            for (var shift = 0; ; shift += 7)
            {
                Need(1);
                var b = bytes[at++];
                length |= (b & 0x7F) << shift;
                if (b < 0x80)
                {
                    break;
                }

                if (shift > 21)
                {
                    throw new InvalidDataException("it is not as it was written");
                }
            }

            // Ids are short (a few dozen characters at most): a longer string is damage, not data to make room for.
            if (length > MostBytes)
            {
                throw new InvalidDataException("it is not as it was written");
            }

            Need(length);
            if (length > chars.Length)
            {
                chars = new char[length];
            }

            var text = chars.AsSpan(0, Encoding.UTF8.GetChars(bytes.AsSpan(at, length), chars));
            at += length;
            return text;
        }

        /// <summary>Makes sure the next <paramref name="count"/> bytes are in the buffer.</summary>
        private void Need(int count)
        {
            if (end - at >= count)
            {
                return;
            }

            if (count > bytes.Length)
            {
                Array.Resize(ref bytes, count);
            }

            bytes.AsSpan(at, end - at).CopyTo(bytes);
            (end, at) = (end - at, 0);
            while (end < count)
            {
                var read = stream.Read(bytes, end, bytes.Length - end);
                if (read == 0)
                {
                    throw new InvalidDataException("it ends early");
                }

                end += read;
            }
        }
    }
}
