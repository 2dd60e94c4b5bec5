using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Caseload.Reporting.Tests;

/// <summary>
/// A loopback OpenTelemetry collector's receiving end, speaking OTLP as the exporters do: over HTTP with protobuf
/// bodies (<c>/v1/metrics</c>, <c>/v1/traces</c>), and over gRPC on HTTP/2 without TLS (the collector services'
/// <c>Export</c> methods, length-prefixed messages, <c>grpc-status</c> in the trailers). It keeps every body as
/// received and reads the metrics and spans out of them with the protocol's field numbers.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication app;

    private OtlpReceiver(WebApplication app) => this.app = app;

    /// <summary>Every request body, as received, by signal (metrics, traces, logs).</summary>
    public ConcurrentQueue<(string Signal, byte[] Body)> Received { get; } = new();

    /// <summary>The address for <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>.</summary>
    public string HttpEndpoint { get; private set; } = "";

    /// <summary>The address for <c>grpc</c>.</summary>
    public string GrpcEndpoint { get; private set; } = "";

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1);
            kestrel.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2);
        });
        var receiver = new OtlpReceiver(builder.Build());
        foreach (var signal in new[] { "metrics", "traces", "logs" })
        {
            receiver.app.MapPost($"/v1/{signal}", async context =>
            {
                receiver.Received.Enqueue((signal, await Body(context)));
                context.Response.ContentType = "application/x-protobuf";
            });
        }

        foreach (var (service, signal) in new[] { ("metrics.v1.MetricsService", "metrics"), ("trace.v1.TraceService", "traces"), ("logs.v1.LogsService", "logs") })
        {
            receiver.app.MapPost($"/opentelemetry.proto.collector.{service}/Export", async context =>
            {
                var framed = await Body(context);
                var length = BinaryPrimitives.ReadInt32BigEndian(framed.AsSpan(1, 4));
                receiver.Received.Enqueue((signal, framed.AsSpan(5, length).ToArray()));
                context.Response.ContentType = "application/grpc";
                await context.Response.Body.WriteAsync(new byte[5]);   // an empty Export...ServiceResponse, uncompressed
                context.Response.AppendTrailer("grpc-status", "0");
            });
        }

        await receiver.app.StartAsync();
        var urls = receiver.app.Urls.ToList();
        receiver.HttpEndpoint = urls[0];
        receiver.GrpcEndpoint = urls[1];
        return receiver;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    private static async Task<byte[]> Body(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        return body.ToArray();
    }

    /// <summary>Every data point received: the metric's name, the point's attributes and its value (a histogram's count).</summary>
    public IReadOnlyList<(string Metric, IReadOnlyDictionary<string, string> Attributes, double Value)> Points()
    {
        var points = new List<(string, IReadOnlyDictionary<string, string>, double)>();
        foreach (var body in Received.Where(r => r.Signal == "metrics").Select(r => r.Body))
        {
            foreach (var scope in Messages(body, 1).SelectMany(resource => Messages(resource, 2)))
            {
                foreach (var metric in Messages(scope, 2))
                {
                    var name = Strings(metric, 1).Single();
                    foreach (var (field, attributes) in new[] { (5, 7), (7, 7), (9, 9) })
                    {
                        foreach (var point in Messages(metric, field).SelectMany(data => Messages(data, 1)))
                        {
                            points.Add((name, Attributes(point, attributes), field == 9 ? Fixed64(point, 4) : Number(point)));
                        }
                    }
                }
            }
        }

        return points;
    }

    /// <summary>Every span received: its name and attributes.</summary>
    public IReadOnlyList<(string Name, IReadOnlyDictionary<string, string> Attributes)> Spans() =>
        [.. Received.Where(r => r.Signal == "traces").SelectMany(r => Messages(r.Body, 1))
            .SelectMany(resource => Messages(resource, 2)).SelectMany(scope => Messages(scope, 2))
            .Select(span => (Strings(span, 5).Single(), Attributes(span, 9)))];

    private static Dictionary<string, string> Attributes(byte[] message, int field) =>
        Messages(message, field).ToDictionary(kv => Strings(kv, 1).Single(), kv => Value(Messages(kv, 2).SingleOrDefault() ?? []));

    /// <summary>An AnyValue as text: a string, a bool, an int or a double.</summary>
    private static string Value(byte[] any)
    {
        foreach (var (field, wire, bytes, varint) in Fields(any))
        {
            return (field, wire) switch
            {
                (1, 2) => Encoding.UTF8.GetString(bytes),
                (2, 0) => varint != 0 ? "true" : "false",
                (3, 0) => ((long)varint).ToString(System.Globalization.CultureInfo.InvariantCulture),
                (4, 1) => BitConverter.Int64BitsToDouble((long)varint).ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => "",
            };
        }

        return "";
    }

    private static double Number(byte[] point)
    {
        foreach (var (field, wire, _, value) in Fields(point))
        {
            if (field == 4 && wire == 1)
            {
                return BitConverter.Int64BitsToDouble((long)value);
            }

            if (field == 6 && wire == 1)
            {
                return (long)value;
            }
        }

        return double.NaN;
    }

    private static double Fixed64(byte[] message, int field) => Fields(message).Where(f => f.Field == field && f.Wire == 1).Select(f => (double)f.Value).FirstOrDefault();

    private static IEnumerable<byte[]> Messages(byte[] message, int field) => Fields(message).Where(f => f.Field == field && f.Wire == 2).Select(f => f.Bytes);

    private static IEnumerable<string> Strings(byte[] message, int field) => Messages(message, field).Select(b => Encoding.UTF8.GetString(b));

    /// <summary>A protobuf message's fields: number, wire type, and the bytes (length-delimited) or the value (varint, fixed).</summary>
    private static IEnumerable<(int Field, int Wire, byte[] Bytes, ulong Value)> Fields(byte[] message)
    {
        var at = 0;
        while (at < message.Length)
        {
            var key = Varint(message, ref at);
            var (field, wire) = ((int)(key >> 3), (int)(key & 7));
            switch (wire)
            {
                case 0:
                    yield return (field, wire, [], Varint(message, ref at));
                    break;
                case 1:
                    yield return (field, wire, [], BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(at, 8)));
                    at += 8;
                    break;
                case 2:
                    var length = (int)Varint(message, ref at);
                    yield return (field, wire, message.AsSpan(at, length).ToArray(), 0);
                    at += length;
                    break;
                case 5:
                    yield return (field, wire, [], BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(at, 4)));
                    at += 4;
                    break;
                default:
                    throw new InvalidDataException($"wire type {wire} is not OTLP's");
            }
        }
    }

    private static ulong Varint(byte[] message, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
