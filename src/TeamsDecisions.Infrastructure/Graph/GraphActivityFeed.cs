using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Users.Item.Teamwork.SendActivityNotification;
using TeamsDecisions.Core.Ports;
using GraphKeyValuePair = Microsoft.Graph.Models.KeyValuePair;

namespace TeamsDecisions.Infrastructure.Graph;

/// <summary>
/// The Teams activity feed through Microsoft Graph: <c>POST /users/{id}/teamwork/sendActivityNotification</c>, with the
/// application permission TeamsActivity.Send, for a user who has the Teams app installed (personally or in a team or
/// chat of theirs), the Graph identity being the app id in the manifest's webApplicationInfo. The user-scoped call
/// accepts an entityUrl topic only for a teamsAppInstallation or teamsCatalogApp, so a chat message is named as a
/// text topic with its Teams link (webUrl). Throttling is not waited out here: <see cref="RetryLaterException"/>
/// carries Graph's status and Retry-After to the outbox, which holds the row until then.
/// </summary>
public sealed class GraphActivityFeed(GraphServiceClient graph, TimeProvider clock) : IActivityFeed
{
    /// <summary>Teams shows the first 150 characters of the preview text.</summary>
    public const int PreviewMaxLength = 150;

    public Task NotifyAsync(ActivityFeedNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var body = new SendActivityNotificationPostRequestBody
        {
            Topic = new TeamworkActivityTopic { Source = TeamworkActivityTopicSource.Text, Value = notice.Topic, WebUrl = notice.WebUrl.AbsoluteUri },
            ActivityType = notice.ActivityType,
            PreviewText = new ItemBody { Content = notice.PreviewText.Length > PreviewMaxLength ? notice.PreviewText[..(PreviewMaxLength - 1)] + "…" : notice.PreviewText },
            TemplateParameters = [.. notice.TemplateParameters.Select(p => new GraphKeyValuePair { Name = p.Key, Value = p.Value })],
        };
        return GraphCalls.CallAsync(
            () => graph.Users[notice.UserId].Teamwork.SendActivityNotification.PostAsync(body, r => r.Options.Add(GraphCalls.NoSdkRetry), cancellationToken),
            clock,
            inlineRetries: 0,
            cancellationToken);
    }
}
