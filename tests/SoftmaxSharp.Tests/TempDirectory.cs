namespace SoftmaxSharp.Tests;

/// <summary>A fresh directory under the system's temp folder, deleted (with its contents) on dispose.</summary>
sealed class TempDirectory : IDisposable
{
    public TempDirectory(string? name = null)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "softmaxsharp-tests-" + Guid.NewGuid().ToString("N"), name ?? "data");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>The full path of <paramref name="fileName"/> inside this directory.</summary>
    public string File(string fileName) => System.IO.Path.Combine(Path, fileName);

    /// <summary>Writes <paramref name="content"/> to <paramref name="fileName"/> inside this directory and returns its path.</summary>
    public string File(string fileName, string content)
    {
        string path = File(fileName);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true); }
        catch (IOException) { }
    }
}
