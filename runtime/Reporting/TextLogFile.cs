using System.Text;

namespace RaceDetector.Runtime.Reporting;

/// <summary>
/// The text reports, appended to a file as they are found (<c>log=PATH</c>, like TSAN's log_path), for
/// hosts that swallow stderr: a VSTest testhost's stderr never reaches the console.
/// </summary>
internal sealed class TextLogFile
{
    readonly string _path;

    public TextLogFile(string path)
    {
        _path = Path.GetFullPath(path);
        File.WriteAllText(_path, "");
    }

    public void Append(string text) => File.AppendAllText(_path, text + Environment.NewLine, Encoding.UTF8);
}
