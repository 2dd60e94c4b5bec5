using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Caseload.Reporting.Tooling.Local;

namespace Caseload.Reporting.Tests;

/// <summary>A real SMTP server on loopback: MailDev, pinned in tools/maildev; what it received is read from its REST API.</summary>
public sealed class MailDevFixture : IAsyncLifetime
{
    private static readonly HttpClient Http = new();
    private Process? process;

    public int SmtpPort { get; private set; }

    private int WebPort { get; set; }

    public async Task InitializeAsync()
    {
        var tools = PinnedNodeTool.Find("maildev");
        var executable = await PinnedNodeTool.InstallAsync(tools, "maildev", default);
        WebPort = PinnedNodeTool.FreePort();
        (process, SmtpPort) = await PinnedNodeTool.StartAsync(
            tools, executable, port => ["--smtp", port, "--web", $"{WebPort}", "--ip", "127.0.0.1", "--web-ip", "127.0.0.1"], ["SMTP Server running"], default);
    }

    /// <summary>The emails received so far.</summary>
    public async Task<JsonElement[]> EmailsAsync() =>
        (await Http.GetFromJsonAsync<JsonElement[]>($"http://127.0.0.1:{WebPort}/email"))!;

    /// <summary>Forgets every email received.</summary>
    public Task ClearAsync() => Http.DeleteAsync(new Uri($"http://127.0.0.1:{WebPort}/email/all"));

    public async Task DisposeAsync()
    {
        if (process is not null)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class MailDevTests : ICollectionFixture<MailDevFixture>
{
    public const string Name = "MailDev";
}
