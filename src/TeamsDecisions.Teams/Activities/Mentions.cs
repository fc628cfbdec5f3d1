using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TeamsDecisions.Teams.Activities;

/// <summary>
/// Text that goes into a message sent with <c>textFormat: "xml"</c> (Teams renders it as HTML): user text escaped so
/// it cannot open or close markup, and people's names made safe to stand inside an <c>&lt;at&gt;</c> mention.
/// </summary>
public static class MentionText
{
    /// <summary>
    /// The longest name a mention shows, in UTF-16 characters. Teams shows a mention inline as a pill; a name of
    /// hundreds of characters would push the message itself out of view.
    /// </summary>
    public const int MaxNameLength = 64;

    /// <summary>
    /// The name as a mention shows it, escaped for the message: bidi controls and control characters removed (they
    /// would reorder the words that follow the name), whitespace runs made one space, at most
    /// <see cref="MaxNameLength"/> characters cut between whole graphemes, then <c>&amp;</c>, <c>&lt;</c>,
    /// <c>&gt;</c> and <c>"</c> written as entities so that no name can close the <c>&lt;at&gt;</c> element or open
    /// another. Markdown characters (<c>*</c>, <c>_</c>) stay as typed: an xml-format message is not read as markdown.
    /// </summary>
    public static string SafeName(string? displayName, string fallback)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fallback);
        var clean = Clean(displayName);
        if (clean.Length == 0)
        {
            clean = Clean(fallback);
        }

        return Escape(Shorten(clean, MaxNameLength));
    }

    /// <summary>Plain text for an xml-format message: markup characters as entities, bidi controls removed, line breaks as &lt;br&gt;.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text.Replace("\r\n", "\n", StringComparison.Ordinal))
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\n' or '\r': builder.Append("<br>"); break;
                default:
                    if (!IsBidiControl(c) && (!char.IsControl(c) || c == '\t'))
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>The bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069), as Core's UserText strips them.</summary>
    public static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static string Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (IsBidiControl(c) || (char.IsControl(c) && !char.IsWhiteSpace(c)))
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var keep = 0;
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            var end = enumerator.ElementIndex + ((string)enumerator.Current).Length;
            if (end > max - 1)
            {
                break;
            }

            keep = end;
        }

        return string.Concat(text.AsSpan(0, keep).TrimEnd(), "…");
    }
}

/// <summary>
/// Builds a message that @mentions people so that Teams notifies them: each mention is <c>&lt;at&gt;name&lt;/at&gt;</c>
/// in the text plus a <c>mention</c> entity whose <c>text</c> is exactly that markup and whose <c>mentioned.id</c>
/// names the person. Text added with <see cref="Text"/> is escaped; the message is sent as <c>textFormat: "xml"</c>.
/// </summary>
public sealed class MentionMessage
{
    /// <summary>Activity.textFormat for HTML-like text; Teams renders &lt;at&gt;, &lt;a&gt;, &lt;b&gt; and &lt;br&gt; in it.</summary>
    public const string XmlTextFormat = "xml";

    private readonly StringBuilder text = new();
    private readonly List<Mention> mentions = [];

    /// <summary>The mentions added so far, in order, each once.</summary>
    public IReadOnlyList<Mention> Mentions => mentions;

    /// <summary>Appends plain text (escaped).</summary>
    public MentionMessage Text(string? plain)
    {
        text.Append(MentionText.Escape(plain));
        return this;
    }

    /// <summary>Appends bold plain text (escaped).</summary>
    public MentionMessage Bold(string? plain)
    {
        text.Append("<b>").Append(MentionText.Escape(plain)).Append("</b>");
        return this;
    }

    /// <summary>Appends a link; only http and https links are written (anything else becomes its label).</summary>
    public MentionMessage Link(Uri? url, string label)
    {
        if (url is { IsAbsoluteUri: true } && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
        {
            text.Append("<a href=\"").Append(MentionText.Escape(url.AbsoluteUri)).Append("\">").Append(MentionText.Escape(label)).Append("</a>");
        }
        else
        {
            Text(label);
        }

        return this;
    }

    /// <summary>Appends an @mention of the person with Entra object id (or Teams id) <paramref name="userId"/>.</summary>
    public MentionMessage Mention(string userId, string? displayName)
    {
        var mention = Activities.Mention.Of(userId, displayName);
        text.Append(mention.Text);
        if (!mentions.Any(m => m.Text == mention.Text && string.Equals(m.Mentioned?.Id, mention.Mentioned?.Id, StringComparison.OrdinalIgnoreCase)))
        {
            mentions.Add(mention);
        }

        return this;
    }

    /// <summary>Appends the mentions of <paramref name="people"/> joined as "A, B and C".</summary>
    public MentionMessage MentionAll(IReadOnlyList<(string Id, string? Name)> people)
    {
        ArgumentNullException.ThrowIfNull(people);
        for (var i = 0; i < people.Count; i++)
        {
            if (i > 0)
            {
                Text(i == people.Count - 1 ? " and " : ", ");
            }

            Mention(people[i].Id, people[i].Name);
        }

        return this;
    }

    /// <summary>The message activity: the text, <c>textFormat: "xml"</c>, and one mention entity per person.</summary>
    public Activity ToActivity() => new()
    {
        Type = ActivityTypes.Message,
        TextFormat = XmlTextFormat,
        Text = text.ToString(),
        Entities = [.. mentions.Select(m => JsonSerializer.SerializeToElement(m, ActivityJson.Options))],
    };
}
