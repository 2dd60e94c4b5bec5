using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

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
        var tools = toolsDirectory ?? FindTools();
        var executable = Path.Combine(tools, "node_modules", ".bin", "azurite-table");
        await InstallAsync(tools, executable, cancellationToken).ConfigureAwait(false);

        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var start = new ProcessStartInfo(executable)
            {
                WorkingDirectory = tools,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "--tableHost", "127.0.0.1", "--tablePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck" })
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
            var started = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
            process.OutputDataReceived += (_, e) => Watch(e.Data);
            process.ErrorDataReceived += (_, e) => Watch(e.Data);
            process.Exited += (_, _) => started.TrySetResult(false);
            process.EnableRaisingEvents = true;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            using (timeout.Token.Register(() => started.TrySetCanceled(timeout.Token)))
            {
                try
                {
                    if (await started.Task.ConfigureAwait(false))
                    {
                        return new AzuriteServer(process, port);
                    }
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    throw;
                }
            }

            process.Dispose();
            if (attempt == 3)
            {
                throw new InvalidOperationException($"Azurite did not start: {string.Join(Environment.NewLine, output)}");
            }

            void Watch(string? line)
            {
                if (line is null)
                {
                    return;
                }

                output.Enqueue(line);
                if (line.Contains("successfully started", StringComparison.OrdinalIgnoreCase))
                {
                    started.TrySetResult(true);
                }
            }
        }
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

    /// <summary>
    /// <c>npm ci</c> from the lock file, once per lock file. Test projects start in parallel, so the install holds a
    /// lock that a second process waits on, and "installed" is a marker written after npm succeeds (npm links the
    /// executable long before it finishes).
    /// </summary>
    private static async Task InstallAsync(string tools, string executable, CancellationToken cancellationToken)
    {
        var lockFile = await File.ReadAllBytesAsync(Path.Combine(tools, "package-lock.json"), cancellationToken).ConfigureAwait(false);
        var installed = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(lockFile));
        var marker = Path.Combine(tools, "node_modules", ".caseload-installed");
        if (IsInstalled())
        {
            return;
        }

        var held = await HoldAsync(Path.Combine(tools, ".install.lock"), cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            if (IsInstalled())
            {
                return;
            }

            var start = new ProcessStartInfo("npm") { WorkingDirectory = tools, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "ci", "--no-audit", "--no-fund" })
            {
                start.ArgumentList.Add(argument);
            }

            using var npm = Process.Start(start) ?? throw new InvalidOperationException("Could not start npm: is Node.js 20 installed?");
            var output = npm.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = npm.StandardError.ReadToEndAsync(cancellationToken);
            await npm.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (npm.ExitCode != 0 || !File.Exists(executable))
            {
                throw new InvalidOperationException($"npm ci in {tools} failed ({npm.ExitCode}): {await error.ConfigureAwait(false)}{await output.ConfigureAwait(false)}");
            }

            await File.WriteAllTextAsync(marker, installed, cancellationToken).ConfigureAwait(false);
        }

        bool IsInstalled() => File.Exists(executable) && File.Exists(marker) && File.ReadAllText(marker) == installed;
    }

    private static async Task<FileStream> HoldAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                await Task.Delay(500, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string FindTools()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var tools = Path.Combine(folder.FullName, "tools", "azurite");
                if (File.Exists(Path.Combine(tools, "package.json")))
                {
                    return tools;
                }
            }
        }

        throw new InvalidOperationException("tools/azurite/package.json was not found above the working folder; run from the repository, or set Reporting:Storage.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
