namespace SoftmaxSharp.Optimizers;

/// <summary>Which optimizer <see cref="Training.TrainingOptions"/> trains with (PyTorch's <c>torch.optim</c> names in the docs of each class).</summary>
public enum OptimizerKind
{
    /// <summary><see cref="Optimizers.Sgd"/> without momentum: θ ← θ − ηg.</summary>
    Sgd,
    /// <summary><see cref="Optimizers.Sgd"/> with heavy-ball momentum μ (default 0.9).</summary>
    Momentum,
    /// <summary><see cref="Optimizers.Sgd"/> with Nesterov momentum μ (default 0.9).</summary>
    Nesterov,
    /// <summary><see cref="Optimizers.Adagrad"/>.</summary>
    Adagrad,
    /// <summary><see cref="Optimizers.RmsProp"/>.</summary>
    RmsProp,
    /// <summary><see cref="Optimizers.Adam"/>.</summary>
    Adam,
    /// <summary><see cref="Optimizers.AdamW"/> (decoupled weight decay, default 0.01).</summary>
    AdamW,
}
