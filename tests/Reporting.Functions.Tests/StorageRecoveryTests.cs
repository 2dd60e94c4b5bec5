using System.Diagnostics;
using System.Net;
using Caseload.Reporting.Tooling.Local;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Caseload.Reporting.Tests;

/// <summary>
/// The handler started while its storage is down recovers by itself once storage comes up: no connection failure is
/// kept for the life of the process. Its own Azurite, started late on the ports the handler was given.
/// </summary>
public sealed class StorageRecoveryTests
{
    [Fact]
    public async Task The_handler_started_with_storage_down_answers_503_with_a_reason_then_200_once_storage_is_up()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 16, 9, 0, 0, TimeSpan.Zero));
        var (tablePort, blobPort, handlerPort) = (PinnedNodeTool.FreePort(), PinnedNodeTool.FreePort(), PinnedNodeTool.FreePort());
        await using var app = FunctionsHost.Build([], builder =>
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{handlerPort}");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Reporting:Storage"] = AzuriteServer.ConnectionStringFor(tablePort, blobPort),
                ["Reporting:TablePrefix"] = AzuriteFixture.NewPrefix(),
                ["Reporting:StorageRetryDelay"] = "00:00:00.05",
            });
            builder.Services.AddSingleton<TimeProvider>(clock);
        });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{handlerPort}") };

        // Down: twice, the second within the backoff, each a plain line naming where and why.
        for (var i = 0; i < 2; i++)
        {
            using var down = await http.GetAsync(new Uri("/api/Health", UriKind.Relative));
            var reason = await down.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Equal($"storage at 127.0.0.1:{tablePort} cannot be reached: connection refused", reason);
        }

        await using var azurite = await AzuriteServer.StartAsync(new AzuriteOptions { TablePort = tablePort, BlobPort = blobPort });
        var up = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(200);
            using var answer = await http.GetAsync(new Uri("/api/Health", UriKind.Relative));
            status = answer.StatusCode;
        }
        while (status != HttpStatusCode.OK && up.Elapsed < TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(up.Elapsed < TimeSpan.FromSeconds(15), $"healthy {up.Elapsed.TotalSeconds:0.0} s after storage came up");
    }

    [Fact]
    public async Task The_handler_refuses_to_start_for_a_council_the_published_figures_do_not_have_and_names_the_setting()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        async Task<Exception?> StartWith(string code)
        {
            try
            {
                await using var app = FunctionsHost.Build([], builder =>
                {
                    builder.WebHost.UseUrls($"http://127.0.0.1:{PinnedNodeTool.FreePort()}");
                    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                    {
                        ["Reporting:Storage"] = azurite.ConnectionString,
                        ["Reporting:TablePrefix"] = AzuriteFixture.NewPrefix(),
                        ["Reporting:Council:Code"] = code,
                    });
                });
                await app.StartAsync();
                await app.StopAsync();
                return null;
            }
            catch (InvalidOperationException e)
            {
                return e;
            }
        }

        Assert.Null(await StartWith("887"));
        Assert.StartsWith("Reporting:Council:Code is 999, which is not a council in DfE, Children's social work workforce, reporting year 2025", (await StartWith("999"))?.Message, StringComparison.Ordinal);
        Assert.Equal("Reporting:Council:Code is '9x9': give the council's three-digit old LA code as DfE publishes it, e.g. 887 for Medway.", (await StartWith("9x9"))?.Message);
    }
}
