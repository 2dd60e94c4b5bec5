using System.Net.Http.Headers;
using System.Text;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Content;
using Caseload.Reporting.Notifications;

namespace Caseload.Reporting.Channels.Teams;

/// <summary>The Teams channels' webhooks (<c>Reporting:Teams:Channels:{teamId|service|default}</c>).</summary>
public sealed class TeamsOptions
{
    /// <summary>
    /// Each channel's Teams Workflows webhook address, by the setting's name. A webhook address lets anyone who has it
    /// post to the channel: in Azure each is a Key Vault reference.
    /// </summary>
    public Dictionary<string, string> Channels { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// Microsoft Teams: a notification's <see cref="CardContent"/> is stored as the webhook message's JSON and posted to
/// the Teams Workflows webhook of the channel its recipient names. Its failures are classified as the email senders'
/// are: 429, 408, 5xx and dropped connections are transient (Retry-After honoured by the delivery's retry); any other
/// 4xx is this channel's alone, recorded and reported; a channel without a webhook address is the configuration's.
/// </summary>
public sealed class TeamsChannel(HttpClient http, TeamsOptions options) : NotificationChannel
{
    /// <inheritdoc />
    public override string Name => Recipient.TeamsChannel;

    /// <inheritdoc />
    public override string? Destination => options.Channels.Count == 0 ? null : $"Teams, {Counted.Of(options.Channels.Count, "channel")}";

    /// <inheritdoc />
    public override PreparedMessage Prepare(Notification notification, DateTimeOffset now)
    {
        var card = ContentOf<CardContent>(notification);
        return new PreparedMessage(Words.OneLine(card.Subject), Encoding.UTF8.GetBytes(card.Message.ToJsonString()));
    }

    /// <inheritdoc />
    public override string TextOf(ReadOnlyMemory<byte> message)
    {
        // A card's text is in its text blocks and its facts: every "text", "title" and "value" string, in order.
        var lines = new List<string>();
        void Walk(System.Text.Json.Nodes.JsonNode? node, string? name)
        {
            switch (node)
            {
                case System.Text.Json.Nodes.JsonObject o:
                    foreach (var (key, value) in o)
                    {
                        Walk(value, key);
                    }

                    break;
                case System.Text.Json.Nodes.JsonArray a:
                    foreach (var item in a)
                    {
                        Walk(item, name);
                    }

                    break;
                case System.Text.Json.Nodes.JsonValue v when name is "text" or "title" or "value" && v.TryGetValue<string>(out var text):
                    lines.Add(text);
                    break;
            }
        }

        Walk(System.Text.Json.Nodes.JsonNode.Parse(message.Span), null);
        return string.Join('\n', lines);
    }

    /// <inheritdoc />
    public override async Task<string> SendAsync(ReportingPeriod period, NotificationKey key, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        var channel = key.To.Address;
        // Keys arrive from configuration in the case they were written; the ledger keeps them in lower case.
        var address = options.Channels.FirstOrDefault(c => string.Equals(c.Key, channel, StringComparison.OrdinalIgnoreCase)).Value;
        if (!Uri.TryCreate(address, UriKind.Absolute, out var webhook)
            || !(webhook.Scheme == Uri.UriSchemeHttps || (webhook.Scheme == Uri.UriSchemeHttp && webhook.IsLoopback)))
        {
            throw SendFailedException.Configuration($"Teams channel '{channel}' has no https webhook address: set Reporting:Teams:Channels:{channel}.");
        }

        HttpResponseMessage response;
        try
        {
            using var content = new ReadOnlyMemoryContent(message);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            response = await http.PostAsync(webhook, content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw SendFailedException.Unreachable($"Teams (channel '{channel}')", e);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return response.Headers.TryGetValues("x-ms-request-id", out var ids) ? ids.First() : "";
            }

            var status = (int)response.StatusCode;
            var retryAfter = response.Headers.RetryAfter is { } after
                ? after.Delta ?? (after.Date is { } date ? date - DateTimeOffset.UtcNow : null)
                : null;
            throw status is 429 or 408 or >= 500
                ? SendFailedException.Transient($"Teams answered {status} for channel '{channel}'.", retryAfter)
                : SendFailedException.Recipient($"Teams refused the card for channel '{channel}' with {status} {response.ReasonPhrase}: check the channel's workflow.");
        }
    }
}
