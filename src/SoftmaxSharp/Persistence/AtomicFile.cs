namespace SoftmaxSharp.Persistence;

/// <summary>Writes a file completely or not at all: into a temporary file beside it, then renamed over it.</summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string? directory = Path.GetDirectoryName(full);
        if (directory is not null && !Directory.Exists(directory))
            throw new UserInputException("the directory to write into does not exist", "Create it first, or write elsewhere", path);
        if (Directory.Exists(full)) throw new UserInputException("is a directory", "Give a file name to write", path);
        string temporary = full + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch (UnauthorizedAccessException)
        {
            throw new UserInputException("permission denied", "Write to a directory you may write to", path);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
