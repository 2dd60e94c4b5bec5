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
    private readonly bool persistent;

    private AzuriteServer(Process process, int tablePort, int blobPort, bool persistent)
    {
        this.process = process;
        this.persistent = persistent;
        TablePort = tablePort;
        BlobPort = blobPort;
    }

    /// <summary>The loopback port the table service listens on.</summary>
    public int TablePort { get; }

    /// <summary>The loopback port the blob service listens on.</summary>
    public int BlobPort { get; }

    /// <summary>A connection string for both services (Azurite's well-known development account).</summary>
    public string ConnectionString => ConnectionStringFor(TablePort, BlobPort);

    /// <summary>The connection string of an Azurite on these loopback ports, whether or not one is listening there yet.</summary>
    public static string ConnectionStringFor(int tablePort, int blobPort) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    /// <summary>Installs (once) and starts Azurite.</summary>
    /// <param name="options">Its ports and where it keeps its data; free ports and memory when not given.</param>
    /// <param name="toolsDirectory">The folder with Azurite's package.json; found above the working folder or this program when not given.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public static async Task<AzuriteServer> StartAsync(AzuriteOptions? options = null, string? toolsDirectory = null, CancellationToken cancellationToken = default)
    {
        options ??= new AzuriteOptions();
        var tools = toolsDirectory ?? PinnedNodeTool.Find("azurite");
        var executable = await PinnedNodeTool.InstallAsync(tools, "azurite", cancellationToken).ConfigureAwait(false);
        var (tablePort, blobPort) = (options.TablePort, options.BlobPort);
        var (process, _) = await PinnedNodeTool.StartAsync(
            tools,
            executable,
            port =>
            {
                tablePort = options.TablePort != 0 ? options.TablePort : int.Parse(port, CultureInfo.InvariantCulture);
                blobPort = options.BlobPort != 0 ? options.BlobPort : PinnedNodeTool.FreePort();
                string[] storage = options.DataDirectory is { } data
                    ? ["--location", Directory.CreateDirectory(data).FullName]
                    : ["--inMemoryPersistence"];
                return
                [
                    "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(CultureInfo.InvariantCulture),
                    "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(CultureInfo.InvariantCulture),
                    "--queueHost", "127.0.0.1", "--queuePort", PinnedNodeTool.FreePort().ToString(CultureInfo.InvariantCulture),
                    // --silent: no access log, a line for every request that was only read and kept here.
                    .. storage, "--disableTelemetry", "--skipApiVersionCheck", "--silent",
                ];
            },
            ["Blob service is successfully listening", "Table service is successfully listening"],
            cancellationToken).ConfigureAwait(false);
        return new AzuriteServer(process, tablePort, blobPort, options.DataDirectory is not null);
    }

    /// <summary>How long one keeping its data on disk is given to save it and stop when asked, before it is killed.</summary>
    public static TimeSpan Patience { get; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Stops Azurite. One keeping its data on disk is asked to stop (SIGTERM), so that it writes its tables out first
    /// — killed, it would lose what it had not yet saved; it is killed after <see cref="Patience"/>. One in memory is
    /// killed.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited && persistent && await TerminateAsync(process.Id).ConfigureAwait(false))
        {
            using var patience = new CancellationTokenSource(Patience);
            try
            {
                await process.WaitForExitAsync(patience.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // It did not stop when asked: it is killed below.
            }
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        process.Dispose();
    }

    /// <summary>SIGTERM, by kill(1): .NET itself can only kill.</summary>
    private static async Task<bool> TerminateAsync(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        if (kill is null)
        {
            return false;
        }

        await kill.WaitForExitAsync().ConfigureAwait(false);
        return kill.ExitCode == 0;
    }
}

/// <summary>Where Azurite listens and keeps its data.</summary>
public sealed record AzuriteOptions
{
    /// <summary>The table service's loopback port; 0 for any free one.</summary>
    public int TablePort { get; init; }

    /// <summary>The blob service's loopback port; 0 for any free one.</summary>
    public int BlobPort { get; init; }

    /// <summary>The folder it keeps its data in, kept across restarts; null to keep it in memory only.</summary>
    public string? DataDirectory { get; init; }
}
