using System.Text;
using Caseload.Reporting.Cli;

namespace Caseload.Reporting.Tests;

/// <summary>Runs the <c>reporting</c> command line in process, through its real entry point.</summary>
internal static class Cli
{
    public static string Example(params string[] path) => Path.Combine([AppContext.BaseDirectory, "Fixtures", "example", .. path]);

    public static (int Exit, string Out, string Error) Run(params string[] args)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var exit = ReportingCli.Run(args, stdout, stderr, new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        return (exit, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }
}

/// <summary>A folder a test writes into, removed afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "caseload-tests", Guid.NewGuid().ToString("N"));

    public TempFolder() => Directory.CreateDirectory(Path);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
