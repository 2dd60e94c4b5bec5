using System.Globalization;
using Caseload.Reporting.Benchmarks;
using Caseload.Reporting.Ingest.Canonical;

namespace Caseload.Reporting.Ingest.Benchmarks;

/// <summary>
/// DfE's statistical neighbours (benchmarks spec): a row per council and neighbour, ranked 1 (nearest) to 10, with
/// DfE's word for how close. Refused whole at its line and column when a row is not so.
/// </summary>
public static class NeighboursFile
{
    private const int Code = 0, Name = 1, Rank = 2, NeighbourCode = 3, NeighbourName = 4, Closeness = 5;

    /// <summary>The most neighbours DfE names for a council.</summary>
    public const int MostNeighbours = 10;

    private static readonly string[] Columns = ["old_la_code", "la_name", "rank", "neighbour_old_la_code", "neighbour_la_name", "closeness"];

    /// <summary>Reads a file from disk.</summary>
    /// <returns>The neighbours, and the file's bytes exactly as read.</returns>
    /// <exception cref="InvalidInputException">The file is not DfE's statistical neighbours; every problem is listed.</exception>
    public static (StatisticalNeighbours Neighbours, byte[] Bytes) Read(string path) => PublishedFile.Read(path, Parse);

    /// <summary>Reads a file's bytes.</summary>
    /// <exception cref="InvalidInputException">The bytes are not DfE's statistical neighbours.</exception>
    public static StatisticalNeighbours Read(byte[] bytes, string name) => PublishedFile.Read(bytes, name, Parse);

    private static StatisticalNeighbours Parse(Stream stream, string name, string sha256, ProblemLog problems)
    {
        var byCouncil = new Dictionary<string, List<Neighbour>>(StringComparer.Ordinal);
        using (var table = PublishedFile.Open(stream, name, Columns, problems))
        {
            if (table is null || problems.HasErrors)
            {
                return Result(byCouncil, sha256);
            }

            foreach (var line in PublishedFile.Records(table, problems))
            {
                var before = problems.Occurrences;
                var council = PublishedFile.Code(table, Code, Columns[Code], problems);
                PublishedFile.Text(table, Name, Columns[Name], required: false, problems);
                var rankCell = table[Rank];
                int? rank = int.TryParse(rankCell, NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r is >= 1 and <= MostNeighbours ? r : null;
                if (rank is null)
                {
                    problems.Add(PublishedFile.Error(table, Columns[Rank], $"is not a rank from 1 (nearest) to {MostNeighbours}"));
                }

                var neighbour = PublishedFile.Code(table, NeighbourCode, Columns[NeighbourCode], problems);
                var neighbourName = PublishedFile.Text(table, NeighbourName, Columns[NeighbourName], required: false, problems);
                var closeness = PublishedFile.Text(table, Closeness, Columns[Closeness], required: false, problems) ?? "";
                if (problems.Occurrences > before)
                {
                    continue;
                }

                var list = byCouncil.TryGetValue(council!, out var known) ? known : byCouncil[council!] = [];
                if (list.Any(n => n.Rank == rank || n.Code == neighbour))
                {
                    problems.Add(new Problem(Severity.Error, "published_repeat", name, line, null, $"names council {council}'s neighbour of rank {rank}, or neighbour {neighbour}, a second time: keep one"));
                    continue;
                }

                if (neighbour == council)
                {
                    problems.Add(PublishedFile.Error(table, Columns[NeighbourCode], "is the council itself; a council is not its own neighbour"));
                    continue;
                }

                list.Add(new Neighbour(rank!.Value, neighbour!, neighbourName, closeness));
            }
        }

        if (!problems.HasErrors && byCouncil.Count == 0)
        {
            problems.Add(new Problem(Severity.Error, "file_empty", name, null, null, "the file has a header row but no neighbours"));
        }

        return Result(byCouncil, sha256);
    }

    private static StatisticalNeighbours Result(Dictionary<string, List<Neighbour>> byCouncil, string sha256) =>
        new(byCouncil.ToDictionary(c => c.Key, c => (IReadOnlyList<Neighbour>)[.. c.Value.OrderBy(n => n.Rank)], StringComparer.Ordinal), sha256);
}
