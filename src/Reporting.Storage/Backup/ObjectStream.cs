using System.Security.Cryptography;
using Caseload.Reporting.Backup;

namespace Caseload.Reporting.Storage.Backup;

/// <summary>
/// Bytes on their way to the backup target, hashed as they are written: an object must be named by its SHA-256
/// before it is stored, and the target cannot take a name back. Small objects stay in memory; one past
/// <see cref="InMemory"/> goes on in a temporary file, so that memory stays bounded whatever a blob holds.
/// </summary>
public sealed class ObjectStream : Stream
{
    /// <summary>How much is kept in memory before the rest goes to a temporary file.</summary>
    public const int InMemory = 4 << 20;

    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private MemoryStream? memory = new();
    private FileStream? file;
    private long length;
    private BackupObject? sealedAs;

    /// <summary>The object the bytes make, once all are written.</summary>
    public BackupObject Seal()
    {
        if (sealedAs is { } done)
        {
            return done;
        }

        sealedAs = new BackupObject(Convert.ToHexStringLower(hash.GetHashAndReset()), length);
        return sealedAs.Value;
    }

    /// <summary>The bytes written, from the first, for as long as this buffer is not disposed.</summary>
    public Stream OpenRead()
    {
        Seal();
        if (memory is not null)
        {
            return new MemoryStream(memory.GetBuffer(), 0, (int)memory.Length, writable: false);
        }

        file!.Flush();
        return new FileStream(file.Name, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (sealedAs is not null)
        {
            throw new InvalidOperationException("The object is sealed.");
        }

        hash.AppendData(buffer);
        length += buffer.Length;
        if (memory is not null && memory.Length + buffer.Length > InMemory)
        {
            file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.Read, 1 << 16, FileOptions.DeleteOnClose);
            memory.Position = 0;
            memory.CopyTo(file);
            memory = null;
        }

        if (memory is not null)
        {
            memory.Write(buffer);
        }
        else
        {
            file!.Write(buffer);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => sealedAs is null;

    public override long Length => length;

    public override long Position { get => length; set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            hash.Dispose();
            file?.Dispose();
            memory = null;
        }

        base.Dispose(disposing);
    }
}
