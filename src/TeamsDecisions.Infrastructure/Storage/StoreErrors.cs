using System.Collections.Concurrent;
using System.Reflection;
using Azure;
using Azure.Identity;
using TeamsDecisions.Core;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>
/// The one place where Azure SDK failures become the Core's words, so that nothing above Infrastructure knows the
/// SDK: every storage port the app resolves is wrapped, and a failure of the store surfaces as
/// <see cref="StoreUnavailableException"/> (unreachable, timed out, 5xx, cannot sign in) or
/// <see cref="StoreWriteFailedException"/> (refused). A read that failed saved nothing; a write that did not get
/// an answer may have landed, and says so.
/// </summary>
internal static class StoreErrors
{
    private static readonly string[] ReadPrefixes = ["Find", "List", "Read", "Get", "Is"];

    public static T Translate<T>(T inner)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(inner);
        var proxy = DispatchProxy.Create<T, TranslatingProxy<T>>();
        ((TranslatingProxy<T>)(object)proxy).Inner = inner;
        return proxy;
    }

    /// <summary>The Core exception for <paramref name="exception"/>, or null when it is not the SDK's.</summary>
    public static Exception? Translate(Exception exception, string operation)
    {
        var read = ReadPrefixes.Any(p => operation.StartsWith(p, StringComparison.Ordinal));
        return exception switch
        {
            AuthenticationFailedException or CredentialUnavailableException => StoreUnavailableException.NotSaved(exception),

            // The SDK's retries all failed to get an answer, or its own network timeout fired (not the caller's token).
            // A socket error can also escape the SDK unwrapped when a connection is reset while it is written to.
            AggregateException all when all.InnerExceptions.All(e => e is RequestFailedException { Status: 0 } or HttpRequestException or IOException or System.Net.Sockets.SocketException) => read ? StoreUnavailableException.NotSaved(exception) : StoreUnavailableException.Unconfirmed(exception),
            HttpRequestException or IOException or System.Net.Sockets.SocketException => read ? StoreUnavailableException.NotSaved(exception) : StoreUnavailableException.Unconfirmed(exception),
            // Cancelled by the SDK's timeout or by the caller's budget: a read saved nothing; a write may have landed.
            OperationCanceledException => read ? StoreUnavailableException.NotSaved(exception) : StoreUnavailableException.Unconfirmed(exception),
            RequestFailedException { Status: 0 or 408 or >= 500 } => read ? StoreUnavailableException.NotSaved(exception) : StoreUnavailableException.Unconfirmed(exception),
            RequestFailedException failed => new StoreWriteFailedException($"The store refused the request ({failed.Status} {failed.ErrorCode}), so nothing was changed. If it keeps failing, tell your admin.", exception),
            _ => null,
        };
    }

    /// <summary>Forwards every call to the adapter and translates what its task fails with.</summary>
    public class TranslatingProxy<T> : DispatchProxy
        where T : class
    {
        private static readonly ConcurrentDictionary<Type, MethodInfo> Wrappers = new();

        internal T Inner { get; set; } = null!;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            object? result;
            try
            {
                result = targetMethod.Invoke(Inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is { } inner)
            {
                throw Translate(inner, targetMethod.Name) ?? inner;
            }

            return result switch
            {
                null => null,
                Task task when targetMethod.ReturnType.IsGenericType => Wrappers
                    .GetOrAdd(targetMethod.ReturnType.GetGenericArguments()[0], t => typeof(TranslatingProxy<T>).GetMethod(nameof(WrapResultAsync), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(t))
                    .Invoke(null, [task, targetMethod.Name]),
                Task task => WrapAsync(task, targetMethod.Name),
                _ => result,
            };
        }

        private static async Task WrapAsync(Task task, string operation)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception ex) when (Translate(ex, operation) is { } translated)
            {
                throw translated;
            }
        }

        private static async Task<TResult> WrapResultAsync<TResult>(Task task, string operation)
        {
            try
            {
                return await ((Task<TResult>)task).ConfigureAwait(false);
            }
            catch (Exception ex) when (Translate(ex, operation) is { } translated)
            {
                throw translated;
            }
        }
    }
}
