using System.Runtime.CompilerServices;
using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Caseload.Reporting.Storage.Places;

/// <summary>
/// A place the product keeps files in beyond its own storage, named by a setting: a folder (one machine, tests), or a
/// blob container (in Azure, used with the app's identity). The backup target (<c>Reporting:Backup:Target</c>) is
/// only ever added to — a name is taken once, and in Azure the container's immutability policy refuses any
/// overwrite or delete; the region's drop (<c>Reporting:Region:Drop</c>) has a council's return replaced when it
/// is corrected. The product deletes nothing from either.
/// </summary>
public abstract class Place
{
    /// <summary>Where it is, for people: a folder's path, or a container's URL without any signature.</summary>
    public abstract string Where { get; }

    /// <summary>Stores <paramref name="content"/> under <paramref name="name"/>, replacing what is there.</summary>
    public abstract Task ReplaceAsync(string name, Stream content, CancellationToken cancellationToken);

    /// <summary>
    /// What is stored under <paramref name="name"/>, when it is at most <paramref name="most"/> bytes: null when nothing
    /// is; <c>TooLarge</c> (and no bytes) when it is larger — a file that cannot be what it should is not read whole.
    /// </summary>
    public async Task<(byte[]? Bytes, bool TooLarge)> ReadAsync(string name, int most, CancellationToken cancellationToken)
    {
        if (await OpenAsync(name, cancellationToken).ConfigureAwait(false) is not { } stream)
        {
            return (null, false);
        }

        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[most + 1];
            var read = 0;
            int got;
            while (read < buffer.Length && (got = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false)) > 0)
            {
                read += got;
            }

            return read > most ? (null, true) : (buffer[..read], false);
        }
    }

    /// <summary>Stores <paramref name="content"/> under <paramref name="name"/> unless something is stored there already.</summary>
    /// <returns>True when stored now; false when the name was taken (an object with that hash is there already).</returns>
    public abstract Task<bool> AddAsync(string name, Stream content, CancellationToken cancellationToken);

    /// <summary>Reads what is stored under <paramref name="name"/>; null when nothing is.</summary>
    public abstract Task<Stream?> OpenAsync(string name, CancellationToken cancellationToken);

    /// <summary>Every name stored under <paramref name="prefix"/>, in name order.</summary>
    public abstract IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>The place a setting names: a blob container's URL (with the app's identity, or a signature in its query), else a folder.</summary>
    /// <param name="setting">The setting's value.</param>
    /// <param name="name">The setting's name or option, for messages.</param>
    /// <exception cref="StorageSettingException">The setting is empty.</exception>
    public static Place Open(string? setting, string name)
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
            return new ContainerPlace(container, new UriBuilder(uri) { Query = "" }.Uri.ToString());
        }

        return new FolderPlace(Path.GetFullPath(setting.Trim()));
    }
}

/// <summary>A folder as a place (one machine, a drill, tests): a file is written beside and renamed into place, so that a copy cut off leaves no half file under its name.</summary>
internal sealed class FolderPlace(string root) : Place
{
    public override string Where => root;

    public override async Task ReplaceAsync(string name, Stream content, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = await WriteAsideAsync(content, cancellationToken).ConfigureAwait(false);
        try
        {
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public override async Task<bool> AddAsync(string name, Stream content, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        if (File.Exists(path))
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = await WriteAsideAsync(content, cancellationToken).ConfigureAwait(false);
        try
        {
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

    /// <summary>The bytes written to a new file beside the place's files, flushed to disk: its path.</summary>
    private async Task<string> WriteAsideAsync(Stream content, CancellationToken cancellationToken)
    {
        var incoming = Path.Combine(root, ".incoming");
        Directory.CreateDirectory(incoming);
        var temporary = Path.Combine(incoming, Guid.NewGuid().ToString("N"));
        try
        {
            await using var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
            return temporary;
        }
        catch
        {
            File.Delete(temporary);
            throw;
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

/// <summary>A blob container as a place: added to with <c>If-None-Match: *</c> (a backup's immutability policy also insists on it), replaced by an upload over the blob.</summary>
internal sealed class ContainerPlace(BlobContainerClient container, string where) : Place
{
    public override string Where => where;

    public override async Task ReplaceAsync(string name, Stream content, CancellationToken cancellationToken)
    {
        try
        {
            await container.GetBlobClient(name).UploadAsync(content, overwrite: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && Unavailable(e) is { } unavailable)
        {
            throw unavailable;
        }
    }

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
        ? new StorageUnavailableException(where, "the container does not exist: create it (in Azure, infra/ does)", e)
        : StorageUnavailableException.Of(e, where);
}
