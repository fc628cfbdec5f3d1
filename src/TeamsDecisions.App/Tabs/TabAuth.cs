using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace TeamsDecisions.App.Tabs;

/// <summary>The signed-in person of a tab API request: identity from the validated token only.</summary>
internal sealed record TabCaller(string TenantId, string UserId, string Name)
{
    // Entra tokens carry "tid"/"oid"; ASP.NET Core may map them to these long names.
    private const string TenantClaim = "http://schemas.microsoft.com/identity/claims/tenantid";
    private const string ObjectIdClaim = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    /// <summary>The caller of an authenticated request, or null when the token lacks a tenant or an object id.</summary>
    public static TabCaller? Of(ClaimsPrincipal user)
    {
        var tenant = user.FindFirstValue("tid") ?? user.FindFirstValue(TenantClaim);
        var id = user.FindFirstValue("oid") ?? user.FindFirstValue(ObjectIdClaim);
        if (string.IsNullOrWhiteSpace(tenant) || string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        return new TabCaller(tenant, id, user.FindFirstValue("name") ?? id);
    }
}

/// <summary>Tab API sign-in settings (section <c>TabAuth</c>). Without a client id the tab API runs in local mode.</summary>
internal sealed class TabAuthOptions
{
    public const string SectionName = "TabAuth";

    /// <summary>The Entra app (client) id in the manifest's <c>webApplicationInfo.id</c>; empty = local mode.</summary>
    public string? ClientId { get; set; }

    /// <summary>Local mode only: who the loopback developer is (defaults: the Playground's current user).</summary>
    public string LocalTenantId { get; set; } = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    public string LocalUserId { get; set; } = "6b2d1a3e-0c1f-4a4e-9a57-1c1f0f8c0a01";

    public string LocalUserName { get; set; } = "Zofia Wójcik";

    public bool IsLocalMode => string.IsNullOrWhiteSpace(ClientId);
}

internal static class TabAuth
{
    public const string Policy = "TabUser";
    public const string LocalScheme = "TabLocal";
}

/// <summary>
/// Local mode: every request from a loopback caller is the configured developer. Any other caller is refused.
/// Never registered in Production.
/// </summary>
internal sealed class LocalTabAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<TabAuthOptions> tab)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Context.RequestServices.GetRequiredService<IHostEnvironment>().IsProduction()
            || Context.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
        {
            return Task.FromResult(AuthenticateResult.Fail("Local mode accepts loopback callers only."));
        }

        var t = tab.Value;
        var identity = new ClaimsIdentity(
            [new Claim("tid", t.LocalTenantId), new Claim("oid", t.LocalUserId), new Claim("name", t.LocalUserName), new Claim("scp", "access_as_user")],
            TabAuth.LocalScheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), TabAuth.LocalScheme)));
    }
}

internal static class TabAuthServiceCollectionExtensions
{
    /// <summary>The tab API's sign-in. Local mode (no TabAuth:ClientId) is refused in Production.</summary>
    public static IServiceCollection AddTabAuthentication(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(TabAuthOptions.SectionName).Get<TabAuthOptions>() ?? new TabAuthOptions();
        services.Configure<TabAuthOptions>(configuration.GetSection(TabAuthOptions.SectionName));
        if (!options.IsLocalMode)
        {
            throw new NotImplementedException("Microsoft.Identity.Web sign-in is being written (issue 14).");
        }

        // TODO(issue 14, auth helper): refuse to start in Production without TabAuth:ClientId (ValidateOnStart).
        _ = environment;
        services.AddAuthentication(TabAuth.LocalScheme).AddScheme<AuthenticationSchemeOptions, LocalTabAuthenticationHandler>(TabAuth.LocalScheme, null);
        services.AddAuthorizationBuilder().AddPolicy(TabAuth.Policy, p => p.AddAuthenticationSchemes(TabAuth.LocalScheme).RequireAuthenticatedUser());
        return services;
    }
}
