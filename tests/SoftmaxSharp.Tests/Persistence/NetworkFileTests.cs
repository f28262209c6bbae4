using SoftmaxSharp.Core;
using SoftmaxSharp.Data;
using SoftmaxSharp.Models;
using SoftmaxSharp.Persistence;
using SoftmaxSharp.Training;

namespace SoftmaxSharp.Tests.Persistence;

public class NetworkFileTests
{
    [Theory]
    [InlineData(Activation.Tanh, Scaling.Standardize)]
    [InlineData(Activation.LeakyRelu, Scaling.MinMax)]
    [InlineData(Activation.Sigmoid, Scaling.None)]
    public void SaveThenLoad_GivesBitIdenticalParametersAndPredictions(Activation activation, Scaling scaling)
    {
        var data = EmbeddedDatasets.Load("iris");
        var network = new NeuralNetwork([7, 5], activation);
        network.Fit(data, new TrainingOptions { Epochs = 5, Scaling = scaling });
        using var directory = new TempDirectory();
        string path = directory.File("net.json");

        NetworkFile.Save(network, path);
        var loaded = Assert.IsType<NeuralNetwork>(ClassifierFile.Load(path));

        Assert.Equal(activation, loaded.Activation);
        Assert.Equal(network.LayerSizes, loaded.LayerSizes);
        Assert.Equal(data.ClassNames, loaded.ClassNames);
        Assert.Equal(scaling, loaded.Scaler.Kind);
        for (int i = 0; i < network.Parameters.Count; i++)
            Assert.Equal(FloatBits.Of(network.Parameters[i].Values), FloatBits.Of(loaded.Parameters[i].Values));
        Assert.Equal(FloatBits.Of(network.PredictProba(data.Features)), FloatBits.Of(loaded.PredictProba(data.Features)));
        Assert.Contains("\"kind\": \"network\"", File.ReadAllText(path));
    }

    [Fact]
    public void EditedFile_FailsTheChecksum()
    {
        var data = EmbeddedDatasets.Load("iris");
        var network = new NeuralNetwork([3], Activation.Relu);
        network.Fit(data, new TrainingOptions { Epochs = 1 });
        using var directory = new TempDirectory();
        string path = directory.File("net.json");
        NetworkFile.Save(network, path);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"relu\"", "\"tanh\""));

        var error = Assert.Throws<UserInputException>(() => ClassifierFile.Load(path));
        Assert.Contains("checksum", error.Message);
    }

    [Fact]
    public void SoftmaxFile_StillLoadsThroughClassifierFile()
    {
        var model = new SoftmaxRegression();
        model.Fit(EmbeddedDatasets.Load("iris"), new TrainingOptions { Epochs = 2 });
        using var directory = new TempDirectory();
        string path = directory.File("softmax.json");
        ModelFile.Save(model, path);
        Assert.IsType<SoftmaxRegression>(ClassifierFile.Load(path));
        Assert.Throws<UserInputException>(() => NetworkFile.Load(path));
    }
}
