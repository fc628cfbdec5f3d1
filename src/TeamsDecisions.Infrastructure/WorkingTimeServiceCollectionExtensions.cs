using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Infrastructure.Graph;

namespace TeamsDecisions.Infrastructure;

public static class WorkingTimeServiceCollectionExtensions
{
    /// <summary>
    /// Each person's own working time: their Graph mailbox settings (the client of
    /// <see cref="GraphServiceCollectionExtensions.AddGraph"/>, application permission MailboxSettings.Read) when
    /// Graph:* has an identity, otherwise nobody's (<see cref="NoPersonalWorkingTime"/>: the team's hours for everyone).
    /// Needs no switch of its own: a mailbox Graph will not show is simply not known.
    /// </summary>
    public static IServiceCollection AddPersonalWorkingTime(this IServiceCollection services)
    {
        services.AddSingleton<GraphPersonalWorkingTime>();
        services.AddSingleton<NoPersonalWorkingTime>();
        services.AddSingleton<IPersonalWorkingTime>(sp => sp.GetRequiredService<IOptions<GraphOptions>>().Value.HasIdentity
            ? sp.GetRequiredService<GraphPersonalWorkingTime>()
            : sp.GetRequiredService<NoPersonalWorkingTime>());
        return services;
    }
}
