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
    private static readonly System.Text.Encoding Windows1252 = CodePage1252();

    /// <summary>Characters of the reader's buffer at most, which bounds a record's length.</summary>
    private const int BufferSize = 1 << 16;
    private readonly CsvDataReader reader;
    private readonly int[] ordinals;
    private Action<Problem> report;
    private int nextLine = 2;

    private CsvTable(string file, CsvDataReader reader, int[] ordinals, int? lines, ProblemLog problems)
    {
        File = file;
        Lines = lines;
        this.reader = reader;
        this.ordinals = ordinals;
        report = problems.Add;
    }

    /// <summary>The file's name.</summary>
    public string File { get; }

    /// <summary>How many lines the file has (at least its records), counted as its encoding was checked; null when they were not all counted (a stream that cannot be rewound, a file found not to be UTF-8).</summary>
    public int? Lines { get; }

    /// <summary>The line the current record starts on (the header is line 1).</summary>
    public int Line { get; private set; } = 1;

    /// <summary>The header row's names, trimmed, as the file gives them.</summary>
    public IReadOnlyList<string> Headers { get; private init; } = [];

    /// <summary>Why reading stopped early, when the CSV itself was malformed; for the caller to report.</summary>
    public Problem? Malformed { get; private set; }

    /// <summary>
    /// Opens a file over its header, reporting every required column it lacks; null (and a problem) when the
    /// stream is null (the file is missing).
    /// </summary>
    public static CsvTable? Open(Stream? stream, string file, IReadOnlyList<CsvColumn> columns, ProblemLog problems)
    {
        if (stream is null)
        {
            problems.Add(new Problem(Severity.Error, "file_missing", file, null, null,
                "the file is missing; a snapshot folder needs teams.csv, workers.csv and allocations.csv (or, from the SSD, ssd_involvements.csv and ssd_cin_episodes.csv)"));
            return null;
        }

        var (encoding, notText, lines) = Sniff(stream);
        if (notText is not null)
        {
            stream.Dispose();
            problems.Add(new Problem(Severity.Error, "file_not_csv", file, null, null, notText));
            return null;
        }

        // Buffers no larger than the file (which still holds its longest record): most files are far smaller than a
        // national roster's, and a buffer of the largest size is on the large-object heap, whose every few megabytes
        // allocated cost a full (background) collection.
        var buffer = stream.CanSeek ? (int)Math.Clamp(stream.Length + 1, 4096, BufferSize) : BufferSize;

        // StreamReader drops a UTF-8 BOM; without one it reads the encoding sniffed.
        var text = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: buffer);
        CsvDataReader reader;
        try
        {
            reader = CsvDataReader.Create(text, new CsvDataReaderOptions
            {
                HasHeaders = true,
                Delimiter = ',',
                BufferSize = buffer,
                ResultSetMode = ResultSetMode.SingleResult,
                OwnsReader = true,
            });
        }
        catch (CsvMissingHeadersException)
        {
            text.Dispose();
            problems.Add(Empty(file, columns));
            return null;
        }
        catch (CsvRecordTooLargeException)
        {
            text.Dispose();
            problems.Add(TooLong(file, null));
            return null;
        }
        catch (CsvFormatException)
        {
            // The header row itself is malformed (a quote left open runs to the end of the file). Sylvan's message
            // may quote the text: it could hold a child's id, so it is not passed on.
            text.Dispose();
            problems.Add(new Problem(Severity.Error, "csv_malformed", file, 1, null, "malformed CSV in the header row: a quote is left open, or a quoted value runs into other characters; check its quoting"));
            return null;
        }

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
            problems.Add(Empty(file, columns));
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

        var headers = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetName(i).Trim().TrimStart('\uFEFF').Trim()).ToList();
        return new CsvTable(file, reader, ordinals, lines, problems) { Headers = headers };
    }

    /// <summary>
    /// Where the problems of the records read from now on go (the log the table was opened with, until this is
    /// called): a thread that parses records into batches reports each with its batch, so that the problems reach
    /// the log in file order and from one thread.
    /// </summary>
    public void ReportRecordsTo(Action<Problem> problems) => report = problems ?? throw new ArgumentNullException(nameof(problems));

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
            catch (CsvRecordTooLargeException)
            {
                Malformed = TooLong(File, nextLine);
                return false;
            }
            catch (CsvFormatException)
            {
                // Sylvan's message may quote the record: it could hold a child's id, so it is not passed on.
                Malformed = new Problem(Severity.Error, "csv_malformed", File, nextLine, null,
                    "malformed CSV: a quote is left open, or a quoted value runs into other characters; check the quoting of this record");
                return false;
            }

            Line = nextLine;
            var raw = reader.GetRawRecordSpan();
            nextLine += LineBreaks(raw);
            if (reader.RowFieldCount > 1 || !reader.GetFieldSpan(0).IsWhiteSpace())
            {
                CheckWidth();
                return true;
            }
        }
    }

    /// <summary>A record longer than the reader's buffer: no real extract's line is, so the file is not what it is named.</summary>
    private static Problem TooLong(string file, int? line) => new(Severity.Error, "record_too_long", file, line, null,
        $"a record is longer than {BufferSize:N0} characters, far longer than any line of a real extract: is it the right file?");

    private static Problem Empty(string file, IReadOnlyList<CsvColumn> columns) => new(Severity.Error, "file_empty", file, 1, null,
        $"the file is empty; it needs a header row naming at least {string.Join(", ", columns.Where(c => c.Required).Select(c => c.Name))}");

    /// <summary>
    /// A record with more cells than the header has, beyond empty trailing ones, has probably had a value split by
    /// an unquoted comma: every cell after it would be read from the wrong column.
    /// </summary>
    private void CheckWidth()
    {
        for (var i = reader.FieldCount; i < reader.RowFieldCount; i++)
        {
            if (!reader.GetFieldSpan(i).IsWhiteSpace())
            {
                report(new Problem(Severity.Error, "record_too_wide", File, Line, null,
                    $"the record has {reader.RowFieldCount} cells but the header names {reader.FieldCount}; a value holding a comma must be in double quotes"));
                return;
            }
        }
    }

    /// <summary>
    /// The file's encoding: UTF-8 when every byte is valid UTF-8 (with or without a BOM), otherwise Windows-1252,
    /// which is what Excel's "CSV" writes. A file that is plainly not text (a zip or xlsx, a PDF, NUL bytes) is
    /// refused with what it looks like. The whole file is checked (SIMD, milliseconds for tens of megabytes), so a
    /// 1252 character far down a file cannot be misread; its line breaks are counted on the way; the stream is then
    /// rewound.
    /// </summary>
    private static (System.Text.Encoding Encoding, string? NotText, int? Lines) Sniff(Stream stream)
    {
        if (!stream.CanSeek)
        {
            return (System.Text.Encoding.UTF8, null, null);
        }

        var buffer = new byte[Math.Clamp(stream.Length - stream.Position + 1, 16, 1 << 20)];
        var carried = 0;
        var valid = true;
        var first = true;
        var lines = 1L;
        for (int read; (read = stream.Read(buffer, carried, buffer.Length - carried)) > 0;)
        {
            var length = carried + read;
            var span = buffer.AsSpan(0, length);
            lines += span[carried..].Count((byte)'\n');
            if (first)
            {
                first = false;
                var head = span[..Math.Min(span.Length, 8192)];
                if (head.StartsWith("PK\u0003\u0004"u8))
                {
                    return (System.Text.Encoding.UTF8, "is a zip archive (an .xlsx workbook is one), not CSV; save the sheet as CSV (UTF-8) or give the workbook as an Annex A source", null);
                }

                if (head.StartsWith("%PDF"u8))
                {
                    return (System.Text.Encoding.UTF8, "is a PDF, not CSV", null);
                }

                if (head.Contains((byte)0))
                {
                    return (System.Text.Encoding.UTF8, "holds NUL bytes, so it is not a CSV text file (or is UTF-16: save it as CSV UTF-8)", null);
                }
            }

            // A multi-byte character cut by the buffer's end is carried into the next read.
            var cut = Incomplete(span);
            if (valid && !System.Text.Unicode.Utf8.IsValid(span[..^cut]))
            {
                valid = false;
                break;
            }

            span[^cut..].CopyTo(buffer);
            carried = cut;
        }

        stream.Seek(0, SeekOrigin.Begin);
        // A file found not to be UTF-8 was not read to its end: its lines were not all counted.
        return valid && carried == 0 ? (System.Text.Encoding.UTF8, null, (int)Math.Min(lines, int.MaxValue)) : (Windows1252, null, null);
    }

    /// <summary>How many bytes at the end begin a UTF-8 sequence that the span does not finish.</summary>
    private static int Incomplete(ReadOnlySpan<byte> span)
    {
        for (var back = 1; back <= Math.Min(3, span.Length); back++)
        {
            var b = span[^back];
            if ((b & 0xC0) != 0x80)
            {
                var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
                return needed > back ? back : 0;
            }
        }

        return 0;
    }

    private static System.Text.Encoding CodePage1252()
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        return System.Text.Encoding.GetEncoding(1252);
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
