using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Ports;
using TeamsDecisions.Core.Rfcs;

namespace TeamsDecisions.Infrastructure.Publishing;

/// <summary>
/// The local run's publisher: the same pages, written as HTML files under Publishing:LocalFolder and served by the
/// app at /decisions/{team}/{number} and /decisions/{team}. Writes are atomic (temp file + move), so a crash never
/// leaves half a page, and republishing overwrites: one page per decision.
/// </summary>
public sealed class LocalDecisionPublisher(IOptions<PublishingOptions> options) : IDecisionPublisher
{
    public const string IndexFile = "index.html";

    public string Where => $"pages this app serves at {options.Value.PublicBaseUrl} (each decision's card links to its page and to the team's log)";

    public Task<PublishedPages> PublishAsync(DecisionRecord decision, IReadOnlyList<DecisionLogEntry> log, string teamName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var folder = TeamFolder(decision.Team);
        Directory.CreateDirectory(folder);
        var links = new PageLinks(decision.Thread?.WebUrl, n => PageUrl(decision.Team, n), LogUrl(decision.Team));
        Write(Path.Combine(folder, FileName(decision.Number)), DecisionPages.Build(decision, links).ToHtmlDocument());
        Write(Path.Combine(folder, IndexFile), DecisionPages.BuildLog(teamName, log, n => PageUrl(decision.Team, n)).ToHtmlDocument());
        return Task.FromResult(new PublishedPages(PageUrl(decision.Team, decision.Number), LogUrl(decision.Team)));
    }

    /// <summary>The file that holds a page, or null if there is none. The team id never becomes a path: it is hashed.</summary>
    public string? FindPage(string team, string? number)
    {
        if (string.IsNullOrWhiteSpace(team) || team.Length > TeamId.MaxLength)
        {
            return null;
        }

        var folder = TeamFolder(new TeamId(team));
        string path;
        if (number is null)
        {
            path = Path.Combine(folder, IndexFile);
        }
        else if (DecisionNumber.TryParse(number, out var parsed))
        {
            path = Path.Combine(folder, FileName(parsed));
        }
        else
        {
            return null;
        }

        return File.Exists(path) ? path : null;
    }

    public Uri PageUrl(TeamId team, DecisionNumber number) => new(options.Value.PublicBaseUrl, $"decisions/{Uri.EscapeDataString(team.Value)}/{number}");

    public Uri LogUrl(TeamId team) => new(options.Value.PublicBaseUrl, $"decisions/{Uri.EscapeDataString(team.Value)}");

    private string TeamFolder(TeamId team) =>
        Path.Combine(Path.GetFullPath(options.Value.LocalFolder), Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(team.Value)), 0, 12).ToLowerInvariant());

    private static string FileName(DecisionNumber number) => number.ToString().ToLowerInvariant() + ".html";

    private static void Write(string path, string html)
    {
        var temp = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        File.WriteAllText(temp, html, Encoding.UTF8);
        File.Move(temp, path, overwrite: true);
    }
}
