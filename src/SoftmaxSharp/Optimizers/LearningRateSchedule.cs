namespace SoftmaxSharp.Optimizers;

/// <summary>How the learning rate changes from epoch to epoch, as PyTorch's schedulers stepped once per epoch.</summary>
public enum ScheduleKind
{
    /// <summary>η_e = η₀.</summary>
    Constant,
    /// <summary>η_e = η₀·γ^⌊e / s⌋ (<c>StepLR(step_size=s, gamma=γ)</c>).</summary>
    Step,
    /// <summary>η_e = η₀·γ^e (<c>ExponentialLR(gamma=γ)</c>).</summary>
    Exponential,
    /// <summary>η_e = η_min + (η₀ − η_min)·(1 + cos(π·e / T))/2 with T the number of epochs (<c>CosineAnnealingLR(T_max=T, eta_min=η_min)</c>).</summary>
    Cosine,
}

/// <summary>The learning rate of each epoch under a <see cref="ScheduleKind"/>; e counts epochs from 0.</summary>
/// <param name="BaseRate">η₀</param>
/// <param name="StepSize">s, epochs between decays of <see cref="ScheduleKind.Step"/></param>
/// <param name="Gamma">γ, the decay factor of <see cref="ScheduleKind.Step"/> and <see cref="ScheduleKind.Exponential"/></param>
/// <param name="Epochs">T of <see cref="ScheduleKind.Cosine"/></param>
/// <param name="MinRate">η_min of <see cref="ScheduleKind.Cosine"/></param>
public sealed record LearningRateSchedule(ScheduleKind Kind, double BaseRate, int StepSize = 10, double Gamma = 0.1, int Epochs = 1, double MinRate = 0)
{
    /// <summary>η for epoch e = 0, 1, … (the e-th epoch, counted from 0 as PyTorch's <c>last_epoch</c>).</summary>
    public double Rate(int epoch) => Kind switch
    {
        ScheduleKind.Step => BaseRate * Math.Pow(Gamma, epoch / StepSize),                                  // η₀·γ^⌊e/s⌋
        ScheduleKind.Exponential => BaseRate * Math.Pow(Gamma, epoch),                                     // η₀·γ^e
        ScheduleKind.Cosine => MinRate + (BaseRate - MinRate) * (1 + Math.Cos(Math.PI * epoch / Epochs)) / 2,  // η_min + (η₀ − η_min)(1 + cos(πe/T))/2
        _ => BaseRate,
    };

    /// <summary>The name used on the command line and in checkpoints: constant, step, exp, cosine.</summary>
    public static string Name(ScheduleKind kind) => kind switch
    {
        ScheduleKind.Step => "step",
        ScheduleKind.Exponential => "exp",
        ScheduleKind.Cosine => "cosine",
        _ => "constant",
    };

    /// <summary>The kind named by <see cref="Name"/>.</summary>
    public static ScheduleKind Parse(string name) => name.ToLowerInvariant() switch
    {
        "constant" => ScheduleKind.Constant,
        "step" => ScheduleKind.Step,
        "exp" or "exponential" => ScheduleKind.Exponential,
        "cosine" => ScheduleKind.Cosine,
        _ => throw new UserInputException($"unknown learning-rate schedule '{name}'", "Use constant, step, exp or cosine"),
    };
}
