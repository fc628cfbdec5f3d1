using TeamsDecisions.Cards;

namespace TeamsDecisions.App;

/// <summary><c>export-cards &lt;dir&gt;</c>: writes every card in every state and viewer variant as JSON, then exits.</summary>
internal static class CardGalleryCommand
{
    public static bool TryRun(string[] args, out int exitCode)
    {
        exitCode = 0;
        if (args.Length == 0 || args[0] != "export-cards")
        {
            return false;
        }

        if (args.Length != 2 || string.IsNullOrWhiteSpace(args[1]))
        {
            Console.Error.WriteLine("Usage: dotnet run --project src/TeamsDecisions.App -- export-cards <dir>");
            exitCode = 2;
            return true;
        }

        var paths = CardGallery.Export(args[1]);
        foreach (var path in paths)
        {
            Console.WriteLine(path);
        }

        Console.WriteLine($"{paths.Count} cards written to {Path.GetFullPath(args[1])}");
        return true;
    }
}
