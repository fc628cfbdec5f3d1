using System.Globalization;
using Azure.Identity;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;

namespace TeamsDecisions.Infrastructure.Graph;

/// <summary>
/// One way to call Graph, and the one place its SDK's exceptions are translated. The SDK's own retry handler is
/// switched off per request (after its retries it throws an AggregateException that loses the status and
/// Retry-After), and short throttling — 429/503/504 with a Retry-After of at most 10 s — is waited out here on the
/// injected clock, up to 3 times, each attempt a freshly built request. Longer throttling (and 502) surfaces as
/// <see cref="RetryLaterException"/> carrying the Retry-After, for the caller's schedule; any other answer Graph
/// refuses or fails with, and an identity that gets no token, as <see cref="DependencyFailedException"/>.
/// Only Core exceptions, <see cref="OperationCanceledException"/> and <see cref="HttpRequestException"/> get out.
/// </summary>
internal static class GraphCalls
{
    public const string Service = "Microsoft Graph";
    public const int InlineRetries = 3;
    public static readonly TimeSpan MaxInlineWait = TimeSpan.FromSeconds(10);
    public static readonly RetryHandlerOption NoSdkRetry = new() { MaxRetry = 0 };

    public static Task<T> CallAsync<T>(Func<Task<T>> call, TimeProvider clock, CancellationToken cancellationToken) =>
        CallAsync(call, clock, InlineRetries, cancellationToken);

    /// <summary>
    /// As <see cref="CallAsync{T}(Func{Task{T}}, TimeProvider, CancellationToken)"/>, waiting out short throttling at
    /// most <paramref name="inlineRetries"/> times: 0 for a caller whose own schedule waits (an outbox row), so that one
    /// throttled call never holds up the rest of its round.
    /// </summary>
    public static async Task<T> CallAsync<T>(Func<Task<T>> call, TimeProvider clock, int inlineRetries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(clock);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (ApiException ex) when (ex.ResponseStatusCode is 429 or 503 or 504 && attempt < inlineRetries && RetryAfter(ex) is { } wait && wait <= MaxInlineWait)
            {
                await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException ex) when (ex.ResponseStatusCode is 429 or 503 or 502 or 504)
            {
                var detail = ex is ODataError { Error.Message: { } message } ? $": {message}" : ".";
                throw new RetryLaterException($"{Service} answered {ex.ResponseStatusCode}{detail}", RetryAfter(ex) ?? TimeSpan.Zero, ex) { Status = ex.ResponseStatusCode };
            }
            catch (ApiException ex)
            {
                throw new DependencyFailedException(Service, ex.ResponseStatusCode > 0 ? ex.ResponseStatusCode : null, ex is ODataError { Error.Message: { } message } ? message : ex.Message, ex);
            }
            catch (AuthenticationFailedException ex)
            {
                // CredentialUnavailableException (no managed identity here, say) is an AuthenticationFailedException too.
                throw new DependencyFailedException(Service, null, $"the app's identity got no token ({ex.Message})", ex);
            }
        }
    }

    public static Task CallAsync(Func<Task> call, TimeProvider clock, CancellationToken cancellationToken) =>
        CallAsync(call, clock, InlineRetries, cancellationToken);

    public static Task CallAsync(Func<Task> call, TimeProvider clock, int inlineRetries, CancellationToken cancellationToken) =>
        CallAsync(
            async () =>
            {
                await call().ConfigureAwait(false);
                return true;
            },
            clock,
            inlineRetries,
            cancellationToken);

    public static TimeSpan? RetryAfter(ApiException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        if (ex.ResponseHeaders is null || !ex.ResponseHeaders.TryGetValue("Retry-After", out var values))
        {
            return null;
        }

        return int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
    }
}
