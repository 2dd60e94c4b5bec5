using System.Net;
using System.Net.Sockets;
using Caseload.Reporting.Sources;

namespace Caseload.Reporting.Ingest.Sources;

/// <summary>
/// The HTTP clients the pulls use, one that reaches only public addresses and one that reaches any (for a source
/// that says <c>"allowPrivateNetwork": true</c>). The check is made on the address each connection is opened to,
/// after the name is resolved, in the client's connect step: a name that resolves to a public address when
/// checked and a private one when connected (DNS rebinding) cannot pass, and neither can a redirect. Two clients,
/// so that a connection pooled for an allowed source is never reused for another.
/// </summary>
public sealed class SourceClients : IDisposable
{
    /// <summary>Clients that follow no redirect (the pull does) and whose own timeout is not used (each request has the source's).</summary>
    public SourceClients()
    {
        Public = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectCallback = ConnectPublicAsync }) { Timeout = Timeout.InfiniteTimeSpan };
        Any = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Reaches public addresses only.</summary>
    public HttpClient Public { get; }

    /// <summary>Reaches any address.</summary>
    public HttpClient Any { get; }

    /// <summary>The client for a source.</summary>
    public HttpClient For(HttpsSource source) => source?.AllowPrivateNetwork == true ? Any : Public;

    /// <summary>
    /// Whether an address is one the app's own network (or the machine itself) answers at: loopback, private (RFC
    /// 1918, and the shared 100.64.0.0/10), link-local (169.254.0.0/16, fe80::/10, where cloud metadata lives),
    /// unique-local (fc00::/7), site-local, unspecified, or an IPv4 address written as IPv6.
    /// </summary>
    public static bool IsInternal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] is 0 or 10 or 127
                || (b[0] == 172 && b[1] is >= 16 and <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 100 && b[1] is >= 64 and <= 127);
        }

        var v6 = address.GetAddressBytes();
        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || (v6[0] & 0xFE) == 0xFC;
    }

    public void Dispose()
    {
        Public.Dispose();
        Any.Dispose();
    }

    private static async ValueTask<Stream> ConnectPublicAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var allowed = addresses.Where(a => !IsInternal(a)).ToList();
        if (allowed.Count == 0)
        {
            throw new InternalAddressException(host, addresses.FirstOrDefault());
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // The very addresses checked, not the name again: what is connected to is what was allowed.
            await socket.ConnectAsync([.. allowed], context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A source's address is inside the app's network, and the source does not say it may be.</summary>
public sealed class InternalAddressException(string host, IPAddress? address)
    : Exception($"{host} is at {address?.ToString() ?? "no address"}, a private, loopback or link-local address; a source may reach one only with \"allowPrivateNetwork\": true in sources.json");
