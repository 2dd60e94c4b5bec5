using System.Net;
using System.Text.Json;
using MimeKit;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace Caseload.Reporting.Channels.Email;

/// <summary>SendGrid settings (<c>Reporting:SendGrid:*</c>).</summary>
public sealed class SendGridOptions
{
    /// <summary>The API key (in Azure, from Key Vault).</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>The API's base address; the public API when not set. Tests point it at loopback.</summary>
    public string? Host { get; set; }
}

/// <summary>
/// Sends through SendGrid's v3 mail/send the parts of the prepared message: text and HTML, images inline by
/// content-id, attachments, the email's kind as a category and its idempotency key as a custom argument.
/// 401 and 403 (a revoked or wrong key) are configuration failures; 429, 408 and 5xx are transient (with the
/// response's Retry-After); any other 4xx fails this email alone, reported with SendGrid's error text and without
/// the recipient's address.
/// </summary>
public sealed class SendGridSender : EmailSender
{
    private readonly SendGridClient client;
    private readonly string host;

    /// <summary>A sender with its settings.</summary>
    public SendGridSender(SendGridOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new SendGridClientOptions { ApiKey = options.ApiKey };
        if (!string.IsNullOrWhiteSpace(options.Host))
        {
            clientOptions.Host = options.Host;
        }

        // No retries in the client (its default): retries are the delivery stage's, which respects Retry-After.
        clientOptions.ReliabilitySettings = new SendGrid.Helpers.Reliability.ReliabilitySettings();
        client = new SendGridClient(clientOptions);
        host = options.Host ?? "api.sendgrid.com";
    }

    /// <inheritdoc />
    public override string Destination => $"SendGrid {host}";

    /// <inheritdoc />
    public override async Task<string> SendAsync(PreparedEmail email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        var mime = email.Message;
        var sender = mime.From.Mailboxes.First();
        var to = mime.To.Mailboxes.First();
        var message = MailHelper.CreateSingleEmail(new EmailAddress(sender.Address, sender.Name), new EmailAddress(to.Address), mime.Subject, mime.TextBody, mime.HtmlBody);
        foreach (var part in mime.BodyParts.OfType<MimePart>().Where(p => p.ContentId is not null && !p.IsAttachment))
        {
            message.AddAttachment(part.FileName ?? part.ContentId, Base64(part), part.ContentType.MimeType, "inline", part.ContentId);
        }

        foreach (var part in mime.Attachments.OfType<MimePart>())
        {
            message.AddAttachment(part.FileName, Base64(part), part.ContentType.MimeType, "attachment");
        }

        message.AddCategory(Snapshots.Vocabulary.Code(email.Key.Kind));
        message.AddCustomArg("idempotency_key", email.IdempotencyKey);

        Response response;
        try
        {
            response = await client.SendEmailAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw SendFailedException.Unreachable("SendGrid", e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response.Headers.TryGetValues("X-Message-Id", out var ids) ? ids.First() : mime.MessageId ?? email.IdempotencyKey;
        }

        var status = (int)response.StatusCode;
        var error = Scrub(await response.Body.ReadAsStringAsync(cancellationToken).ConfigureAwait(false), to.Address);
        throw response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                SendFailedException.Configuration($"SendGrid refused the API key ({status}): {error}. Set a valid key in Reporting:SendGrid:ApiKey (Key Vault secret sendgrid-api-key) with the Mail Send permission, and a verified sender in Reporting:Email:From."),
            HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout => SendFailedException.Transient($"SendGrid answered {status}: {error}", RetryAfter(response)),
            _ when status >= 500 => SendFailedException.Transient($"SendGrid answered {status}: {error}", RetryAfter(response)),
            _ => SendFailedException.Recipient($"SendGrid refused the email ({status}): {error}"),
        };
    }

    private static string Base64(MimePart part)
    {
        using var bytes = new MemoryStream();
        part.Content?.DecodeTo(bytes);
        return Convert.ToBase64String(bytes.GetBuffer(), 0, (int)bytes.Length);
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
