using System.CommandLine;
using Caseload.Reporting.Jobs.Weekly;
using MimeKit;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting preview</c>: one recipient's prepared weekly email as files.</summary>
internal static class PreviewCommand
{
    public static Command Create(CliConsole console)
    {
        var week = Periods.Week("The prepared ISO week, e.g. 2026-W47; by default this week.");
        var to = new Option<string>("--to") { Description = "The recipient whose email to preview.", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Where to write email.html, email.txt and the images.", Required = true };
        var command = new Command("preview", "Write a recipient's prepared email for a week as HTML (images beside it), text and images: exactly what is (or was) sent. Prepare a week without sending it with `reporting run-weekly --no-send`.")
        {
            week, to, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (Periods.ReadWeek(parse.GetValue(week), console) is not { } chosen)
            {
                return 1;
            }

            var recipient = parse.GetValue(to)!;
            if (await console.Job<WeeklyJob>().PreviewAsync(chosen, recipient, cancellationToken).ConfigureAwait(false) is not { } email)
            {
                await console.Error.WriteLineAsync($"No email to {recipient} is prepared for {chosen}; prepare the week with `reporting run-weekly --week {chosen} --no-send`, and see its recipients with `reporting notifications --week {chosen}`.").ConfigureAwait(false);
                return 1;
            }

            var folder = parse.GetValue(output)!;
            folder.Create();
            var message = email.Message;
            var html = message.HtmlBody ?? "";
            var images = message.BodyParts.OfType<MimePart>().Where(p => p.ContentId is not null && !p.IsAttachment).ToList();
            foreach (var image in images)
            {
                var file = $"{image.ContentId!.Split('@')[0]}.png";
                var stream = File.Create(Path.Combine(folder.FullName, file));
                await using (stream.ConfigureAwait(false))
                {
                    await image.Content!.DecodeToAsync(stream, cancellationToken).ConfigureAwait(false);
                }

                // In a browser the images are files beside the page; in the email they are parts named by content-id.
                html = html.Replace($"cid:{image.ContentId}", file, StringComparison.Ordinal);
            }

            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "email.html"), html, cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "email.txt"), $"Subject: {message.Subject}{Environment.NewLine}{Environment.NewLine}{message.TextBody}", cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"{message.Subject}{Environment.NewLine}written to {folder.FullName}: email.html, email.txt, {Counted.Of(images.Count, "image")}").ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
