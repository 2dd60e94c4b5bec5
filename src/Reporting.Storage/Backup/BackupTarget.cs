using System.Runtime.CompilerServices;
using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Caseload.Reporting.Storage.Backup;

/// <summary>
/// Where backups are written (<c>Reporting:Backup:Target</c>): a place that takes a name once and never gives it
/// back. The product only adds to it and reads from it; nothing in it is overwritten or deleted by the product (in
/// Azure, the container's immutability policy refuses both until a point's retention ends).
/// </summary>
public abstract class BackupTarget
{
    /// <summary>Where it is, for people: a folder's path, or a container's URL without any signature.</summary>
    public abstract string Where { get; }

    /// <summary>Stores <paramref name="content"/> under <paramref name="name"/> unless something is stored there already.</summary>
    /// <returns>True when stored now; false when the name was taken (an object with that hash is there already).</returns>
    public abstract Task<bool> AddAsync(string name, Stream content, CancellationToken cancellationToken);

    /// <summary>Reads what is stored under <paramref name="name"/>; null when nothing is.</summary>
    public abstract Task<Stream?> OpenAsync(string name, CancellationToken cancellationToken);

    /// <summary>Every name stored under <paramref name="prefix"/>, in name order.</summary>
    public abstract IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>The target a setting names: a blob container's URL (with the app's identity, or a signature in its query), else a folder.</summary>
    /// <param name="setting">The setting's value.</param>
    /// <param name="name">The setting's name or option, for messages.</param>
    /// <exception cref="StorageSettingException">The setting is empty.</exception>
    public static BackupTarget Open(string? setting, string name)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            throw new StorageSettingException($"{name} is not set: give a folder, or the URL of a blob container (https://<account>.blob.core.windows.net/<container>) the app's identity can write to.");
        }

        if (Uri.TryCreate(setting.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
        {
            var container = string.IsNullOrEmpty(uri.Query)
                ? new BlobContainerClient(uri, new DefaultAzureCredential())
                : new BlobContainerClient(uri);
            return new ContainerTarget(container, new UriBuilder(uri) { Query = "" }.Uri.ToString());
        }

        return new FolderTarget(Path.GetFullPath(setting.Trim()));
    }
}

/// <summary>A folder as a backup target (one machine, a drill, tests): a name is taken by an atomic rename, so that a copy cut off leaves no half file under it.</summary>
internal sealed class FolderTarget(string root) : BackupTarget
{
    public override string Where => root;

    public override async Task<bool> AddAsync(string name, Stream content, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        if (File.Exists(path))
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var incoming = Path.Combine(root, ".incoming");
        Directory.CreateDirectory(incoming);
        var temporary = Path.Combine(incoming, Guid.NewGuid().ToString("N"));
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public override Task<Stream?> OpenAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult<Stream?>(new FileStream(PathOf(name), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public override async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = PathOf(prefix.TrimEnd('/'));
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/')).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return file;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private string PathOf(string name) => Path.Combine(root, name.Replace('/', Path.DirectorySeparatorChar));
}

/// <summary>A blob container as a backup target: each name written once (<c>If-None-Match: *</c>), as its immutability policy also insists.</summary>
internal sealed class ContainerTarget(BlobContainerClient container, string where) : BackupTarget
{
    public override string Where => where;

    public override async Task<bool> AddAsync(string name, Stream content, CancellationToken cancellationToken)
    {
        try
        {
            await container.GetBlobClient(name).UploadAsync(
                content,
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && Unavailable(e) is { } unavailable)
        {
            throw unavailable;
        }
    }

    public override async Task<Stream?> OpenAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await container.GetBlobClient(name).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode != BlobErrorCode.ContainerNotFound)
        {
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && Unavailable(e) is { } unavailable)
        {
            throw unavailable;
        }
    }

    public override async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).AsPages().GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                Page<BlobItem> page;
                try
                {
                    if (!await pages.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    page = pages.Current;
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && Unavailable(e) is { } unavailable)
                {
                    throw unavailable;
                }

                foreach (var blob in page.Values)
                {
                    yield return blob.Name;
                }
            }
        }
        finally
        {
            await pages.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A failure to use the container, in words; a missing container is named as one.</summary>
    private StorageUnavailableException? Unavailable(Exception e) => e is RequestFailedException { ErrorCode: "ContainerNotFound" }
        ? new StorageUnavailableException(where, "the backup container does not exist: create it (in Azure, infra/ does, with its immutability policy)", e)
        : StorageUnavailableException.Of(e, where);
}
