namespace Caseload.Reporting.Snapshots;

/// <summary>
/// Numbers ids — children's, families' — 0, 1, 2… in the order first seen, found by the id as a span.
/// </summary>
/// <remarks>
/// A snapshot names half a million children, and a year of national snapshots two million, each looked up once a
/// week. A dictionary of strings held an object per id and chased three pointers a lookup, and its span lookup, a
/// generic instance no ReadyToRun image holds, ran unoptimised for much of a run; here the ids sit end to end in one
/// buffer and an open-addressed table holds each id's number beside its hash, so a lookup is one probe and one
/// compare, compiled ahead of time, and the whole index is a handful of arrays the collector never walks.
/// </remarks>
internal sealed class IdNumbers
{
    private char[] ids;
    private int[] ends;
    private int[] hashes;

    // Each slot: an id's number + 1, or 0 when empty; kept at most half full.
    private int[] slots;

    /// <summary>An empty numbering, sized for about <paramref name="expected"/> ids.</summary>
    public IdNumbers(int expected = 4096)
    {
        var size = (int)Math.Max(4096, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)expected));

        // Ids run to about 8 characters (a case system's numbers); longer ones grow the buffer once or twice.
        ids = new char[size * 8];
        ends = new int[size];
        hashes = new int[size];
        slots = new int[size * 2];
    }

    /// <summary>How many ids are numbered.</summary>
    public int Count { get; private set; }

    /// <summary>The id's number, numbering it when first seen.</summary>
    public int Number(ReadOnlySpan<char> id)
    {
        var hash = string.GetHashCode(id);
        var mask = slots.Length - 1;
        var slot = hash & mask;
        for (; slots[slot] != 0; slot = (slot + 1) & mask)
        {
            var number = slots[slot] - 1;
            if (hashes[number] == hash && Id(number).SequenceEqual(id))
            {
                return number;
            }
        }

        return Add(id, hash, slot);
    }

    /// <summary>The id's number, or -1 when it was never seen.</summary>
    public int Find(ReadOnlySpan<char> id)
    {
        var hash = string.GetHashCode(id);
        var mask = slots.Length - 1;
        for (var slot = hash & mask; slots[slot] != 0; slot = (slot + 1) & mask)
        {
            var number = slots[slot] - 1;
            if (hashes[number] == hash && Id(number).SequenceEqual(id))
            {
                return number;
            }
        }

        return -1;
    }

    /// <summary>The ids numbered so far, read-only; the numbering should not be added to after.</summary>
    public Ids ToIds() => new(ids, ends, Count);

    /// <summary>A numbered id.</summary>
    public ReadOnlySpan<char> Id(int number) => ids.AsSpan()[(number == 0 ? 0 : ends[number - 1])..ends[number]];

    private int Add(ReadOnlySpan<char> id, int hash, int slot)
    {
        var number = Count++;
        if (number == ends.Length)
        {
            Array.Resize(ref ends, ends.Length * 2);
            Array.Resize(ref hashes, hashes.Length * 2);
        }

        var start = number == 0 ? 0 : ends[number - 1];
        if (start + id.Length > ids.Length)
        {
            Array.Resize(ref ids, Math.Max(ids.Length * 2, start + id.Length));
        }

        id.CopyTo(ids.AsSpan(start));
        ends[number] = start + id.Length;
        hashes[number] = hash;
        slots[slot] = number + 1;
        if (Count * 2 > slots.Length)
        {
            Rehash();
        }

        return number;
    }

    private void Rehash()
    {
        slots = new int[slots.Length * 2];
        var mask = slots.Length - 1;
        for (var number = 0; number < Count; number++)
        {
            var slot = hashes[number] & mask;
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            slots[slot] = number + 1;
        }
    }
}
