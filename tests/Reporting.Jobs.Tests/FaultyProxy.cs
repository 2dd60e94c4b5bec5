using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Caseload.Reporting.Tests;

/// <summary>
/// A loopback HTTP proxy in front of Azurite that fails a seeded share of requests: 503 and 500 before forwarding
/// (the request is not applied), the connection dropped after forwarding (applied, but the answer lost), and slow
/// answers. The same seed fails the same requests in the same order.
/// </summary>
internal sealed class FaultyProxy : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly Random random;
    private readonly Lock gate = new();
    private readonly Uri target;
    private readonly StorageCut cut;

    private FaultyProxy(WebApplication app, Uri target, int seed, StorageCut cut)
    {
        this.cut = cut;
        this.app = app;
        this.target = target;
        random = new Random(seed);
    }

    /// <summary>The share of requests failed, from 0 to 1.</summary>
    public double FailureRate { get; set; } = 0.12;

    /// <summary>The count of requests and the cut, shared by the proxies of one storage account (its table and blob services).</summary>
    public StorageCut Cut => cut;

    /// <summary>How many requests came through this proxy, failed or not.</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>How many requests were failed, by kind.</summary>
    public Dictionary<string, int> Failed { get; } = [];

    public int Port => new Uri(app.Urls.First()).Port;

    /// <summary>A proxy to <paramref name="target"/>; with <paramref name="cut"/>, counting and cut with other proxies of the same account.</summary>
    public static async Task<FaultyProxy> StartAsync(Uri target, int seed, StorageCut? cut = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var proxy = new FaultyProxy(app, target, seed, cut ?? new StorageCut());
        app.Run(proxy.ForwardAsync);
        await app.StartAsync();
        return proxy;
    }

    /// <summary>A connection string like Azurite's, with the table endpoint going through the proxy.</summary>
    public string Through(string connectionString) => connectionString.Replace($"127.0.0.1:{target.Port}", $"127.0.0.1:{Port}", StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        upstream.Dispose();
    }

    private int requests;

    private string Decide()
    {
        Interlocked.Increment(ref requests);
        lock (gate)
        {
            if (cut.Count() is var seen && cut.After is { } after && seen > after)
            {
                Failed["cut"] = Failed.GetValueOrDefault("cut") + 1;
                return "cut";
            }

            var roll = random.NextDouble();
            var kind = roll >= FailureRate ? "none" : (roll / FailureRate) switch
            {
                < 0.35 => "503",
                < 0.55 => "500",
                < 0.8 => "drop",
                _ => "slow",
            };
            Failed[kind] = Failed.GetValueOrDefault(kind) + 1;
            return kind;
        }
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var fault = Decide();
        if (fault == "cut")
        {
            context.Abort();
            return;
        }

        if (fault is "503" or "500")
        {
            context.Response.StatusCode = fault == "503" ? 503 : 500;
            return;
        }

        if (fault == "slow")
        {
            await Task.Delay(300);
        }

        // The raw target, byte for byte: the request is signed over its encoded path.
        var raw = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget;
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri($"{target.Scheme}://{target.Authority}{raw}", UriKind.Absolute));
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        if (body.Length > 0 || context.Request.ContentLength is not null)
        {
            request.Content = new ByteArrayContent(body.ToArray());
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                if (request.Content is not null && name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    request.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values);
                }

                continue;
            }

            request.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values);
        }

        using var response = await upstream.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        if (fault == "drop")
        {
            // Azurite has applied the request; the client never hears so.
            context.Abort();
            return;
        }

        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body);
    }
}

/// <summary>Requests to one storage account, counted across its proxies, and the point after which every one is dropped, as if the process had died.</summary>
internal sealed class StorageCut
{
    private int requests;

    /// <summary>Requests so far, through every proxy sharing this.</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>After this many requests in all, every request is dropped; null for never.</summary>
    public int? After { get; set; }

    /// <summary>Counts a request and says how many there have been.</summary>
    public int Count() => Interlocked.Increment(ref requests);
}
