using System.Net;
using System.Text.Json;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace Caseload.Reporting.Email.Sending;

/// <summary>SendGrid settings (<c>Reporting:SendGrid:*</c>).</summary>
public sealed class SendGridOptions
{
    /// <summary>The API key (in Azure, from Key Vault).</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>The API's base address; the public API when not set. Tests point it at loopback.</summary>
    public string? Host { get; set; }
}

/// <summary>
/// Sends through SendGrid's v3 mail/send: text and HTML, charts as inline attachments by content-id, the email
/// kind as a category and the idempotency key as a custom argument. 429 and 5xx are transient (with the
/// response's Retry-After); any other 4xx is permanent, reported with SendGrid's error text and without the
/// recipient's address.
/// </summary>
public sealed class SendGridSender : EmailSender
{
    private readonly SendGridClient client;
    private readonly EmailAddress from;

    /// <summary>A sender with its settings and sender address.</summary>
    public SendGridSender(SendGridOptions options, MimeKit.MailboxAddress from)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(from);
        var clientOptions = new SendGridClientOptions { ApiKey = options.ApiKey };
        if (!string.IsNullOrWhiteSpace(options.Host))
        {
            clientOptions.Host = options.Host;
        }

        // No retries in the client (its default): retries are the delivery stage's, which respects Retry-After.
        clientOptions.ReliabilitySettings = new SendGrid.Helpers.Reliability.ReliabilitySettings();
        client = new SendGridClient(clientOptions);
        this.from = new EmailAddress(from.Address, from.Name);
    }

    /// <inheritdoc />
    public override async Task<string> SendAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var message = MailHelper.CreateSingleEmail(from, new EmailAddress(notification.To), MimeMessages.OneLine(notification.Subject), notification.Text, notification.Html);
        foreach (var image in notification.Images ?? [])
        {
            message.AddAttachment($"{image.ContentId.Split('@')[0]}.png", Convert.ToBase64String(image.Png), "image/png", "inline", image.ContentId);
        }

        foreach (var attachment in notification.Attachments ?? [])
        {
            message.AddAttachment(attachment.FileName, Convert.ToBase64String(attachment.Content), attachment.ContentType, "attachment");
        }

        message.AddCategory(Snapshots.Vocabulary.Code(notification.Kind));
        message.AddCustomArg("idempotency_key", notification.IdempotencyKey);

        Response response;
        try
        {
            response = await client.SendEmailAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw SendFailedException.Transient($"SendGrid could not be reached: {e.Message}", inner: e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response.Headers.TryGetValues("X-Message-Id", out var ids) ? ids.First() : MimeMessages.MessageIdOf(notification);
        }

        var status = (int)response.StatusCode;
        var error = Scrub(await response.Body.ReadAsStringAsync(cancellationToken).ConfigureAwait(false), notification.To);
        if (response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500)
        {
            throw SendFailedException.Transient($"SendGrid answered {status}: {error}", RetryAfter(response));
        }

        throw SendFailedException.Permanent($"SendGrid refused the email ({status}): {error}");
    }

    private static TimeSpan? RetryAfter(Response response)
    {
        if (!response.Headers.TryGetValues("Retry-After", out var values))
        {
            return null;
        }

        var value = values.First();
        return int.TryParse(value, out var seconds) ? TimeSpan.FromSeconds(seconds)
            : DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var at) ? at - DateTimeOffset.UtcNow
            : null;
    }

    /// <summary>SendGrid's error messages, without the recipient's address: they go to logs.</summary>
    private static string Scrub(string body, string recipient)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                body = string.Join("; ", errors.EnumerateArray().Select(e => e.TryGetProperty("message", out var m) ? m.GetString() : e.ToString()));
            }
        }
        catch (JsonException)
        {
        }

        return body.Replace(recipient, "<recipient>", StringComparison.OrdinalIgnoreCase);
    }
}
