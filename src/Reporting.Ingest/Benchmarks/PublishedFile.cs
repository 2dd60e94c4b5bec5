using System.Security.Cryptography;
using Caseload.Reporting.Ingest.Canonical;

namespace Caseload.Reporting.Ingest.Benchmarks;

/// <summary>
/// A file of published statistics as a data team downloads it: read whole (a release is well under a megabyte),
/// its SHA-256 taken over the bytes as received, refused whole with every problem at <c>file:line: column</c>.
/// </summary>
internal static class PublishedFile
{
    /// <summary>The largest file read: DfE's full indicators file, every column filled, is a few megabytes.</summary>
    public const long MostBytes = 50L << 20;

    /// <summary>The most rows read: DfE's file has some 1,500, a row per year and area.</summary>
    public const int MostRows = 100_000;

    /// <summary>The longest name or code kept.</summary>
    public const int LongestText = Limits.Name;

    /// <summary>Reads a file's bytes, refusing one too large to be a release, then hands them to <paramref name="read"/>.</summary>
    /// <exception cref="InvalidInputException">The file is too large, or <paramref name="read"/> found problems.</exception>
    public static (T Value, byte[] Bytes) Read<T>(string path, Func<MemoryStream, string, string, ProblemLog, T> read)
    {
        var name = Path.GetFileName(path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new InvalidInputException([new Problem(Severity.Error, "file_missing", name, null, null, "the file does not exist")]);
        }

        if (info.Length > MostBytes)
        {
            throw new InvalidInputException([new Problem(Severity.Error, "file_too_large", name, null, null,
                $"the file is {info.Length / (1 << 20):N0} MB; a release of published statistics is a few megabytes at most: is it the right file?")]);
        }

        var bytes = File.ReadAllBytes(path);
        return (Read(bytes, name, read), bytes);
    }

    /// <summary>Reads bytes (the product's own copy, or a stored version) with <paramref name="read"/>.</summary>
    /// <exception cref="InvalidInputException"><paramref name="read"/> found problems.</exception>
    public static T Read<T>(byte[] bytes, string name, Func<MemoryStream, string, string, ProblemLog, T> read)
    {
        var problems = new ProblemLog();
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var value = read(new MemoryStream(bytes, writable: false), name, sha, problems);
        return problems.HasErrors ? throw new InvalidInputException(problems.ToList()) : value;
    }

    /// <summary>Opens the file over its header, every column required; null when it cannot be read as CSV.</summary>
    public static CsvTable? Open(Stream stream, string name, IReadOnlyList<string> columns, ProblemLog problems) =>
        CsvTable.Open(stream, name, [.. columns.Select(c => new CsvColumn(c, Required: true))], problems);

    /// <summary>Reads every record, refusing a file of more rows than a release has.</summary>
    public static IEnumerable<int> Records(CsvTable table, ProblemLog problems)
    {
        var rows = 0;
        while (table.Read())
        {
            if (++rows > MostRows)
            {
                problems.Add(new Problem(Severity.Error, "too_many_rows", table.File, table.Line, null,
                    $"the file has more than {MostRows:N0} rows; a release has a row per year and area: is it the right file?"));
                yield break;
            }

            yield return table.Line;
        }

        if (table.Malformed is { } malformed)
        {
            problems.Add(malformed);
        }
    }

    /// <summary>A cell of text, at most <see cref="LongestText"/> characters and free of control characters; null (and a problem) otherwise.</summary>
    public static string? Text(CsvTable table, int column, string name, bool required, ProblemLog problems)
    {
        var cell = table[column];
        if (cell.IsEmpty)
        {
            if (required)
            {
                problems.Add(Error(table, name, "is empty; it must be given on every row of this kind"));
            }

            return null;
        }

        if (cell.Length > LongestText || cell.ContainsAny(CellValues.ControlCharacters))
        {
            problems.Add(Error(table, name, $"is longer than {LongestText} characters or holds control characters: is the file in DfE's layout?"));
            return null;
        }

        return cell.ToString();
    }

    /// <summary>A three-digit old LA code, or null (and a problem).</summary>
    public static string? Code(CsvTable table, int column, string name, ProblemLog problems)
    {
        var cell = table[column];
        if (cell.Length == 3 && !cell.ContainsAnyExcept(CellValues.DigitCharacters))
        {
            return cell.ToString();
        }

        problems.Add(Error(table, name, cell.IsEmpty ? "is empty; give the council's three-digit old LA code, e.g. 887" : "is not a three-digit old LA code, e.g. 887"));
        return null;
    }

    /// <summary>A problem at the current record's cell.</summary>
    public static Problem Error(CsvTable table, string column, string message) =>
        new(Severity.Error, "published_value", table.File, table.Line, column, message);
}
