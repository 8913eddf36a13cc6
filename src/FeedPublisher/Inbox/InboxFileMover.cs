using System.Text;

namespace FeedPublisher.Inbox;

/// <summary>
/// Moves an original out of the inbox, keeping its name (a clash gets a numbered suffix). A failed file gets a sidecar
/// <c>&lt;name&gt;.error.txt</c> that says what is wrong. Nothing is ever deleted.
/// </summary>
public sealed class InboxFileMover(InboxFolders folders, TimeProvider time)
{
    public const string ErrorSidecarSuffix = ".error.txt";

    public string MoveToProcessed(string path) => MoveWithoutOverwrite(path, folders.Processed);

    public string MoveToFailed(string path, string problem) => MoveWithoutOverwrite(path, folders.Failed, sidecarFor: problem);

    private string MoveWithoutOverwrite(string path, string folder, string? sidecarFor = null)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        var extension = Path.GetExtension(path);
        for (var attempt = 1; ; attempt++)
        {
            var destination = Path.Combine(folder, attempt == 1 ? name + extension : $"{name}-{attempt}{extension}");
            if (sidecarFor is not null)
            {
                // The sidecar goes first: a crash before the move leaves the original in the inbox, to be tried again.
                // Checked first, so a sidecar never overwrites the note of an earlier file of the same name.
                if (File.Exists(destination))
                    continue;
                Directory.CreateDirectory(folder);
                File.WriteAllText(destination + ErrorSidecarSuffix, Sidecar(Path.GetFileName(path), sidecarFor), Encoding.UTF8);
            }
            try
            {
                MoveCreatingFolder(path, destination, folder);
                return destination;
            }
            catch (IOException) when (File.Exists(destination) && File.Exists(path))
            {
                // The name is taken (a move without overwrite refuses atomically); try the next suffix.
            }
        }
    }

    private static void MoveCreatingFolder(string path, string destination, string folder)
    {
        try
        {
            File.Move(path, destination, overwrite: false);
        }
        catch (DirectoryNotFoundException) when (!Directory.Exists(folder) && File.Exists(path))
        {
            // Someone removed processed/ or failed/ while the service ran.
            Directory.CreateDirectory(folder);
            File.Move(path, destination, overwrite: false);
        }
    }

    private string Sidecar(string fileName, string problem) => $"""
        FeedPublisher could not publish '{fileName}'.

        Problem: {problem}

        How to fix it: correct the file and drop it into the inbox again. An article needs a '# Title' line
        (or 'title:' in YAML front matter between '---' lines), optionally a byline and a date line, then its text,
        saved as UTF-8.

        Failed at: {time.GetUtcNow():yyyy-MM-dd HH:mm:ss} UTC

        """;
}
