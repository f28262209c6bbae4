using SoftmaxSharp.Data;
using SoftmaxSharp.Models;

namespace SoftmaxSharp.Training;

/// <summary>
/// A named configuration: the training options of one run of a comparison or grid search, and the model —
/// softmax regression, or with <paramref name="Hidden"/> a feedforward network with hidden layers of those sizes.
/// </summary>
public sealed record Configuration(string Name, TrainingOptions Options, int[]? Hidden = null);

/// <summary>One configuration's outcome: its trained model, history and validation accuracy and loss (after the last epoch).</summary>
public sealed record ConfigurationResult(Configuration Configuration, IClassifier Model, TrainingHistory History, double ValidationAccuracy, double ValidationLoss);

/// <summary>
/// Trains several configurations on the same data (a comparison, a grid search). Each run is independent
/// and seeded by its own options, so the results do not depend on how many run at once or in what order
/// they finish; they come back in the order given.
/// </summary>
public static class ConfigurationRuns
{
    /// <param name="parallelism">runs at once (1 = one after another)</param>
    /// <param name="onEpoch">called after every epoch of every run with the run's index (from several threads when parallel)</param>
    public static ConfigurationResult[] Run(IReadOnlyList<Configuration> configurations, Dataset train, Dataset validation, int parallelism,
        Action<int, EpochResult>? onEpoch = null)
    {
        foreach (var configuration in configurations) configuration.Options.Validate();   // every option checked before hours of training
        var results = new ConfigurationResult[configurations.Count];
        void RunOne(int i)
        {
            var configuration = configurations[i];
            var options = configuration.Options;
            if (onEpoch is not null) options = options with { OnEpoch = e => { configuration.Options.OnEpoch?.Invoke(e); onEpoch(i, e); } };
            IClassifier model;
            TrainingHistory history;
            if (configuration.Hidden is null)
            {
                var regression = new SoftmaxRegression();
                history = regression.Fit(train, options, validation);
                model = regression;
            }
            else
            {
                var network = new NeuralNetwork(configuration.Hidden);
                history = network.Fit(train, options, validation);
                model = network;
            }
            var last = history.Epochs[^1];
            results[i] = new ConfigurationResult(configurations[i], model, history, last.ValidationAccuracy, last.ValidationLoss);
        }
        if (parallelism <= 1) for (int i = 0; i < configurations.Count; i++) RunOne(i);
        else
        {
            try
            {
                Parallel.For(0, configurations.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, RunOne);
            }
            catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault(x => x is UserInputException) is UserInputException first)
            {
                throw first;                                      // e.g. one configuration diverged: say which, as a sequential run would
            }
        }
        return results;
    }

    /// <summary>The results best first: highest validation accuracy, then lowest validation loss, then the order given (a stable sort).</summary>
    public static ConfigurationResult[] Ranked(IEnumerable<ConfigurationResult> results) =>
        results.OrderByDescending(r => r.ValidationAccuracy).ThenBy(r => r.ValidationLoss).ToArray();
}
