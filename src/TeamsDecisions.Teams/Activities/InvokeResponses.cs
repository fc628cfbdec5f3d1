namespace TeamsDecisions.Teams.Activities;

/// <summary>What the bot answers to an invoke: HTTP <see cref="Status"/> with <see cref="Body"/> as JSON.</summary>
public sealed record InvokeResponse(int Status, object? Body);

/// <summary>The body Universal Actions expect: a status, a content type and a value.</summary>
public sealed record AdaptiveCardInvokeBody(int StatusCode, string Type, object? Value);

public sealed record InvokeError(string Code, string Message);

/// <summary>The exact shapes Teams expects for adaptiveCard/action responses (always HTTP 200; the status is in the body).</summary>
public static class InvokeResponses
{
    public const string CardType = "application/vnd.microsoft.card.adaptive";
    public const string MessageType = "application/vnd.microsoft.activity.message";
    public const string ErrorType = "application/vnd.microsoft.error";

    /// <summary>Replaces the card the user acted on with <paramref name="card"/> (for that user).</summary>
    public static InvokeResponse Card(object card) => new(200, new AdaptiveCardInvokeBody(200, CardType, card));

    /// <summary>Shows <paramref name="text"/> to the user and leaves the card as it is.</summary>
    public static InvokeResponse Message(string text) => new(200, new AdaptiveCardInvokeBody(200, MessageType, text));

    /// <summary>Tells the client the action failed (400 bad request, 500 our fault).</summary>
    public static InvokeResponse Error(int statusCode, string code, string message) => new(200, new AdaptiveCardInvokeBody(statusCode, ErrorType, new InvokeError(code, message)));
}
