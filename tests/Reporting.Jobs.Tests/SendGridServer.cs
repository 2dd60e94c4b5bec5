using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Caseload.Reporting.Tests;

/// <summary>
/// A loopback HTTP server that speaks SendGrid's v3 mail/send: it checks the bearer key and the request's JSON
/// shape, and answers each recipient from a script (202 by default, else 429 with Retry-After, 500, 400).
/// </summary>
internal sealed class SendGridServer : ScriptedServer
{
    public const string ApiKey = "SG.test-key";

    /// <summary>Every request, by recipient, with the status it was answered.</summary>
    public ConcurrentQueue<(string Recipient, int Status, JsonElement Body)> Requests { get; } = new();

    /// <summary>Starts one; a script's 0 drops the connection unanswered.</summary>
    public static Task<SendGridServer> StartAsync()
    {
        var server = new SendGridServer();
        return StartAsync(server, app => app.MapPost("/v3/mail/send", server.SendAsync));
    }

    private async Task SendAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization != $"Bearer {ApiKey}")
        {
            context.Response.StatusCode = 401;
            return;
        }

        using var json = await JsonDocument.ParseAsync(context.Request.Body);
        var body = json.RootElement.Clone();
        var recipient = Check(body);
        var status = Next(recipient, 202);
        Requests.Enqueue((recipient, status, body));
        if (status == 0)
        {
            // 0 in a script: the connection drops before SendGrid accepts anything.
            context.Abort();
            return;
        }

        context.Response.StatusCode = status;
        switch (status)
        {
            case 202:
                context.Response.Headers["X-Message-Id"] = $"sg-{Guid.NewGuid():N}";
                break;
            case 429:
                context.Response.Headers.RetryAfter = "1";
                await context.Response.WriteAsJsonAsync(new { errors = new[] { new { message = "too many requests" } } });
                break;
            case 400:
                await context.Response.WriteAsJsonAsync(new { errors = new[] { new { message = $"The to email {recipient} does not contain a valid address.", field = "personalizations.0.to" } } });
                break;
            default:
                await context.Response.WriteAsync("internal error");
                break;
        }
    }

    /// <summary>The v3 shape: personalizations with a recipient, from, subject, text/plain then text/html, inline images by content_id.</summary>
    private string Check(JsonElement body)
    {
        var recipient = "";
        void Require(bool ok, string what)
        {
            if (!ok)
            {
                Invalid.Enqueue(what);
            }
        }

        Require(body.TryGetProperty("personalizations", out var personalizations) && personalizations.GetArrayLength() == 1, "one personalization");
        if (personalizations.ValueKind == JsonValueKind.Array && personalizations[0].TryGetProperty("to", out var to) && to.GetArrayLength() == 1)
        {
            recipient = to[0].GetProperty("email").GetString() ?? "";
        }

        Require(recipient.Contains('@', StringComparison.Ordinal), "a recipient");
        Require(body.TryGetProperty("from", out var from) && from.GetProperty("email").GetString()!.Contains('@', StringComparison.Ordinal), "from.email");
        // v3 takes subject and custom_args at the top level or per personalization.
        var personalization = personalizations.ValueKind == JsonValueKind.Array ? personalizations[0] : default;
        bool Either(string name, out JsonElement value) =>
            body.TryGetProperty(name, out value) || (personalization.ValueKind == JsonValueKind.Object && personalization.TryGetProperty(name, out value));
        Require(Either("subject", out var subject) && subject.GetString()!.Length > 0, "subject");
        Require(body.TryGetProperty("content", out var content) && content.GetArrayLength() == 2
            && content[0].GetProperty("type").GetString() == "text/plain" && content[1].GetProperty("type").GetString() == "text/html", "content text/plain then text/html");
        Require(body.TryGetProperty("categories", out var categories) && categories.GetArrayLength() == 1, "a category");
        Require(Either("custom_args", out var args) && args.TryGetProperty("idempotency_key", out _), "custom_args.idempotency_key");
        if (body.TryGetProperty("attachments", out var attachments))
        {
            foreach (var attachment in attachments.EnumerateArray())
            {
                Require(attachment.GetProperty("disposition").GetString() == "inline" && attachment.TryGetProperty("content_id", out _)
                    && attachment.GetProperty("type").GetString() == "image/png" && Convert.FromBase64String(attachment.GetProperty("content").GetString()!).Length > 0, "inline png attachments with content_id");
            }
        }

        return recipient;
    }
}
