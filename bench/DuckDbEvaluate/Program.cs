using DuckDB.NET.Data;

// Usage: DuckDbEvaluate <snapshot folder> <as-of yyyy-MM-dd> <output folder>
// Runs evaluate.sql (the built-in default policy, as `reporting evaluate` applies it) over the folder's CSV files and
// writes the workers' and teams' evaluation as JSON into the output folder, as `reporting evaluate --format json`
// writes its one document.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: DuckDbEvaluate <snapshot folder> <as-of yyyy-MM-dd> <output folder>");
    return 2;
}

var sql = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "evaluate.sql"))
    .Replace("{folder}", args[0].Replace("'", "''", StringComparison.Ordinal), StringComparison.Ordinal)
    .Replace("{asOf}", args[1], StringComparison.Ordinal)
    .Replace("{out}", args[2].Replace("'", "''", StringComparison.Ordinal), StringComparison.Ordinal);
Directory.CreateDirectory(args[2]);
using var connection = new DuckDBConnection("Data Source=:memory:");
connection.Open();
using var command = connection.CreateCommand();
command.CommandText = sql;
command.ExecuteNonQuery();
return 0;
