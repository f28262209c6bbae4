using SoftmaxSharp.Data;
using SoftmaxSharp.Persistence;
using SoftmaxSharp.Tests.Cli;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Robustness;

/// <summary>Options of issue 7 (class weights, label smoothing, warm start) meet the checkpoints of issue 6.</summary>
public class MergedOptionsTests
{
    [Fact]
    public void ACheckpointKeepsClassWeightsAndLabelSmoothing()
    {
        using var temp = new TempDirectory();
        string path = temp.File("run.ckpt");
        var options = new TrainingOptions { Epochs = 3, ClassWeights = [1f, 2.5f, 0.5f], LabelSmoothing = 0.1f };
        var scaler = FeatureScaler.Identity(2);
        var state = new TrainingCheckpoint(1, new float[6], new float[3], []);

        CheckpointFile.Save(path, state, ["a", "b"], ["x", "y", "z"], scaler, options);
        var loaded = CheckpointFile.Load(path);

        Assert.Equal(options.ClassWeights, loaded.Options.ClassWeights);
        Assert.Equal(options.LabelSmoothing, loaded.Options.LabelSmoothing);
    }

    [Fact]
    public void WarmStartCannotBeCheckpointed()
    {
        using var temp = new TempDirectory();
        string model = temp.File("model.json");
        Assert.Equal(0, CliRunner.Run("train", "--epochs", "2", "--out", model).ExitCode);

        var result = CliRunner.Run("train", "--from", model, "--checkpoint", temp.File("run.ckpt"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--from cannot be combined with --checkpoint or --resume", result.Error);
    }
}
