using System.Net.Http.Headers;
using Caseload.Reporting.Email.Sending;

namespace Caseload.Reporting.Email.Teams;

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
/// Posts a prepared Adaptive Card message to a channel's Teams Workflows webhook. Its failures are classified as the
/// email senders' are: 429, 408, 5xx and dropped connections are transient (Retry-After honoured by the delivery's
/// retry); any other 4xx is this channel's alone, recorded and reported; a channel without a webhook address is the
/// configuration's.
/// </summary>
public sealed class TeamsSender(HttpClient http, TeamsOptions options)
{
    /// <summary>Where it posts, for a person to read.</summary>
    public string Destination => $"Teams, {Counted.Of(options.Channels.Count, "channel")}";

    /// <summary>Posts the card; returns the request id Teams gave, or empty.</summary>
    /// <exception cref="SendFailedException">It was not posted; the exception says which kind of failure it was.</exception>
    public async Task<string> SendAsync(string channel, byte[] message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
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
            using var content = new ByteArrayContent(message);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            response = await http.PostAsync(webhook, content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw SendFailedException.Transient($"Teams could not be reached for channel '{channel}': {e.GetType().Name}.", inner: e);
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
