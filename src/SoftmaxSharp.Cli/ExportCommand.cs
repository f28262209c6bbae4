using System.CommandLine;
using SoftmaxSharp.Export;
using SoftmaxSharp.Persistence;

namespace SoftmaxSharp.Cli;

/// <summary>`softmax export MODEL --onnx out.onnx`: the model (with its feature scaling) as an ONNX graph.</summary>
static class ExportCommand
{
    public static Command Create(TextWriter output)
    {
        var model = new Argument<string>("MODEL") { Description = "The model file written by 'softmax train --out'" };
        var onnx = new Option<string>("--onnx") { Description = "Write the model as ONNX to this file: input 'features' [N, d] (raw, as in the CSV); outputs 'label' (int64 class index), 'class_name' (string) and 'probabilities' [N, k]", Required = true };
        var command = new Command("export", "Export a trained model to another format (ONNX), its feature scaling included") { model, onnx };
        command.SetAction(parse =>
        {
            object any = ModelFile.LoadAny(parse.GetValue(model)!);
            string path = parse.GetValue(onnx)!;
            if (Directory.Exists(path)) throw new UserInputException("--onnx names a directory", "Give a file name, e.g. model.onnx", path);
            if (any is not Models.SoftmaxRegression loaded) return FamilyCommands.Export(any, path, output);
            OnnxExporter.Save(loaded, path);
            output.WriteLine($"ONNX model (IR {OnnxExporter.IrVersion}, opset {OnnxExporter.Opset}) written to {path}: input 'features' [N, {loaded.Features}], "
                + $"outputs 'label', 'class_name' and 'probabilities' [N, {loaded.Classes}] over {Format.List(loaded.ClassNames)}");
            return 0;
        });
        return command;
    }
}
