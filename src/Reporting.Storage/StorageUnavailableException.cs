using System.Net.Sockets;
using Azure;
using Azure.Identity;

namespace Caseload.Reporting.Storage;

/// <summary>
/// Storage could not be used, said in a line a person can act on: where it is and why ("storage at 127.0.0.1:10002
/// cannot be reached: connection refused"). Passing: the same call may succeed later.
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    /// <summary>Storage at <paramref name="endpoint"/> could not be used, for <paramref name="cause"/>.</summary>
    public StorageUnavailableException(string endpoint, string cause, Exception? inner = null)
        : base($"storage at {endpoint} cannot be reached: {cause}", inner)
    {
        Endpoint = endpoint;
        Cause = cause;
    }

    /// <summary>The host (and port) tried.</summary>
    public string Endpoint { get; }

    /// <summary>Why, in words.</summary>
    public string Cause { get; }

    /// <summary>
    /// The plain form of a failure reaching storage at <paramref name="endpoint"/>; null when <paramref name="failure"/>
    /// is not about reaching storage (a bug, a cancellation by the caller).
    /// </summary>
    public static StorageUnavailableException? Of(Exception failure, string endpoint)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure switch
        {
            StorageUnavailableException known => known,
            AggregateException many when many.InnerExceptions.Count > 0 => Of(many.InnerExceptions[^1], endpoint),
            _ => CauseOf(failure) is { } cause ? new StorageUnavailableException(endpoint, cause, failure) : null,
        };
    }

    private static string? CauseOf(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SocketException socket:
                    return socket.SocketErrorCode switch
                    {
                        SocketError.ConnectionRefused => "connection refused",
                        SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "its host name was not found",
                        SocketError.TimedOut => "no answer",
                        SocketError.ConnectionReset or SocketError.ConnectionAborted => "the connection was reset",
                        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "the network has no route to it",
                        _ => "the connection failed",
                    };
                case AuthenticationFailedException or CredentialUnavailableException:
                    return "the app's identity could not sign in to it (managed identity, or a developer's sign-in when run locally)";
                case RequestFailedException { Status: 401 }:
                    return "it refused the account key or token (401); check Reporting:Storage";
                case RequestFailedException { Status: 403 }:
                    return "it refused access (403): the app's identity needs its data roles on the account, and the network must be allowed";
                case RequestFailedException { Status: >= 500 } request:
                    return $"it answered {request.Status}, a failure on its side";
                case TimeoutException or TaskCanceledException:
                    return "no answer in time";
                case HttpRequestException or IOException when e.InnerException is null:
                    return "the connection failed";
            }
        }

        return null;
    }
}
