using System.CommandLine;
using Caseload.Reporting.Tooling.Local;

namespace Caseload.Reporting.Cli.Commands;

/// <summary>
/// <c>reporting local</c>: a storage of one's own for the command line, kept on disk: the pinned Azurite keeping its
/// data in a folder, on the usual Azurite ports when they are free, until Ctrl+C. Started again on the same folder it
/// has the same data; <c>--data out/demo/storage</c> reopens what the demo stored.
/// </summary>
internal static class LocalCommand
{
    /// <summary>Azurite's usual ports, so that the printed setting stays the same from one start to the next.</summary>
    private const int TablePort = 10002, BlobPort = 10000;

    public static Command Create(CliConsole console)
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "The folder the storage keeps its data in (made when missing); out/demo/storage reopens the demo's.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("out", "local")) };
        var command = new Command("local", "Start a local storage (the pinned Azurite, on loopback) that keeps its data in a folder, print the setting to use it, and run until Ctrl+C.") { data };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var folder = parse.GetValue(data)!;
            if (File.Exists(folder.FullName))
            {
                await console.Error.WriteLineAsync($"{folder}: is a file; give a folder for the storage's data").ConfigureAwait(false);
                return 1;
            }

            var free = Free(TablePort) && Free(BlobPort);
            await using var azurite = await AzuriteServer.StartAsync(
                new AzuriteOptions { DataDirectory = folder.FullName, TablePort = free ? TablePort : 0, BlobPort = free ? BlobPort : 0 },
                cancellationToken: cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"export Reporting__Storage='{azurite.ConnectionString}'").ConfigureAwait(false);
            await console.Out.WriteLineAsync($"# storage in {folder.FullName}{(free ? "" : $" (ports {TablePort} and {BlobPort} were taken: tables on {azurite.TablePort}, blobs on {azurite.BlobPort})")}; in another terminal, after the export: reporting show-week, reporting show-month --month 2026-10, reporting notifications. Ctrl+C stops it; the data stays.").ConfigureAwait(false);
            await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: Azurite is stopped as the server is disposed; its data stays in the folder.
            }

            return 0;
        });
        return command;
    }

    private static bool Free(int port)
    {
        try
        {
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
