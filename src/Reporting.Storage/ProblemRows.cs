using Azure.Data.Tables;

namespace Caseload.Reporting.Storage;

/// <summary>Data-quality problems kept as rows beside what they describe: a national snapshot can have more than one entity holds.</summary>
internal static class ProblemRows
{
    public const string Prefix = "warning|";

    public static IEnumerable<TableEntity> Of(string partitionKey, IEnumerable<Problem> problems) =>
        problems.Select((p, i) => new TableEntity(partitionKey, $"{Prefix}{i:D7}")
        {
            ["Severity"] = p.Severity.ToString(),
            ["Code"] = p.Code,
            ["File"] = p.File,
            ["Line"] = p.Line,
            ["Column"] = p.Column,
            ["Message"] = p.Message,
        });

    public static Problem From(TableEntity row) => new(
        Enum.Parse<Severity>(row.GetString("Severity")),
        row.GetString("Code"),
        row.GetString("File"),
        row.GetInt32("Line"),
        row.GetString("Column"),
        row.GetString("Message"));
}
