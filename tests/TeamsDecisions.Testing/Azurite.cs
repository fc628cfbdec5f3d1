using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TeamsDecisions.Testing;

/// <summary>
/// A real Azurite Table service on a free loopback port, owned by the test assembly that started it: in memory
/// (<see cref="StartAsync"/>), or kept in a data folder (<see cref="StartPersistentAsync"/>) so that it can be stopped
/// and restarted on the same folder and port while an app keeps its connection string.
/// The binary comes from .tools/node_modules (installed by scripts/test.sh) or AZURITE_TABLE_BIN.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string binary;
    private readonly int servicePort;
    private readonly FrontDoor? frontDoor;
    private readonly bool ownsDataFolder;
    private Process? process;
    private StringBuilder output = new();
    private TaskCompletionSource closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Azurite(string binary, int servicePort, string? dataFolder, bool ownsDataFolder)
    {
        this.binary = binary;
        this.servicePort = servicePort;
        this.ownsDataFolder = ownsDataFolder;
        DataFolder = dataFolder;
        if (dataFolder is not null)
        {
            frontDoor = new FrontDoor(FreePort(), servicePort);
        }
    }

    /// <summary>The port clients use. It stays the same across <see cref="StopAsync"/> and <see cref="RestartAsync"/>.</summary>
    public int Port => frontDoor?.Port ?? servicePort;

    /// <summary>Where a persistent Azurite keeps its tables; null in memory.</summary>
    public string? DataFolder { get; }

    public bool IsRunning => process is { HasExited: false };

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    /// <summary>Starts Azurite in memory: fast, and gone when stopped.</summary>
    public static async Task<Azurite> StartAsync()
    {
        var binary = FindBinary();
        Exception? last = null;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var azurite = new Azurite(binary, FreePort(), dataFolder: null, ownsDataFolder: false);
            try
            {
                await azurite.LaunchAsync().ConfigureAwait(false);
                return azurite;
            }
            catch (TimeoutException ex)
            {
                last = ex;
                await azurite.DisposeAsync().ConfigureAwait(false);
            }
        }

        throw new InvalidOperationException("Azurite did not start after 3 attempts.", last);
    }

    /// <summary>
    /// Starts Azurite with its tables kept in <paramref name="dataFolder"/> (a new temporary folder, deleted on
    /// dispose, when none is given). Clients reach it through a loopback front door on <see cref="Port"/>, which
    /// stays bound to the same port when Azurite is stopped and started again.
    /// </summary>
    public static async Task<Azurite> StartPersistentAsync(string? dataFolder = null)
    {
        var binary = FindBinary();
        var owned = dataFolder is null;
        var folder = dataFolder ?? Path.Combine(Path.GetTempPath(), "azurite-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var azurite = new Azurite(binary, FreePort(), folder, owned);
        try
        {
            await azurite.LaunchAsync().ConfigureAwait(false);
            return azurite;
        }
        catch
        {
            await azurite.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Stops Azurite. <paramref name="graceful"/>: every connection is cut first, then SIGINT makes Azurite write its
    /// tables to disk and close, so every write a client saw acknowledged survives a restart. Not graceful: SIGKILL,
    /// like a crash (a persistent Azurite writes to disk only every 5 s, so recent writes are lost).
    /// </summary>
    public async Task StopAsync(bool graceful)
    {
        if (process is null || process.HasExited)
        {
            return;
        }

        if (frontDoor is not null)
        {
            await frontDoor.CloseAsync().ConfigureAwait(false);
        }

        if (!graceful)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
            return;
        }

        // Azurite saves on SIGINT but still finishes (and answers) requests it had already read. With the
        // connections cut those answers reach nobody; give them a moment to land in memory before the save.
        await Task.Delay(TimeSpan.FromMilliseconds(300)).ConfigureAwait(false);
        await SignalAsync(process.Id, "INT").ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await closed.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Azurite did not close within 30 s of SIGINT: {Output()}");
        }

        // Its tables are on disk now; a connection it still holds must not keep the process (and the port) alive.
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await process.WaitForExitAsync(exit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Arms a fault for a persistent Azurite: the next entity-group transaction (a <c>$batch</c> request) is committed,
    /// but its answer never reaches the client: every connection is cut there and new ones are refused, as if the
    /// store went away right after committing. Completes when that has happened; follow with <see cref="StopAsync"/>
    /// and <see cref="RestartAsync"/>.
    /// </summary>
    public Task LoseNextTransactionAnswerAsync() =>
        frontDoor?.LoseNextTransactionAnswer() ?? throw new InvalidOperationException("Only a persistent Azurite can lose an answer; use StartPersistentAsync.");

    /// <summary>Starts a stopped persistent Azurite again on the same data folder and the same port.</summary>
    public async Task RestartAsync()
    {
        if (DataFolder is null)
        {
            throw new InvalidOperationException("An in-memory Azurite has nothing to restart from; use StartPersistentAsync.");
        }

        if (IsRunning)
        {
            throw new InvalidOperationException("Azurite is still running; stop it first.");
        }

        await LaunchAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (frontDoor is not null)
        {
            await frontDoor.CloseAsync().ConfigureAwait(false);
        }

        if (process is not null)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().ConfigureAwait(false);
            }

            process.Dispose();
        }

        if (ownsDataFolder && DataFolder is not null && Directory.Exists(DataFolder))
        {
            Directory.Delete(DataFolder, recursive: true);
        }
    }

    private async Task LaunchAsync()
    {
        process?.Dispose();
        output = new StringBuilder();
        closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = new ProcessStartInfo(binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = DataFolder ?? Path.GetTempPath(),
        };
        string[] storage = DataFolder is null ? ["--inMemoryPersistence"] : ["--location", DataFolder];
        foreach (var arg in new[] { "--tableHost", "127.0.0.1", "--tablePort", servicePort.ToString(CultureInfo.InvariantCulture) }.Concat(storage).Concat(["--disableTelemetry", "--skipApiVersionCheck", "--silent"]))
        {
            start.ArgumentList.Add(arg);
        }

        var started = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {binary}.");
        var log = output;
        var done = closed;
        void Record(string? line)
        {
            lock (log)
            {
                log.AppendLine(line);
            }

            if (line?.Contains("successfully closed", StringComparison.Ordinal) == true)
            {
                done.TrySetResult();
            }
        }

        started.OutputDataReceived += (_, e) => Record(e.Data);
        started.ErrorDataReceived += (_, e) => Record(e.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;
        await WaitUntilListeningAsync(StartTimeout).ConfigureAwait(false);
        frontDoor?.Open();
    }

    private string Output()
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private async Task WaitUntilListeningAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process!.HasExited)
            {
                throw new TimeoutException($"Azurite exited with code {process.ExitCode}: {Output()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, servicePort).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }

        throw new TimeoutException($"Azurite did not listen on 127.0.0.1:{servicePort} within {timeout.TotalSeconds} s: {Output()}");
    }

    /// <summary>.NET can send only SIGKILL to another process; kill(1) sends the others.</summary>
    private static async Task SignalAsync(int pid, string signal)
    {
        var start = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        start.ArgumentList.Add("-" + signal);
        start.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
        using var kill = Process.Start(start) ?? throw new InvalidOperationException("Could not run kill.");
        await kill.WaitForExitAsync().ConfigureAwait(false);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {pid} failed: {await kill.StandardError.ReadToEndAsync().ConfigureAwait(false)}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindBinary()
    {
        if (Environment.GetEnvironmentVariable("AZURITE_TABLE_BIN") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : throw new FileNotFoundException($"AZURITE_TABLE_BIN points to {configured}, which does not exist.");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".tools", "node_modules", ".bin", "azurite-table");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("Azurite is not installed. Run the tests with `bash scripts/test.sh` (it installs azurite@3.35.0 into .tools/), or set AZURITE_TABLE_BIN.");
    }

    /// <summary>
    /// A loopback TCP relay in front of a persistent Azurite. It owns the port clients know, so that a stop can cut
    /// every connection before Azurite saves (an answer Azurite sends after its save would acknowledge a write the
    /// restart loses; real Table Storage never acknowledges what it has not kept), and a restart finds the port free.
    /// </summary>
    private sealed class FrontDoor(int port, int servicePort)
    {
        private readonly ConcurrentDictionary<Socket, bool> sockets = new();
        private volatile TcpListener? listener;
        private Task? accepting;
        private TaskCompletionSource? loseNextTransactionAnswer;

        public int Port { get; } = port;

        public void Open()
        {
            var opened = new TcpListener(IPAddress.Loopback, Port);
            opened.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            opened.Start(1024);
            listener = opened;
            accepting = AcceptAsync(opened);
        }

        public Task LoseNextTransactionAnswer()
        {
            var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref loseNextTransactionAnswer, lost);
            return lost.Task;
        }

        /// <summary>Stops listening (new connections are refused) and resets every open connection, both ways.</summary>
        public async Task CloseAsync()
        {
            if (listener is null)
            {
                return;
            }

            listener.Stop();
            await accepting!.ConfigureAwait(false);
            listener = null;
            foreach (var socket in sockets.Keys)
            {
                Reset(socket);
            }
        }

        private async Task AcceptAsync(TcpListener from)
        {
            while (true)
            {
                Socket client;
                try
                {
                    client = await from.AcceptSocketAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    return;
                }

                // Registered before the relay starts, so a close that follows this accept resets it too.
                sockets[client] = true;
                _ = RelayAsync(client);
            }
        }

        private async Task RelayAsync(Socket client)
        {
            using var service = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            client.NoDelay = true;
            sockets[service] = true;
            try
            {
                await service.ConnectAsync(IPAddress.Loopback, servicePort).ConfigureAwait(false);
                if (listener is null)
                {
                    return;
                }

                // HTTP/1.1 without pipelining: what the service sends after a $batch request is that batch's answer.
                var awaitingTransactionAnswer = false;
                await Task.WhenAny(
                    PumpAsync(client, service, chunk =>
                    {
                        if (StartsRequest(chunk.Span))
                        {
                            awaitingTransactionAnswer = IsTransaction(chunk.Span);
                        }

                        return true;
                    }),
                    PumpAsync(service, client, _ => !(awaitingTransactionAnswer && TryLoseAnswer()))).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // The other side went away, or the door was closed: the client sees a reset.
            }
            finally
            {
                sockets.TryRemove(client, out _);
                sockets.TryRemove(service, out _);
                Reset(client);
                Reset(service);
                client.Dispose();
            }
        }

        private static bool StartsRequest(ReadOnlySpan<byte> chunk)
        {
            // A request line: a method, a space and an origin-form path (requests inside a batch use absolute URLs).
            var space = chunk[..Math.Min(chunk.Length, 12)].IndexOf((byte)' ');
            return space > 2 && chunk.Length > space + 1 && chunk[space + 1] == (byte)'/' && chunk[..space].IndexOfAnyExceptInRange((byte)'A', (byte)'Z') < 0;
        }

        private static bool IsTransaction(ReadOnlySpan<byte> chunk)
        {
            var line = chunk[..Math.Max(0, chunk.IndexOf((byte)'\n'))];
            return line.StartsWith("POST "u8) && line.IndexOf("/$batch"u8) >= 0;
        }

        /// <summary>When armed, swallows this answer and closes the door (outside the relay that called it).</summary>
        private bool TryLoseAnswer()
        {
            if (Interlocked.Exchange(ref loseNextTransactionAnswer, null) is not { } lost)
            {
                return false;
            }

            _ = Task.Run(async () =>
            {
                await CloseAsync().ConfigureAwait(false);
                lost.TrySetResult();
            });
            return true;
        }

        /// <summary>Copies bytes until either side closes, or until <paramref name="forward"/> refuses a chunk.</summary>
        private static async Task PumpAsync(Socket from, Socket to, Func<ReadOnlyMemory<byte>, bool> forward)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                while (true)
                {
                    var read = await from.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                    if (read == 0 || !forward(buffer.AsMemory(0, read)))
                    {
                        return;
                    }

                    await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Reset or closed: RelayAsync tears both sides down.
            }
        }

        private static void Reset(Socket socket)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Already gone.
            }
        }
    }
}
