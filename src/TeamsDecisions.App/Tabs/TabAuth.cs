using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

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

    /// <summary>The answer when a signed-in request's token names no tenant or user (<see cref="Of"/> gave null).</summary>
    public static IResult SignInAgain() =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in again: the token names no tenant or user.");
}

/// <summary>The tab API's sign-in names: policy, schemes, the scope Teams asks for, and the issuers it accepts.</summary>
public static class TabAuth
{
    public const string Policy = "TabUser";
    public const string LocalScheme = "TabLocal";

    /// <summary>The tab API's scheme: forwards to <see cref="LocalScheme"/> or <see cref="BearerScheme"/> by TabAuth:ClientId.</summary>
    public const string Scheme = "Tab";

    /// <summary>The Entra bearer scheme of the tab API (Microsoft.Identity.Web), used when TabAuth:ClientId is set.</summary>
    public const string BearerScheme = "TabBearer";

    /// <summary>The delegated scope the app registration exposes and Teams asks for (<c>api://host/id/access_as_user</c>).</summary>
    public const string Scope = "access_as_user";

    /// <summary>The Teams desktop/mobile and web clients, pre-authorized on the app registration so that SSO needs no consent prompt.</summary>
    public static readonly IReadOnlyList<string> TeamsClientIds = ["1fec8e78-bce4-4aaf-ab1b-5451cc387264", "5e3ce6c0-2b1f-4285-8d4b-75ee78787346"];

    /// <summary>The v1 issuer Entra writes into access tokens of an app registration left at accessTokenAcceptedVersion null/1.</summary>
    public static string V1Issuer(string tenantId) => $"https://sts.windows.net/{tenantId}/";

    /// <summary>The v2 issuer (accessTokenAcceptedVersion 2) under the configured instance.</summary>
    public static string V2Issuer(Uri instance, string tenantId) => $"{instance.AbsoluteUri.TrimEnd('/')}/{tenantId}/v2.0";
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
            [new Claim("tid", t.LocalTenantId), new Claim("oid", t.LocalUserId), new Claim("name", t.LocalUserName), new Claim("scp", TabAuth.Scope)],
            TabAuth.LocalScheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), TabAuth.LocalScheme)));
    }
}

/// <summary>The token's tenant (<c>tid</c>) must be one of TabAuth:AllowedTenants (or TabAuth:TenantId when none are listed).</summary>
internal sealed class AllowedTenantRequirement : IAuthorizationRequirement;

internal sealed class AllowedTenantHandler(IOptions<TabAuthOptions> options) : AuthorizationHandler<AllowedTenantRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AllowedTenantRequirement requirement)
    {
        var tab = options.Value;
        if (TabCaller.Of(context.User) is { } caller
            && (tab.IsLocalMode ? caller.TenantId == tab.LocalTenantId : tab.EffectiveAllowedTenants.Contains(caller.TenantId, StringComparer.OrdinalIgnoreCase)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// A refused tab API call says why, and nothing else: 403 as problem+json naming the fix (a valid token of a tenant
/// that is not allowed, or without the access_as_user scope). 401 stays the bearer challenge with an empty body.
/// </summary>
internal sealed class TabAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler standard = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden || authorizeResult.AuthorizationFailure is not { } failure
            || !policy.Requirements.Any(r => r is AllowedTenantRequirement or ScopeAuthorizationRequirement))
        {
            return standard.HandleAsync(next, context, policy, authorizeResult);
        }

        var title = failure.FailedRequirements.Any(r => r is AllowedTenantRequirement)
            ? "Your organisation is not allowed to use this app. Ask your administrator to add its tenant to TabAuth:AllowedTenants."
            : $"The token does not grant the {TabAuth.Scope} scope. Open the tab in Teams again; if this persists, the app registration must expose {TabAuth.Scope}.";
        return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: title).ExecuteAsync(context);
    }
}

internal static class TabAuthServiceCollectionExtensions
{
    /// <summary>
    /// The tab API's sign-in: Entra access tokens through Microsoft.Identity.Web when TabAuth:ClientId is set, else
    /// local mode (a loopback-only developer identity), which is refused at start-up in Production.
    /// </summary>
    public static IServiceCollection AddTabAuthentication(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        services.AddOptions<TabAuthOptions>()
            .BindConfiguration(TabAuthOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TabAuthOptions>>(new LocalModeValidator(environment));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, TabAuthorizationResultHandler>();
        services.AddSingleton<IAuthorizationHandler, AllowedTenantHandler>();

        // Both schemes exist; the mode is read per request from the validated options (not at registration, when a
        // host's configuration may not be complete yet), so the local handler is never reached once a client id is set.
        // These run before Microsoft.Identity.Web's own configuration, which keeps an audience and issuer check set here.
        services.AddOptions<JwtBearerOptions>(TabAuth.BearerScheme).Configure<IOptions<TabAuthOptions>>((jwt, tab) => ConfigureBearer(jwt, tab.Value));
        services.AddOptions<MicrosoftIdentityOptions>(TabAuth.BearerScheme).Configure<IOptions<TabAuthOptions>>((identity, tab) =>
        {
            identity.Instance = tab.Value.Instance.AbsoluteUri;
            identity.TenantId = tab.Value.TenantId;
            identity.ClientId = tab.Value.ClientId;
        });
        services.AddAuthentication(TabAuth.Scheme)
            .AddPolicyScheme(TabAuth.Scheme, "Tab API", o => o.ForwardDefaultSelector = context =>
                context.RequestServices.GetRequiredService<IOptions<TabAuthOptions>>().Value.IsLocalMode ? TabAuth.LocalScheme : TabAuth.BearerScheme)
            .AddScheme<AuthenticationSchemeOptions, LocalTabAuthenticationHandler>(TabAuth.LocalScheme, null)
            .AddMicrosoftIdentityWebApi(_ => { }, _ => { }, TabAuth.BearerScheme);
        services.AddAuthorizationBuilder().AddPolicy(TabAuth.Policy, p => p
            .AddAuthenticationSchemes(TabAuth.Scheme)
            .RequireAuthenticatedUser()
            .RequireScope(TabAuth.Scope)
            .AddRequirements(new AllowedTenantRequirement()));
        return services;
    }

    private static void ConfigureBearer(JwtBearerOptions jwt, TabAuthOptions options)
    {
        // Claims keep their token names (tid, oid, scp), as TabCaller and the scope check read them.
        jwt.MapInboundClaims = false;

        // Metadata over plain http only from a loopback stand-in (tests); the options refuse any other http instance.
        jwt.RequireHttpsMetadata = !options.Instance.IsLoopback;
        var parameters = jwt.TokenValidationParameters;

        // Teams asks for webApplicationInfo.resource (api://host/id): v1 tokens carry it as aud, v2 tokens the client id.
        parameters.ValidAudiences = [options.ApplicationIdUri!, options.ClientId!];

        // Any Entra tenant's issuer, v1 or v2, as long as it names the token's own tid: whether that tenant may use the
        // app is the policy's question (403 with a reason), not a broken token (401). An issuer from anywhere else, or
        // of another tenant than tid, fails here.
        parameters.IssuerValidator = (issuer, token, validation) =>
        {
            _ = validation;
            var tenant = (token as JsonWebToken)?.TryGetPayloadValue<string>("tid", out var tid) == true ? tid : null;
            if (!string.IsNullOrEmpty(tenant) && Guid.TryParse(tenant, out _)
                && (issuer == TabAuth.V1Issuer(tenant) || issuer == TabAuth.V2Issuer(options.Instance, tenant)))
            {
                return issuer;
            }

            throw new SecurityTokenInvalidIssuerException("The token's issuer is not the Entra issuer of its tenant.");
        };
        parameters.ClockSkew = TimeSpan.FromMinutes(2);
    }

    /// <summary>Local mode (no TabAuth:ClientId) is for developer machines: refuse to start that way in Production.</summary>
    private sealed class LocalModeValidator(IHostEnvironment environment) : IValidateOptions<TabAuthOptions>
    {
        public ValidateOptionsResult Validate(string? name, TabAuthOptions options) =>
            options.IsLocalMode && environment.IsProduction()
                ? ValidateOptionsResult.Fail("TabAuth:ClientId is required in Production. Without it the tab API would run in local mode, a developer identity for loopback callers only (see README, \"Tab sign-in\").")
                : ValidateOptionsResult.Success;
    }
}
