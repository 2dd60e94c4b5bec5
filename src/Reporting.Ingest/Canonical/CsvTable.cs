using Sylvan.Data.Csv;

namespace Caseload.Reporting.Ingest.Canonical;

/// <summary>A column a snapshot file may have.</summary>
/// <param name="Name">Its header name, lower case.</param>
/// <param name="Required">Whether the file is invalid without it.</param>
internal sealed record CsvColumn(string Name, bool Required);

/// <summary>
/// One CSV file of a snapshot, read a record at a time. Headers match case-insensitively after trimming, in any
/// order; cells are trimmed; blank lines are skipped; <see cref="Line"/> is the line a record starts on as a text
/// editor counts them, however many line breaks quoted fields held before it.
/// </summary>
internal sealed class CsvTable : IDisposable
{
    private readonly CsvDataReader reader;
    private readonly int[] ordinals;
    private int nextLine = 2;

    private CsvTable(string file, CsvDataReader reader, int[] ordinals)
    {
        File = file;
        this.reader = reader;
        this.ordinals = ordinals;
    }

    /// <summary>The file's name.</summary>
    public string File { get; }

    /// <summary>The line the current record starts on (the header is line 1).</summary>
    public int Line { get; private set; } = 1;

    /// <summary>Why reading stopped early, when the CSV itself was malformed; for the caller to report.</summary>
    public Problem? Malformed { get; private set; }

    /// <summary>
    /// Opens a file over its header, reporting every required column it lacks; null (and a problem) when the
    /// stream is null (the file is missing).
    /// </summary>
    public static CsvTable? Open(Stream? stream, string file, IReadOnlyList<CsvColumn> columns, List<Problem> problems)
    {
        if (stream is null)
        {
            problems.Add(new Problem(Severity.Error, "file_missing", file, null, null,
                "the file is missing; a snapshot folder needs teams.csv, workers.csv and allocations.csv"));
            return null;
        }

        // StreamReader drops a UTF-8 BOM; without one it reads UTF-8 too.
        var text = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var reader = CsvDataReader.Create(text, new CsvDataReaderOptions
        {
            HasHeaders = true,
            Delimiter = ',',
            BufferSize = 1 << 16,
            ResultSetMode = ResultSetMode.SingleResult,
            OwnsReader = true,
        });

        var ordinals = new int[columns.Count];
        Array.Fill(ordinals, -1);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var header = reader.GetName(i).AsSpan().Trim().TrimStart('\uFEFF').Trim();
            for (var c = 0; c < columns.Count; c++)
            {
                if (ordinals[c] < 0 && header.Equals(columns[c].Name, StringComparison.OrdinalIgnoreCase))
                {
                    ordinals[c] = i;
                }
            }
        }

        if (reader.FieldCount == 0)
        {
            problems.Add(new Problem(Severity.Error, "file_empty", file, 1, null,
                $"the file is empty; it needs a header row naming at least {string.Join(", ", columns.Where(c => c.Required).Select(c => c.Name))}"));
        }
        else
        {
            for (var c = 0; c < columns.Count; c++)
            {
                if (columns[c].Required && ordinals[c] < 0)
                {
                    problems.Add(new Problem(Severity.Error, "column_missing", file, 1, columns[c].Name,
                        "required column is missing from the header row; add it (names match in any case and order)"));
                }
            }
        }

        return new CsvTable(file, reader, ordinals);
    }

    /// <summary>Moves to the next record that is not a blank line; false at the end, or on malformed CSV (see <see cref="Malformed"/>).</summary>
    public bool Read()
    {
        while (true)
        {
            try
            {
                if (!reader.Read())
                {
                    return false;
                }
            }
            catch (CsvFormatException e)
            {
                Malformed = new Problem(Severity.Error, "csv_malformed", File, nextLine, null,
                    $"malformed CSV ({e.Message}); check the quoting of this record");
                return false;
            }

            Line = nextLine;
            var raw = reader.GetRawRecordSpan();
            nextLine += LineBreaks(raw);
            if (reader.RowFieldCount > 1 || !reader.GetFieldSpan(0).IsWhiteSpace())
            {
                return true;
            }
        }
    }

    /// <summary>Whether the file has this column.</summary>
    public bool Has(int column) => ordinals[column] >= 0;

    /// <summary>The trimmed cell of a column in the current record; empty when not given.</summary>
    public ReadOnlySpan<char> this[int column]
    {
        get
        {
            var ordinal = ordinals[column];
            return ordinal >= 0 && ordinal < reader.RowFieldCount ? reader.GetFieldSpan(ordinal).Trim() : default;
        }
    }

    /// <inheritdoc />
    public void Dispose() => reader.Dispose();

    private static int LineBreaks(ReadOnlySpan<char> raw)
    {
        var first = raw.IndexOfAny('\r', '\n');
        if (first < 0)
        {
            return 0;
        }

        // Nearly every record is one line ending in its terminator: no need to count.
        if (first == raw.Length - 1 || (first == raw.Length - 2 && raw[first] == '\r' && raw[^1] == '\n'))
        {
            return 1;
        }

        var breaks = 0;
        for (var i = first; i < raw.Length; i++)
        {
            if (raw[i] == '\n' || (raw[i] == '\r' && (i + 1 == raw.Length || raw[i + 1] != '\n')))
            {
                breaks++;
            }
        }

        return breaks;
    }
}
