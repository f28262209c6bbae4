using System.CommandLine;
using SoftmaxSharp.Data;

namespace SoftmaxSharp.Cli;

/// <summary>`softmax datasets`: the embedded datasets, with their shapes.</summary>
static class DatasetsCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("datasets", "List the embedded datasets (usable as --data NAME)");
        command.SetAction(_ =>
        {
            output.WriteLine($"{"name",-12}  {"rows",4}  {"features",8}  {"classes",7}  description");
            foreach (var entry in EmbeddedDatasets.All)
            {
                var data = EmbeddedDatasets.Load(entry.Name);
                output.WriteLine($"{entry.Name,-12}  {data.Rows,4}  {data.Columns,8}  {data.Classes,7}  {entry.Description}");
            }
            output.WriteLine();
            output.WriteLine("Fashion-MNIST: --data /usr/share/datasets/fashion-mnist (Debian package dataset-fashion-mnist).");
            return 0;
        });
        return command;
    }
}
