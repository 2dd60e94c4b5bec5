using System.Collections;

namespace Caseload.Reporting.Snapshots;

/// <summary>
/// A snapshot's ids of one kind (children's, families'), numbered 0, 1, 2… and held end to end in one buffer: half a
/// million children are a few arrays rather than half a million strings the collector carries through every
/// generation. A string is made only when one is asked for; <see cref="Span"/> reads one without.
/// </summary>
public sealed class Ids : IReadOnlyList<string>
{
    private readonly char[] text;
    private readonly int[] ends;

    internal Ids(char[] text, int[] ends, int count)
    {
        this.text = text;
        this.ends = ends;
        Count = count;
    }

    /// <summary>How many ids there are.</summary>
    public int Count { get; }

    /// <summary>The id numbered <paramref name="number"/>, as a new string.</summary>
    public string this[int number] => Span(number).ToString();

    /// <summary>The id numbered <paramref name="number"/>, read in place.</summary>
    public ReadOnlySpan<char> Span(int number)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(number, Count);
        return text.AsSpan()[(number == 0 ? 0 : ends[number - 1])..ends[number]];
    }

    /// <inheritdoc />
    public IEnumerator<string> GetEnumerator()
    {
        for (var number = 0; number < Count; number++)
        {
            yield return this[number];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
