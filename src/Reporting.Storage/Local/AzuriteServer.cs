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

    private readonly string service;

    private AzuriteServer(Process process, int port, string service)
    {
        this.process = process;
        this.service = service;
        Port = port;
    }

    /// <summary>The loopback port the service listens on.</summary>
    public int Port { get; }

    /// <summary>A connection string for the service (Azurite's well-known development account).</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};{(service == "blob" ? "BlobEndpoint" : "TableEndpoint")}=http://127.0.0.1:{Port}/devstoreaccount1;";

    /// <summary>Installs (once) and starts Azurite's table service.</summary>
    /// <param name="toolsDirectory">The folder with Azurite's package.json; found above the working folder or this program when not given.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public static Task<AzuriteServer> StartAsync(string? toolsDirectory = null, CancellationToken cancellationToken = default) =>
        StartAsync("table", toolsDirectory, cancellationToken);

    /// <summary>Installs (once) and starts Azurite's blob service, for blob-drop sources.</summary>
    /// <param name="toolsDirectory">The folder with Azurite's package.json; found above the working folder or this program when not given.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public static Task<AzuriteServer> StartBlobAsync(string? toolsDirectory = null, CancellationToken cancellationToken = default) =>
        StartAsync("blob", toolsDirectory, cancellationToken);

    private static async Task<AzuriteServer> StartAsync(string service, string? toolsDirectory, CancellationToken cancellationToken)
    {
        var tools = toolsDirectory ?? PinnedNodeTool.Find("azurite");
        var executable = await PinnedNodeTool.InstallAsync(tools, $"azurite-{service}", cancellationToken).ConfigureAwait(false);
        var (process, port) = await PinnedNodeTool.StartAsync(
            tools,
            executable,
            port => [$"--{service}Host", "127.0.0.1", $"--{service}Port", port, "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck"],
            service == "blob" ? "successfully listens" : "successfully started",
            cancellationToken).ConfigureAwait(false);
        return new AzuriteServer(process, port, service);
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
