using System.Diagnostics;

namespace Caseload.Reporting.Storage.Local;

/// <summary>
/// A real local Table Storage: the Azurite pinned in <c>tools/azurite</c>, installed with <c>npm ci</c> on first
/// use, listening on a free loopback port, in memory, without telemetry; stopped when disposed. For the demo and
/// the tests, never for production.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly Process process;

    private AzuriteServer(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    /// <summary>The loopback port the table service listens on.</summary>
    public int Port { get; }

    /// <summary>A connection string for the table service (Azurite's well-known development account).</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    /// <summary>Installs (once) and starts Azurite's table service.</summary>
    /// <param name="toolsDirectory">The folder with Azurite's package.json; found above the working folder or this program when not given.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public static async Task<AzuriteServer> StartAsync(string? toolsDirectory = null, CancellationToken cancellationToken = default)
    {
        var tools = toolsDirectory ?? PinnedNodeTool.Find("azurite");
        var executable = await PinnedNodeTool.InstallAsync(tools, "azurite-table", cancellationToken).ConfigureAwait(false);
        var (process, port) = await PinnedNodeTool.StartAsync(
            tools,
            executable,
            port => ["--tableHost", "127.0.0.1", "--tablePort", port, "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck"],
            "successfully started",
            cancellationToken).ConfigureAwait(false);
        return new AzuriteServer(process, port);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        process.Dispose();
    }
}
