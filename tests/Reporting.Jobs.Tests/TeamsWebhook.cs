using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Caseload.Reporting.Tests;

/// <summary>
/// A loopback stand-in for Teams Workflows webhooks, one path per channel (<c>/workflows/{channel}</c>): it checks
/// each message against what a webhook takes and the Adaptive Card schema's required fields (a message with an
/// Adaptive Card attachment; a card of type AdaptiveCard, version 1.5, with a body whose elements each have a type;
/// TextBlocks with text; FactSets with facts of title and value), and answers from a script per channel (202 by
/// default; else 429 with Retry-After, 500, 400).
/// </summary>
internal sealed class TeamsWebhook : ScriptedServer
{
    public string Url(string channel) => $"{Host}/workflows/{channel}";

    /// <summary>Every card, by channel, with the status it was answered.</summary>
    public ConcurrentQueue<(string Channel, int Status, JsonElement Card)> Posts { get; } = new();

    public static Task<TeamsWebhook> StartAsync()
    {
        var server = new TeamsWebhook();
        return StartAsync(server, app => app.MapPost("/workflows/{channel}", server.PostAsync));
    }

    private async Task PostAsync(HttpContext context, string channel)
    {
        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            Invalid.Enqueue($"{channel}: content type {context.Request.ContentType}");
        }

        using var json = await JsonDocument.ParseAsync(context.Request.Body);
        JsonElement card;
        try
        {
            card = Check(channel, json.RootElement);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            // A required member missing, or of the wrong kind: Teams refuses such a message.
            Invalid.Enqueue($"{channel}: a required member is missing or not what the schema says ({e.Message})");
            context.Response.StatusCode = 400;
            return;
        }

        var status = Next(channel, 202);
        Posts.Enqueue((channel, status, card));
        context.Response.StatusCode = status;
        if (status == 429)
        {
            context.Response.Headers.RetryAfter = "1";
        }
    }

    private JsonElement Check(string channel, JsonElement message)
    {
        void Fail(string what) => Invalid.Enqueue($"{channel}: {what}");
        if (message.GetProperty("type").GetString() != "message")
        {
            Fail("not a message");
        }

        var attachment = message.GetProperty("attachments")[0];
        if (attachment.GetProperty("contentType").GetString() != "application/vnd.microsoft.card.adaptive")
        {
            Fail("the attachment is not an Adaptive Card");
        }

        var card = attachment.GetProperty("content").Clone();
        if (card.GetProperty("type").GetString() != "AdaptiveCard" || card.GetProperty("version").GetString() != "1.5")
        {
            Fail("not an AdaptiveCard of version 1.5");
        }

        foreach (var element in card.GetProperty("body").EnumerateArray())
        {
            switch (element.TryGetProperty("type", out var type) ? type.GetString() : null)
            {
                case "TextBlock" when !element.TryGetProperty("text", out var text) || text.GetString() is not { Length: > 0 }:
                    Fail("a TextBlock without text");
                    break;
                case "FactSet" when element.GetProperty("facts").EnumerateArray().Any(f => !f.TryGetProperty("title", out _) || !f.TryGetProperty("value", out _)):
                    Fail("a fact without title or value");
                    break;
                case null:
                    Fail("a body element without a type");
                    break;
            }
        }

        return card;
    }
}
