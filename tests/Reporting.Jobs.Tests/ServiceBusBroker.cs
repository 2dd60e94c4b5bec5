using System.Collections.Concurrent;
using Caseload.Reporting.Tooling.Local;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Sasl;
using Microsoft.Azure.Amqp.Transport;

namespace Caseload.Reporting.Tests;

/// <summary>
/// A loopback Service Bus: an AMQP 1.0 endpoint, without TLS, written on Microsoft.Azure.Amqp (the library the
/// Azure.Messaging.ServiceBus client speaks through) for what the client does against the development emulator's
/// connection string: SASL MSSBCBS, a put-token on <c>$cbs</c>, sending to a queue, receiving with a lock and
/// completing on the link (delivery tags are lock tokens), and peeking through the entity's <c>$management</c> node.
/// Each queue has its dead-letter queue (<c>{queue}/$deadletterqueue</c>); a test puts dead letters there itself.
/// </summary>
internal sealed class ServiceBusBroker : IRuntimeProvider, IDisposable
{
    private readonly ConcurrentDictionary<string, Entity> entities = new(StringComparer.OrdinalIgnoreCase);
    private readonly int port = PinnedNodeTool.FreePort();
    private AmqpTransportListener? listener;
    private long sequence;

    private ServiceBusBroker(IEnumerable<string> queues)
    {
        foreach (var queue in queues)
        {
            entities[queue] = new Entity(this);
            entities[DeadLetterQueue(queue)] = new Entity(this);
        }
    }

    /// <summary>What the client is given: the emulator's form, plain AMQP to this port.</summary>
    public string ConnectionString => $"Endpoint=sb://127.0.0.1:{port};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;";

    public static ServiceBusBroker Start(params string[] queues)
    {
        var broker = new ServiceBusBroker(queues);
        var settings = new AmqpSettings { RuntimeProvider = broker };
        var sasl = new SaslTransportProvider();
        sasl.Versions.Add(new AmqpVersion(1, 0, 0));
        sasl.AddHandler(new SaslAnonymousHandler("MSSBCBS"));
        sasl.AddHandler(new SaslAnonymousHandler());
        settings.TransportProviders.Add(sasl);
        var amqp = new AmqpTransportProvider();
        amqp.Versions.Add(new AmqpVersion(1, 0, 0));
        settings.TransportProviders.Add(amqp);
        var tcp = new TcpTransportSettings { Host = "127.0.0.1", Port = broker.port };
        broker.listener = new AmqpTransportListener([tcp.CreateListener()], settings);
        broker.listener.Listen(broker.OnAccept);
        return broker;
    }

    public static string DeadLetterQueue(string queue) => $"{queue}/$deadletterqueue";

    /// <summary>Puts a message straight on a queue's dead-letter queue, as Service Bus would after its deliveries ran out.</summary>
    public void DeadLetter(string queue, string body, string reason, string description, int deliveries) =>
        entities[DeadLetterQueue(queue)].Add(new Stored(System.Text.Encoding.UTF8.GetBytes(body), Guid.NewGuid().ToString("N"), "application/json", new Dictionary<string, object>
        {
            ["DeadLetterReason"] = reason,
            ["DeadLetterErrorDescription"] = description,
        }) { Deliveries = deliveries });

    /// <summary>Takes every message waiting on an entity, as a consumer completing each would; their bodies.</summary>
    public IReadOnlyList<string> Drain(string entity) => [.. entities[entity].TakeAll().Select(m => System.Text.Encoding.UTF8.GetString(m.Body))];

    /// <summary>How many messages an entity holds, locked or not.</summary>
    public int Count(string entity) => entities[entity].Count;

    public void Dispose() => listener?.Close();

    private void OnAccept(TransportListener sender, TransportAsyncCallbackArgs args)
    {
        var connection = new AmqpConnection(args.Transport, (ProtocolHeader)args.UserToken, false, listener!.AmqpSettings, new AmqpConnectionSettings { ContainerId = "loopback-service-bus", MaxFrameSize = 64 * 1024 });
        _ = connection.OpenAsync(TimeSpan.FromSeconds(30)).ContinueWith(t => connection.SafeClose(t.Exception), TaskContinuationOptions.OnlyOnFaulted);
    }

    public AmqpConnection CreateConnection(TransportBase transport, ProtocolHeader protocolHeader, bool isInitiator, AmqpSettings amqpSettings, AmqpConnectionSettings connectionSettings) =>
        new(transport, protocolHeader, isInitiator, amqpSettings, connectionSettings);

    public AmqpSession CreateSession(AmqpConnection connection, AmqpSessionSettings settings) => throw new InvalidOperationException("The broker opens no sessions of its own.");

    public AmqpLink CreateLink(AmqpSession session, AmqpLinkSettings settings)
    {
        // The client's sender is the broker's receiver, and the other way round.
        if (settings.Role!.Value)
        {
            settings.MaxMessageSize = 1024 * 1024;
            return new ReceivingAmqpLink(session, settings);
        }

        return new SendingAmqpLink(session, settings);
    }

    public IAsyncResult BeginOpenLink(AmqpLink link, TimeSpan timeout, AsyncCallback callback, object state)
    {
        // The client names an entity by its path, with or without a leading slash or the namespace's address before it.
        var given = (link.IsReceiver ? ((Target)link.Settings.Target).Address : ((Source)link.Settings.Source).Address)?.ToString()
            ?? throw new AmqpException(AmqpErrorCode.InvalidField, "no address");
        var address = Uri.UnescapeDataString((Uri.TryCreate(given, UriKind.Absolute, out var uri) && uri.Scheme is "amqp" or "amqps" or "sb" ? uri.AbsolutePath : given).TrimStart('/'));
        if (address == "$cbs")
        {
            Cbs.Attach(link);
        }
        else if (address.EndsWith("/$management", StringComparison.OrdinalIgnoreCase))
        {
            var entity = entities.TryGetValue(address[..^"/$management".Length], out var known) ? known : throw new AmqpException(AmqpErrorCode.NotFound, $"no entity {address}");
            entity.Management.Attach(link);
        }
        else if (entities.TryGetValue(address, out var entity))
        {
            entity.Attach(link);
        }
        else
        {
            throw new AmqpException(AmqpErrorCode.NotFound, $"no entity {address}");
        }

        var done = new TaskCompletionSource(state);
        done.SetResult();
        callback?.Invoke(done.Task);
        return done.Task;
    }

    public void EndOpenLink(IAsyncResult result)
    {
    }

    private RequestNode Cbs { get; } = new(_ =>
    {
        var response = AmqpMessage.Create();
        response.ApplicationProperties.Map["status-code"] = 200;
        response.ApplicationProperties.Map["status-description"] = "OK";
        return response;
    });

    private long NextSequence() => Interlocked.Increment(ref sequence);

    /// <summary>A message as the broker keeps it.</summary>
    private sealed record Stored(byte[] Body, string MessageId, string? ContentType, Dictionary<string, object> Properties)
    {
        public long Sequence { get; set; }

        public DateTime EnqueuedAt { get; set; }

        public int Deliveries { get; set; }

        public Guid? LockedBy { get; set; }

        /// <summary>The AMQP message the client receives: its body and properties, and Service Bus's annotations.</summary>
        public AmqpMessage ToAmqp(Guid? lockToken)
        {
            var message = AmqpMessage.Create(new Data { Value = new ArraySegment<byte>(Body) });
            message.Properties.MessageId = MessageId;
            message.Properties.ContentType = ContentType;
            foreach (var (key, value) in Properties)
            {
                message.ApplicationProperties.Map[key] = value;
            }

            message.Header.DeliveryCount = (uint)Deliveries;
            message.MessageAnnotations.Map["x-opt-sequence-number"] = Sequence;
            message.MessageAnnotations.Map["x-opt-enqueued-time"] = EnqueuedAt;
            if (lockToken is { } token)
            {
                message.MessageAnnotations.Map["x-opt-lock-token"] = token;
                message.MessageAnnotations.Map["x-opt-locked-until"] = DateTime.UtcNow.AddMinutes(5);
            }

            return message;
        }
    }

    /// <summary>A queue or a dead-letter queue: its messages in order, its consumers' credit, its management node.</summary>
    private sealed class Entity
    {
        private readonly ServiceBusBroker broker;
        private readonly List<Stored> messages = [];
        private readonly List<(SendingAmqpLink Link, int Credit)> consumers = [];
        private readonly object gate = new();

        public Entity(ServiceBusBroker broker)
        {
            this.broker = broker;
            Management = new RequestNode(Peek);
        }

        public RequestNode Management { get; }

        public int Count
        {
            get
            {
                lock (gate)
                {
                    return messages.Count;
                }
            }
        }

        public void Add(Stored message)
        {
            lock (gate)
            {
                message.Sequence = broker.NextSequence();
                message.EnqueuedAt = DateTime.UtcNow;
                messages.Add(message);
            }

            Pump();
        }

        public List<Stored> TakeAll()
        {
            lock (gate)
            {
                var taken = messages.Where(m => m.LockedBy is null).ToList();
                messages.RemoveAll(taken.Contains);
                return taken;
            }
        }

        public void Attach(AmqpLink link)
        {
            if (link is ReceivingAmqpLink receiver)
            {
                receiver.RegisterMessageListener(message =>
                {
                    message.Deserialize(SectionFlag.All);
                    var body = message.DataBody.SelectMany(d => ((ArraySegment<byte>)d.Value).ToArray()).ToArray();
                    var properties = message.ApplicationProperties?.Map.ToDictionary(p => p.Key.Key.ToString()!, p => p.Value) ?? [];
                    Add(new Stored(body, message.Properties?.MessageId?.ToString() ?? Guid.NewGuid().ToString("N"), message.Properties?.ContentType.Value, properties));
                    receiver.AcceptMessage(message, false);
                });
                receiver.SetTotalLinkCredit(100, true, true);
                return;
            }

            var sender = (SendingAmqpLink)link;
            sender.RegisterCreditListener((credit, drain, _) =>
            {
                lock (gate)
                {
                    var at = consumers.FindIndex(c => c.Link == sender);
                    if (at < 0)
                    {
                        consumers.Add((sender, (int)credit));
                    }
                    else
                    {
                        consumers[at] = (sender, consumers[at].Credit + (int)credit);
                    }
                }

                Pump();
            });
            sender.RegisterDispositionListener(delivery =>
            {
                var token = new Guid(delivery.DeliveryTag.AsSpan());
                lock (gate)
                {
                    var message = messages.FirstOrDefault(m => m.LockedBy == token);
                    if (message is not null && delivery.State is Accepted or Rejected)
                    {
                        messages.Remove(message);
                    }
                    else if (message is not null)
                    {
                        message.LockedBy = null;
                    }
                }

                sender.DisposeDelivery(delivery, true, delivery.State);
            });
            sender.SafeAddClosed((_, _) =>
            {
                lock (gate)
                {
                    consumers.RemoveAll(c => c.Link == sender);
                }
            });
        }

        /// <summary>Gives waiting messages to consumers with credit, each locked under a new token that is its delivery tag.</summary>
        private void Pump()
        {
            var sends = new List<(SendingAmqpLink Link, AmqpMessage Message, Guid Token)>();
            lock (gate)
            {
                foreach (var message in messages.Where(m => m.LockedBy is null))
                {
                    var at = consumers.FindIndex(c => c.Credit > 0);
                    if (at < 0)
                    {
                        break;
                    }

                    var (link, credit) = consumers[at];
                    consumers[at] = (link, credit - 1);
                    var token = Guid.NewGuid();
                    message.LockedBy = token;
                    message.Deliveries++;
                    sends.Add((link, message.ToAmqp(token), token));
                }
            }

            foreach (var (link, message, token) in sends)
            {
                link.SendMessageNoWait(message, new ArraySegment<byte>(token.ToByteArray()), AmqpConstants.NullBinary);
            }
        }

        /// <summary>com.microsoft:peek-message: up to message-count messages from from-sequence-number, locked or not, moving none.</summary>
        private AmqpMessage Peek(AmqpMessage request)
        {
            var body = (AmqpMap)request.ValueBody.Value;
            var from = Convert.ToInt64(body[new MapKey("from-sequence-number")], System.Globalization.CultureInfo.InvariantCulture);
            var count = Convert.ToInt32(body[new MapKey("message-count")], System.Globalization.CultureInfo.InvariantCulture);
            List<Stored> found;
            lock (gate)
            {
                found = [.. messages.Where(m => m.Sequence >= from).OrderBy(m => m.Sequence).Take(count)];
            }

            var list = new List<AmqpMap>();
            foreach (var message in found)
            {
                using var amqp = message.ToAmqp(null);
                var payload = new BufferListStream(amqp.GetPayload());
                list.Add(new AmqpMap { [new MapKey("message")] = payload.ReadBytes((int)payload.Length) });
            }

            var response = AmqpMessage.Create(new AmqpValue { Value = new AmqpMap { [new MapKey("messages")] = list } });
            response.ApplicationProperties.Map["statusCode"] = found.Count == 0 ? 204 : 200;
            return response;
        }
    }

    /// <summary>A request-response node: requests come on a link to it, answers go on the link whose address the request names to reply to.</summary>
    private sealed class RequestNode(Func<AmqpMessage, AmqpMessage> answer)
    {
        private readonly ConcurrentDictionary<string, SendingAmqpLink> replies = new(StringComparer.Ordinal);

        public void Attach(AmqpLink link)
        {
            if (link is ReceivingAmqpLink requests)
            {
                requests.RegisterMessageListener(request =>
                {
                    request.Deserialize(SectionFlag.All);
                    var replyTo = request.Properties?.ReplyTo?.ToString();
                    if (replyTo is not null && replies.TryGetValue(replyTo, out var reply))
                    {
                        var response = answer(request);
                        response.Properties.CorrelationId = request.Properties!.MessageId;
                        response.Settled = true;
                        reply.SendMessageNoWait(response, AmqpConstants.EmptyBinary, AmqpConstants.NullBinary);
                    }

                    requests.AcceptMessage(request, false);
                });
                requests.SetTotalLinkCredit(100, true, true);
                return;
            }

            var sender = (SendingAmqpLink)link;
            var address = ((Target)sender.Settings.Target).Address.ToString()!;
            replies[address] = sender;
            sender.SafeAddClosed((_, _) => replies.TryRemove(address, out _));
        }
    }
}
