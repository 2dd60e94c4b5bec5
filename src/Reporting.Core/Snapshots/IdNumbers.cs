namespace Caseload.Reporting.Improvement;

/// <summary>
/// Numbers the children seen in a year of snapshots, 0, 1, 2… in the order first seen, found by their id as a span.
/// </summary>
/// <remarks>
/// A year of national snapshots names about two million children, each looked up once a week. A dictionary of
/// strings held an object per child and chased three pointers a lookup; here the ids sit end to end in one buffer
/// and an open-addressed table holds each child's number beside its hash, so a lookup is one probe and one compare,
/// and the whole index is a handful of arrays the collector never walks.
/// </remarks>
internal sealed class ChildNumbers
{
    private char[] ids = new char[1 << 16];
    private int[] ends = new int[1 << 12];
    private int[] hashes = new int[1 << 12];

    // Each slot: a child's number + 1, or 0 when empty; kept at most half full.
    private int[] slots = new int[1 << 13];

    /// <summary>How many children are numbered.</summary>
    public int Count { get; private set; }

    /// <summary>The child's number, numbering it when first seen.</summary>
    public int Number(ReadOnlySpan<char> id)
    {
        var hash = string.GetHashCode(id);
        var mask = slots.Length - 1;
        var slot = hash & mask;
        for (; slots[slot] != 0; slot = (slot + 1) & mask)
        {
            var child = slots[slot] - 1;
            if (hashes[child] == hash && Id(child).SequenceEqual(id))
            {
                return child;
            }
        }

        return Add(id, hash, slot);
    }

    /// <summary>The child's number, or -1 when the child was never seen.</summary>
    public int Find(ReadOnlySpan<char> id)
    {
        var hash = string.GetHashCode(id);
        var mask = slots.Length - 1;
        for (var slot = hash & mask; slots[slot] != 0; slot = (slot + 1) & mask)
        {
            var child = slots[slot] - 1;
            if (hashes[child] == hash && Id(child).SequenceEqual(id))
            {
                return child;
            }
        }

        return -1;
    }

    /// <summary>A numbered child's id.</summary>
    public ReadOnlySpan<char> Id(int child) => ids.AsSpan()[(child == 0 ? 0 : ends[child - 1])..ends[child]];

    private int Add(ReadOnlySpan<char> id, int hash, int slot)
    {
        var child = Count++;
        if (child == ends.Length)
        {
            Array.Resize(ref ends, ends.Length * 2);
            Array.Resize(ref hashes, hashes.Length * 2);
        }

        var start = child == 0 ? 0 : ends[child - 1];
        if (start + id.Length > ids.Length)
        {
            Array.Resize(ref ids, Math.Max(ids.Length * 2, start + id.Length));
        }

        id.CopyTo(ids.AsSpan(start));
        ends[child] = start + id.Length;
        hashes[child] = hash;
        slots[slot] = child + 1;
        if (Count * 2 > slots.Length)
        {
            Rehash();
        }

        return child;
    }

    private void Rehash()
    {
        slots = new int[slots.Length * 2];
        var mask = slots.Length - 1;
        for (var child = 0; child < Count; child++)
        {
            var slot = hashes[child] & mask;
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            slots[slot] = child + 1;
        }
    }
}
