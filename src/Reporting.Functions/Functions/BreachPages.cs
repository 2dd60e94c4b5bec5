using System.Net;
using System.Threading.RateLimiting;
using Caseload.Reporting.Jobs;
using Caseload.Reporting.Jobs.Actions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Caseload.Reporting.Functions.Functions;

/// <summary>
/// What the anonymous breach pages need of the web host to take abuse: a rate limit per client, a body read only
/// after the link is checked and never past <see cref="FormBytes"/>, and no link in any log line.
/// </summary>
internal static class BreachPages
{
    /// <summary>The rate-limiting policy of the breach routes.</summary>
    public const string RateLimit = "breach";

    /// <summary>A breach page's form is four short fields: anything much larger is not one.</summary>
    public const int FormBytes = 16 * 1024;

    /// <summary>
    /// Rate limits per client, logging kept to what carries no link (ASP.NET Core's request lines name the path, and
    /// the path is the link), and HSTS on every answer.
    /// </summary>
    public static void AddTo(WebApplicationBuilder builder)
    {
        // "Request starting HTTP/1.1 GET .../api/breach/v2.<token>" is Information: the link would be in the log.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(RateLimit, context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<ActionOptions>().RequestsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(Client(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, perMinute),
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                rejected.HttpContext.Response.Headers.RetryAfter = "60";
                await ReportingFunctions.Page(rejected.HttpContext, await ActionJob.TooManyRequestsAsync()).ExecuteAsync(rejected.HttpContext);
            };
        });
    }

    /// <summary>Adds HSTS to every answer and applies the rate limits.</summary>
    public static void Use(WebApplication app)
    {
        // The Functions front end terminates TLS; the header tells a browser never to try the app over plain http.
        app.Use((context, next) =>
        {
            context.Response.Headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            return next(context);
        });
        app.UseRateLimiter();
    }

    /// <summary>
    /// Who is asking: the address the Functions front end saw, which it appends as the last X-Forwarded-For hop (a
    /// client may send hops of its own before it, so the first cannot be trusted), else the connection's address.
    /// A port the front end adds ("203.0.113.7:51234") is dropped.
    /// </summary>
    public static string Client(HttpContext context)
    {
        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
        var last = forwarded.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (last is not null)
        {
            return IPEndPoint.TryParse(last, out var endpoint) ? endpoint.Address.ToString() : last;
        }

        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    /// <summary>
    /// The form as the page posts it (application/x-www-form-urlencoded), read to at most <see cref="FormBytes"/>
    /// whatever the request says of its length, or why it cannot be.
    /// </summary>
    public static async Task<ReceivedForm> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > FormBytes)
        {
            return ReceivedForm.TooLarge;
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return ReceivedForm.Malformed;
        }

        // Sent chunked, a body's length is known only by reading it: one byte past the bound is enough to refuse.
        var buffer = new byte[FormBytes + 1];
        var length = 0;
        for (int read; length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0;)
        {
            length += read;
        }

        if (length > FormBytes)
        {
            return ReceivedForm.TooLarge;
        }

        var text = System.Text.Encoding.UTF8.GetString(buffer, 0, length);
        var fields = QueryHelpers.ParseQuery(text.StartsWith('?') ? text : "?" + text);
        return new ReceivedForm(fields.ToDictionary(f => f.Key, f => f.Value.FirstOrDefault() ?? "", StringComparer.Ordinal));
    }
}
