using TeamsDecisions.App;
using TeamsDecisions.App.About;
using TeamsDecisions.App.Bot;
using TeamsDecisions.App.Health;
using TeamsDecisions.App.MeetingTests;
using TeamsDecisions.App.Publishing;
using TeamsDecisions.App.Tabs;
using TeamsDecisions.Infrastructure;

if (CardGalleryCommand.TryRun(args, out var exitCode))
{
    return exitCode;
}

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddDecisionsCore();
builder.Services.AddTableStorage();
builder.Services.AddDecisionSearch();
builder.Services.AddGraph();
builder.Services.AddDecisionsBot();
builder.Services.AddDecisionPages();
builder.Services.AddDecisionsTelemetry(builder.Configuration);
builder.Services.AddTabAuthentication(builder.Configuration, builder.Environment);
builder.Services.AddTabData();

var app = builder.Build();

app.UseTabPages();
app.UseAuthentication();
app.UseAuthorization();

app.MapDecisionsHealth();
app.MapBotEndpoint();
app.MapDecisionPages();
app.MapAboutPages();
app.MapTabApi();
app.MapMeetingTestApi();
app.MapOutlookAddin();
app.MapGet("/", () => Results.Text("TeamsDecisions is running. Health: /healthz\n"));

app.Run();
return 0;

/// <summary>The app's entry point; public so that tests can host it.</summary>
public partial class Program;
