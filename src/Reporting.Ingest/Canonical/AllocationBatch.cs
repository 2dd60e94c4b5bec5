using NodaTime;

namespace Caseload.Reporting.Ingest.Canonical;

/// <summary>
/// Rows of allocations.csv parsed and checked cell by cell, handed from the thread that reads the file to the
/// thread that builds the snapshot. The problems found in a row's cells travel with it, so that they are reported
/// in file order, before what the snapshot makes of the row.
/// </summary>
internal sealed class AllocationBatch
{
    /// <summary>The most rows a batch holds: a national roster's file passes in batches of this many.</summary>
    public const int MostRows = 8192;

    private readonly List<(int Row, Problem Problem)> problems = [];
    private char[] text;
    private int textLength;

    /// <summary>A batch for up to <paramref name="rows"/> rows (at most <see cref="MostRows"/>): a small file's batches are small.</summary>
    public AllocationBatch(long rows)
    {
        Rows = new ParsedAllocation[Math.Clamp(rows, 16, MostRows)];
        text = new char[Rows.Length * 32];
    }

    public ParsedAllocation[] Rows { get; }

    public int Count { get; private set; }

    public bool IsFull => Count == Rows.Length;

    public IReadOnlyList<(int Row, Problem Problem)> Problems => problems;

    public void Clear()
    {
        Count = 0;
        textLength = 0;
        problems.Clear();
    }

    /// <summary>A problem in the cells of the row being added (the row at <see cref="Count"/>).</summary>
    public void Report(Problem problem) => problems.Add((Count, problem));

    public void Add(int line, ReadOnlySpan<char> child, ReadOnlySpan<char> family, ReadOnlySpan<char> worker, ReadOnlySpan<char> team,
        Snapshots.CaseType caseType, bool inProceedings, LocalDate? allocatedOn, LocalDate? planStart, LocalDate? lastVisit) =>
        Rows[Count++] = new ParsedAllocation(line, Append(child), Append(family), Append(worker), Append(team), caseType, inProceedings, allocatedOn, planStart, lastVisit);

    public ReadOnlySpan<char> Text(TextRange range) => text.AsSpan(range.Start, range.Length);

    private TextRange Append(ReadOnlySpan<char> value)
    {
        if (textLength + value.Length > text.Length)
        {
            Array.Resize(ref text, Math.Max(text.Length * 2, textLength + value.Length));
        }

        value.CopyTo(text.AsSpan(textLength));
        var range = new TextRange(textLength, value.Length);
        textLength += value.Length;
        return range;
    }
}

/// <summary>Where a cell's text is in its batch.</summary>
internal readonly record struct TextRange(int Start, int Length);

/// <summary>One allocation row, its cells parsed; an empty child range marks a row that cannot be added.</summary>
internal readonly record struct ParsedAllocation(
    int Line,
    TextRange Child,
    TextRange Family,
    TextRange Worker,
    TextRange Team,
    Snapshots.CaseType CaseType,
    bool InProceedings,
    LocalDate? AllocatedOn,
    LocalDate? PlanStart,
    LocalDate? LastVisit);
