using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Caseload.Reporting.Tests;

/// <summary>
/// A loopback HTTP server standing in for a provider's API: it answers each recipient from a script, in turn, then
/// with success, and keeps what was wrong with the requests it checked.
/// </summary>
internal abstract class ScriptedServer : IAsyncDisposable
{
    private WebApplication? app;

    /// <summary>The server's address.</summary>
    public string Host => app!.Urls.First();

    /// <summary>What each recipient will be answered, in turn; then success.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<int>> Script { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>What was wrong with requests; a valid one adds nothing.</summary>
    public ConcurrentQueue<string> Invalid { get; } = new();

    public ValueTask DisposeAsync() => app?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>Starts a server on a free loopback port with the routes it maps.</summary>
    protected static async Task<T> StartAsync<T>(T server, Action<WebApplication> map)
        where T : ScriptedServer
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        server.app = builder.Build();
        map(server.app);
        await server.app.StartAsync();
        return server;
    }

    /// <summary>The status a recipient is answered next.</summary>
    protected int Next(string recipient, int success) =>
        Script.TryGetValue(recipient, out var script) && script.TryDequeue(out var next) ? next : success;
}
