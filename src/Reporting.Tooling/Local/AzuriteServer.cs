using System.Diagnostics;
using System.Globalization;

namespace Caseload.Reporting.Tooling.Local;

/// <summary>
/// A real local Azure Storage: the Azurite pinned in <c>tools/azurite</c>, installed with <c>npm ci</c> on first
/// use, its blob, queue and table services on free loopback ports, in memory, without telemetry; stopped when
/// disposed. For the demo and the tests, never for production.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly Process process;

    private AzuriteServer(Process process, int tablePort, int blobPort)
    {
        this.process = process;
        TablePort = tablePort;
        BlobPort = blobPort;
    }

    /// <summary>The loopback port the table service listens on.</summary>
    public int TablePort { get; }

    /// <summary>The loopback port the blob service listens on.</summary>
    public int BlobPort { get; }

    /// <summary>A connection string for both services (Azurite's well-known development account).</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    /// <summary>Installs (once) and starts Azurite.</summary>
    /// <param name="toolsDirectory">The folder with Azurite's package.json; found above the working folder or this program when not given.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public static async Task<AzuriteServer> StartAsync(string? toolsDirectory = null, CancellationToken cancellationToken = default)
    {
        var tools = toolsDirectory ?? PinnedNodeTool.Find("azurite");
        var executable = await PinnedNodeTool.InstallAsync(tools, "azurite", cancellationToken).ConfigureAwait(false);
        var blobPort = 0;
        var (process, tablePort) = await PinnedNodeTool.StartAsync(
            tools,
            executable,
            port =>
            {
                blobPort = PinnedNodeTool.FreePort();
                return
                [
                    "--tableHost", "127.0.0.1", "--tablePort", port,
                    "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(CultureInfo.InvariantCulture),
                    "--queueHost", "127.0.0.1", "--queuePort", PinnedNodeTool.FreePort().ToString(CultureInfo.InvariantCulture),
                    "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck",
                ];
            },
            ["Blob service is successfully listening", "Table service is successfully listening"],
            cancellationToken).ConfigureAwait(false);
        return new AzuriteServer(process, tablePort, blobPort);
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
