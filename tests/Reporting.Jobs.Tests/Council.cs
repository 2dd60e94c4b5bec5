using System.Text;
using Caseload.Reporting.Cli;

namespace Caseload.Reporting.Tests;

/// <summary>Snapshot folders for a test: a synthetic council's weeks, made through the real <c>reporting generate</c>.</summary>
internal sealed class CouncilFolders : IDisposable
{
    public CouncilFolders(int weeks, int workers = 60, int seed = 3, string from = "2026-09-07", string format = "canonical")
    {
        using var stdout = new MemoryStream();
        var exit = ReportingCli.Run(["generate", "--out", Root, "--weeks", $"{weeks}", "--workers", $"{workers}", "--seed", $"{seed}", "--from", from, "--format", format], stdout, TextWriter.Null);
        Assert.Equal(0, exit);
        Weeks = Encoding.UTF8.GetString(stdout.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "caseload-tests", Guid.NewGuid().ToString("N"));

    /// <summary>One snapshot folder per week, oldest first.</summary>
    public IReadOnlyList<string> Weeks { get; }

    public string Outbox => Path.Combine(Root, "outbox");

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
