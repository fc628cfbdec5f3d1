using TeamsDecisions.App.Bot.Actions;
using TeamsDecisions.Teams.Activities;

namespace TeamsDecisions.App.Bot;

/// <summary>Sends each activity to the one handler for its type; unknown types are acknowledged and ignored.</summary>
internal sealed class ActivityRouter(MessageHandler messages, CardActionHandler cardActions, InstallationHandler installations, Search.MessageExtensionHandler extension)
{
    public async Task<InvokeResponse?> RouteAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var turn = TurnContext.From(activity);
        switch (activity.Type)
        {
            case ActivityTypes.Message:
                await messages.HandleAsync(turn, cancellationToken).ConfigureAwait(false);
                return null;
            case ActivityTypes.Invoke when activity.Name == "adaptiveCard/action":
                return await cardActions.HandleAsync(turn, cancellationToken).ConfigureAwait(false);
            case ActivityTypes.Invoke when activity.Name == MessagingExtensionInvokes.Query:
                return await extension.QueryAsync(turn, cancellationToken).ConfigureAwait(false);
            case ActivityTypes.Invoke when activity.Name == MessagingExtensionInvokes.QueryLink:
                return await extension.QueryLinkAsync(turn, cancellationToken).ConfigureAwait(false);
            case ActivityTypes.Invoke:
                return InvokeResponses.Error(400, "NotSupported", $"This app does not handle {activity.Name}.");
            case ActivityTypes.InstallationUpdate:
            case ActivityTypes.ConversationUpdate:
                await installations.HandleAsync(turn, cancellationToken).ConfigureAwait(false);
                return null;
            default:
                return null;
        }
    }
}
