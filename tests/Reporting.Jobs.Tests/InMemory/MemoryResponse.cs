using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;

namespace Caseload.Reporting.Tests.InMemory;

/// <summary>An answer as the service gives it: a status and, for a written row or blob, its ETag header.</summary>
internal sealed class MemoryResponse(int status, ETag? etag = null) : Response
{
    public override int Status => status;

    public override string ReasonPhrase => status < 300 ? "OK" : "Failed";

    public override Stream? ContentStream { get; set; }

    public override string ClientRequestId { get; set; } = "";

    public override void Dispose()
    {
    }

    protected override bool ContainsHeader(string name) => TryGetHeader(name, out _);

    protected override IEnumerable<HttpHeader> EnumerateHeaders() =>
        etag is { } tag ? [new HttpHeader("ETag", tag.ToString("H"))] : [];

    protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
    {
        value = etag is { } tag && name.Equals("ETag", StringComparison.OrdinalIgnoreCase) ? tag.ToString("H") : null;
        return value is not null;
    }

    protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
    {
        values = TryGetHeader(name, out var value) ? [value] : null;
        return values is not null;
    }

    /// <summary>The failure the service answers with, as the SDK raises it.</summary>
    public static RequestFailedException Failure(int status, string code, string message) => new(status, message, code, null);
}

/// <summary>A read that may find nothing.</summary>
internal sealed class MemoryNullableResponse<T>(T? value) : NullableResponse<T>
{
    public override bool HasValue => value is not null;

    public override T? Value => value;

    public override Response GetRawResponse() => new MemoryResponse(value is null ? 404 : 200);
}
