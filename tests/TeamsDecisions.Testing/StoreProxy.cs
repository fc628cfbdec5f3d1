using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TeamsDecisions.Testing;

/// <summary>What went through a <see cref="StoreProxy"/>; subtract two snapshots to get the traffic of one phase.</summary>
public readonly record struct StoreTraffic(long Requests, long Connections)
{
    /// <summary>The traffic since <paramref name="earlier"/>, a snapshot of the same proxy.</summary>
    public StoreTraffic Since(StoreTraffic earlier) => new(Requests - earlier.Requests, Connections - earlier.Connections);
}

/// <summary>
/// A loopback TCP proxy in front of a store (Azurite): it forwards bytes both ways unchanged and counts the HTTP/1.1
/// requests the clients send, from the framing alone (request line, headers, then a Content-Length or chunked body),
/// so an entity-group transaction ($batch) is one request however many operations its multipart body holds.
/// Faults for tests: <see cref="Stall"/> (connections are accepted, nothing is forwarded either way until
/// <see cref="Resume"/>), <see cref="DropAll"/> (open connections are reset), <see cref="Refuse"/> (new connections are
/// closed at once; open ones keep working until dropped) and <see cref="Heal"/> (back to forwarding).
/// </summary>
public sealed class StoreProxy : IAsyncDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly IPEndPoint target;
    private readonly TcpListener listener;
    private readonly ConcurrentDictionary<long, Link> links = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;
    private readonly object gate = new();
    private TaskCompletionSource open = Opened();
    private long requests;
    private long connections;
    private long nextLink;
    private long framingErrors;
    private volatile bool refusing;

    private StoreProxy(IPEndPoint target)
    {
        this.target = target;
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        accepting = AcceptLoopAsync();
    }

    /// <summary>The loopback port clients connect to.</summary>
    public int Port { get; }

    /// <summary>HTTP requests forwarded to the store so far.</summary>
    public long Requests => Interlocked.Read(ref requests);

    /// <summary>Connections cut because the client sent something that is not HTTP/1.1 request framing (0 when counts are exact).</summary>
    public long FramingErrors => Interlocked.Read(ref framingErrors);

    /// <summary>Client connections currently open through the proxy.</summary>
    public int OpenConnections => links.Count;

    /// <summary>Starts a proxy on a free 127.0.0.1 port that forwards to 127.0.0.1:<paramref name="targetPort"/>.</summary>
    public static StoreProxy Start(int targetPort) => new(new IPEndPoint(IPAddress.Loopback, targetPort));

    /// <summary>The counters now, to subtract from a later snapshot with <see cref="StoreTraffic.Since"/>.</summary>
    public StoreTraffic Snapshot() => new(Interlocked.Read(ref requests), Interlocked.Read(ref connections));

    /// <summary>
    /// <paramref name="connectionString"/> with its TableEndpoint pointed at this proxy (same scheme, host and path),
    /// so a client built from it sends every request through the proxy.
    /// </summary>
    public string Route(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries);
        var routed = false;
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].StartsWith("TableEndpoint=", StringComparison.OrdinalIgnoreCase))
            {
                var endpoint = new UriBuilder(parts[i]["TableEndpoint=".Length..]) { Host = "127.0.0.1", Port = Port };
                parts[i] = "TableEndpoint=" + endpoint.Uri.AbsoluteUri.TrimEnd('/');
                routed = true;
            }
        }

        return routed ? string.Join(';', parts) + ";" : throw new ArgumentException("The connection string has no TableEndpoint to route through the proxy.", nameof(connectionString));
    }

    /// <summary>Accepts connections but forwards nothing, on new and open connections, until <see cref="Resume"/> or <see cref="Heal"/>.</summary>
    public void Stall()
    {
        lock (gate)
        {
            if (open.Task.IsCompleted)
            {
                open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Forwards again what <see cref="Stall"/> held back.</summary>
    public void Resume()
    {
        lock (gate)
        {
            open.TrySetResult();
        }
    }

    /// <summary>Resets every open connection (the clients see a connection reset); new connections are served as before.</summary>
    public void DropAll()
    {
        foreach (var link in links.Values)
        {
            link.Reset();
        }
    }

    /// <summary>Closes each new connection as soon as it is accepted, as a store that is going down would.</summary>
    public void Refuse() => refusing = true;

    /// <summary>Ends every fault: forwards again and accepts new connections.</summary>
    public void Heal()
    {
        refusing = false;
        Resume();
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        listener.Stop();
        await accepting.ConfigureAwait(false);
        DropAll();
        Resume();
        await Task.WhenAll(links.Values.Select(l => l.Serving)).ConfigureAwait(false);
        stopping.Dispose();
    }

    private static TaskCompletionSource Opened()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }

    private Task WhenOpen()
    {
        lock (gate)
        {
            return open.Task;
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (refusing)
            {
                client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }

            var id = Interlocked.Increment(ref nextLink);
            var link = new Link(client, new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true });
            links[id] = link;
            Interlocked.Increment(ref connections);
            link.Serving = ServeAsync(id, link);
        }
    }

    private async Task ServeAsync(long id, Link link)
    {
        await Task.Yield();
        var (client, upstream) = (link.Client, link.Upstream);
        client.NoDelay = true;
        try
        {
            await upstream.ConnectAsync(target, stopping.Token).ConfigureAwait(false);
            var framing = new RequestFraming();
            await Task.WhenAll(
                PumpAsync(client, upstream, framing),
                PumpAsync(upstream, client, null)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // The peer, DropAll or disposal closed the link; the other side sees its connection end.
        }
        finally
        {
            links.TryRemove(id, out _);
            client.Dispose();
            upstream.Dispose();
        }
    }

    /// <summary>Copies one direction until it ends; client→store traffic is also fed to the request counter.</summary>
    private async Task PumpAsync(Socket from, Socket to, RequestFraming? framing)
    {
        var buffer = new byte[BufferSize];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, stopping.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await WhenOpen().WaitAsync(stopping.Token).ConfigureAwait(false);
                if (framing is not null)
                {
                    Interlocked.Add(ref requests, framing.Feed(buffer.AsSpan(0, read)));
                }

                var sent = 0;
                while (sent < read)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, stopping.Token).ConfigureAwait(false);
                }
            }
        }
        catch (InvalidDataException)
        {
            // Not HTTP/1.1 framing: the count would be wrong from here on, so the link is cut and the error counted.
            Interlocked.Increment(ref framingErrors);
            Close(to);
            Close(from);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // One side ended: end the other too, so neither waits for bytes that will never come.
            Close(to);
            Close(from);
        }
    }

    private static void Close(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }

        socket.Dispose();
    }

    /// <summary>One client connection and its connection to the store.</summary>
    private sealed class Link(Socket client, Socket upstream)
    {
        public Socket Client => client;

        public Socket Upstream => upstream;

        public Task Serving { get; set; } = Task.CompletedTask;

        /// <summary>Closes both sides with a reset, so the client fails at once instead of reading an orderly end.</summary>
        public void Reset()
        {
            try
            {
                client.LingerState = new LingerOption(true, 0);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }

            client.Dispose();
            upstream.Dispose();
        }
    }

    /// <summary>
    /// Follows HTTP/1.1 request framing on one connection and counts request lines. Bodies are skipped by their
    /// Content-Length or chunk sizes unread, so request lines nested in a multipart $batch body are never counted.
    /// </summary>
    private sealed class RequestFraming
    {
        private const int MaxHead = 256 * 1024;

        private readonly List<byte> head = [];
        private readonly List<byte> line = [];
        private State state = State.Head;
        private long remaining;
        private int counted;

        private enum State
        {
            Head,
            Body,
            ChunkSize,
            ChunkData,
            Trailer,
        }

        public int Feed(ReadOnlySpan<byte> data)
        {
            counted = 0;
            while (!data.IsEmpty)
            {
                switch (state)
                {
                    case State.Head:
                        data = ReadHead(data);
                        break;
                    case State.Body:
                    case State.ChunkData:
                        var skip = (int)Math.Min(remaining, data.Length);
                        data = data[skip..];
                        remaining -= skip;
                        if (remaining == 0)
                        {
                            state = state == State.Body ? State.Head : State.ChunkSize;
                        }

                        break;
                    case State.ChunkSize:
                    case State.Trailer:
                        data = ReadChunkLine(data);
                        break;
                }
            }

            return counted;
        }

        private ReadOnlySpan<byte> ReadHead(ReadOnlySpan<byte> data)
        {
            var i = 0;
            for (; i < data.Length; i++)
            {
                var b = data[i];

                // Empty lines before a request line are allowed (RFC 9112 §2.2); they are not part of the head.
                if (head.Count == 0 && (b == (byte)'\r' || b == (byte)'\n'))
                {
                    continue;
                }

                head.Add(b);
                if (head.Count > MaxHead)
                {
                    throw new InvalidDataException("A request head larger than 256 KiB: not HTTP/1.1 request framing.");
                }

                if (b == (byte)'\n' && EndsWithBlankLine())
                {
                    counted++;
                    StartBody();
                    head.Clear();
                    return data[(i + 1)..];
                }
            }

            return [];
        }

        private bool EndsWithBlankLine()
        {
            var n = head.Count;
            return (n >= 4 && head[n - 4] == '\r' && head[n - 3] == '\n' && head[n - 2] == '\r') || (n >= 2 && head[n - 2] == '\n');
        }

        private void StartBody()
        {
            var text = Encoding.Latin1.GetString([.. head]);
            long length = 0;
            var chunked = false;
            foreach (var header in text.Split('\n').Skip(1))
            {
                var colon = header.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    continue;
                }

                var name = header[..colon].Trim();
                var value = header[(colon + 1)..].Trim();
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    length = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw new InvalidDataException($"Content-Length '{value}' is not a number.");
                }
                else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && value.Contains("chunked", StringComparison.OrdinalIgnoreCase))
                {
                    chunked = true;
                }
            }

            // Transfer-Encoding wins over Content-Length (RFC 9112 §6.3).
            (state, remaining) = chunked ? (State.ChunkSize, 0L) : length > 0 ? (State.Body, length) : (State.Head, 0L);
        }

        private ReadOnlySpan<byte> ReadChunkLine(ReadOnlySpan<byte> data)
        {
            var end = data.IndexOf((byte)'\n');
            if (end < 0)
            {
                line.AddRange(data);
                return [];
            }

            line.AddRange(data[..end]);
            var text = Encoding.Latin1.GetString([.. line]).TrimEnd('\r');
            line.Clear();
            if (state == State.ChunkSize)
            {
                var sizeText = text.Split(';')[0].Trim();
                var size = long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw new InvalidDataException($"Chunk size '{sizeText}' is not hexadecimal.");
                (state, remaining) = size == 0 ? (State.Trailer, 0L) : (State.ChunkData, size + 2);
            }
            else if (text.Length == 0)
            {
                state = State.Head;
            }

            return data[(end + 1)..];
        }
    }
}
