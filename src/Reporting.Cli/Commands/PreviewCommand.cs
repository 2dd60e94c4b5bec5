using System.CommandLine;
using Caseload.Reporting.Jobs.Weekly;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting preview</c>: one recipient's weekly email as files, without sending it.</summary>
internal static class PreviewCommand
{
    public static Command Create(CliConsole console)
    {
        var week = WeekOption.Create("The evaluated ISO week, e.g. 2026-W47; by default this week.");
        var to = new Option<string>("--to") { Description = "The recipient whose email to preview.", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Where to write email.html, email.txt and the images.", Required = true };
        var command = new Command("preview", "Write a recipient's email for an evaluated week as HTML (images beside it), text and images, without sending anything.")
        {
            week, to, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (WeekOption.Read(parse.GetValue(week), console) is not { } chosen
                || await Settings.ConnectAsync(console, cancellationToken).ConfigureAwait(false) is not { } tables)
            {
                return 1;
            }

            var job = new WeeklyJob(tables, new NothingSent(), new WeeklyJobOptions { FallbackTo = console.Configuration[Settings.FallbackTo] }, console.Time);
            var mail = await job.PreviewAsync(chosen, cancellationToken).ConfigureAwait(false);
            if (mail is null)
            {
                await console.Error.WriteLineAsync($"{chosen} has not been evaluated; run `reporting run-weekly --week {chosen}`.").ConfigureAwait(false);
                return 1;
            }

            var recipient = parse.GetValue(to)!;
            var email = mail.Notifications.FirstOrDefault(n => string.Equals(n.To, recipient, StringComparison.OrdinalIgnoreCase));
            if (email is null)
            {
                await console.Error.WriteLineAsync($"No email goes to {recipient} for {chosen}; the recipients are: {string.Join(", ", mail.Notifications.Select(n => n.To))}").ConfigureAwait(false);
                return 1;
            }

            var folder = parse.GetValue(output)!;
            folder.Create();
            var html = email.Html ?? "";
            foreach (var image in email.Images ?? [])
            {
                var file = $"{image.ContentId.Split('@')[0]}.png";
                await File.WriteAllBytesAsync(Path.Combine(folder.FullName, file), image.Png, cancellationToken).ConfigureAwait(false);

                // In a browser the images are files beside the page; in the email they are parts named by content-id.
                html = html.Replace($"cid:{image.ContentId}", file, StringComparison.Ordinal);
            }

            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "email.html"), html, cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "email.txt"), $"Subject: {email.Subject}{Environment.NewLine}{Environment.NewLine}{email.Text}", cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"{email.Subject}{Environment.NewLine}written to {folder.FullName}: email.html, email.txt, {email.Images?.Count ?? 0} image(s)").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>A preview composes and never sends.</summary>
    private sealed class NothingSent : Email.Sending.EmailSender
    {
        public override Task<string> SendAsync(Email.Notification notification, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("A preview does not send.");
    }
}
