using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Caseload.Reporting.Tooling.Local;

/// <summary>
/// A development tool pinned from npm in <c>tools/{name}</c> (a package.json and its lock file): installed with
/// <c>npm ci</c> on first use, started on a free loopback port, awaited until it says it is ready.
/// </summary>
public static class PinnedNodeTool
{
    /// <summary>The folder of a pinned tool, found above the working folder or this program.</summary>
    public static string Find(string name) => Path.GetDirectoryName(RepositoryFile(Path.Combine("tools", name, "package.json")))!;

    /// <summary>A file of the repository, by its path in it, found above the working folder or this program.</summary>
    /// <exception cref="InvalidOperationException">It is not there: not run from the repository.</exception>
    public static string RepositoryFile(string path)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var file = Path.Combine(folder.FullName, path);
                if (File.Exists(file))
                {
                    return file;
                }
            }
        }

        throw new InvalidOperationException($"{path} was not found above the working folder; run from the repository.");
    }

    /// <summary>Starts the tool on a free loopback port and waits for the line that says it is ready; three tries.</summary>
    /// <param name="tools">The tool's folder.</param>
    /// <param name="executable">The installed executable.</param>
    /// <param name="arguments">Its arguments, given the port chosen.</param>
    /// <param name="ready">Parts of the lines it prints once it is listening: every one must be seen.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public static async Task<(Process Process, int Port)> StartAsync(string tools, string executable, Func<string, IEnumerable<string>> arguments, IReadOnlyList<string> ready, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var output = new ConcurrentQueue<string>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var port = FreePort();
            var start = new ProcessStartInfo(executable) { WorkingDirectory = tools, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments(port.ToString(CultureInfo.InvariantCulture)))
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
            var started = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var waiting = new ConcurrentDictionary<string, bool>(ready.Select(r => KeyValuePair.Create(r, true)));
            void Watch(string? line)
            {
                if (line is not null)
                {
                    output.Enqueue(line);
                    foreach (var marker in waiting.Keys.Where(m => line.Contains(m, StringComparison.OrdinalIgnoreCase)))
                    {
                        waiting.TryRemove(marker, out _);
                    }

                    if (waiting.IsEmpty)
                    {
                        started.TrySetResult(true);
                    }
                }
            }

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
                        return (process, port);
                    }
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    process.Dispose();
                    throw;
                }
            }

            process.Dispose();
        }

        throw new InvalidOperationException($"{Path.GetFileName(executable)} did not start: {string.Join(Environment.NewLine, output)}");
    }

    /// <summary>
    /// Installs the tool with <c>npm ci</c> from the lock file, once per lock file, and returns the path of one of its
    /// executables. Test projects start in parallel, so the install holds a lock that a second process waits on, and
    /// "installed" is a marker written after npm succeeds (npm links the executable long before it finishes).
    /// </summary>
    public static async Task<string> InstallAsync(string tools, string executableName, CancellationToken cancellationToken)
    {
        var executable = Path.Combine(tools, "node_modules", ".bin", executableName);
        var lockFile = await File.ReadAllBytesAsync(Path.Combine(tools, "package-lock.json"), cancellationToken).ConfigureAwait(false);
        var installed = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(lockFile));
        var marker = Path.Combine(tools, "node_modules", ".caseload-installed");
        if (IsInstalled())
        {
            return executable;
        }

        var held = await HoldAsync(Path.Combine(tools, ".install.lock"), cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            if (IsInstalled())
            {
                return executable;
            }

            var start = new ProcessStartInfo("npm") { WorkingDirectory = tools, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            // --prefer-offline: the lock file pins every package by its hash, so a copy in npm's cache needs no asking after.
            foreach (var argument in new[] { "ci", "--no-audit", "--no-fund", "--prefer-offline" })
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

        return executable;

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

    /// <summary>A port free on loopback now (for a tool that needs more than one).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
