using TeamsDecisions.App.Bot;
using TeamsDecisions.App.Notifications;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Core.Notifications;
using TeamsDecisions.Teams.Activities;

namespace TeamsDecisions.App.Exploration;

/// <summary>
/// After the exploration meeting: "@organizer, the exploration of … has ended — write the RFC while it's fresh", with
/// the Write the RFC button, in the conversation where it was booked. The @mention makes Teams notify the organizer.
/// </summary>
internal sealed class ExplorationEndedComposer : INotificationComposer
{
    public string Kind => NotificationKinds.ExplorationEnded;

    public Task<Activity?> ComposeAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (ExplorationEndedData.Read(notification.Data) is not { } data)
        {
            return Task.FromResult<Activity?>(null);
        }

        var message = new MentionMessage()
            .Mention(data.Organizer.Id, data.Organizer.DisplayName)
            .Text(", the exploration of ")
            .Bold(data.Topic)
            .Text(" has ended. Write the RFC while it's fresh: the button opens the form with the problem filled in, and everyone who was invited as a reviewer.")
            .ToActivity();
        return Task.FromResult<Activity?>(message with { Attachments = CardMessages.Message(ExplorationCards.WriteTheRfc(data.Team, data.Topic, data.Problem, data.Attendees)).Attachments });
    }
}
