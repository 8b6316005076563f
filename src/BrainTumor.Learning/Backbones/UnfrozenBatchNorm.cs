namespace BrainTumor.Learning.Backbones;

/// <summary>
/// What the BatchNorm layers of an unfrozen (trainable) block do while the model trains. Frozen
/// blocks always keep their statistics fixed; this choice concerns only the blocks being tuned.
/// </summary>
public enum UnfrozenBatchNorm
{
    /// <summary>
    /// The default. Scale and shift are trained, but the layer keeps normalising with the ImageNet
    /// running statistics and never updates them. On CE-MRI, letting a newly unfrozen block
    /// re-estimate its statistics shifted its outputs and undid the head's fit; keeping them fixed
    /// did not (docs/TRAINING.md, "Freeze").
    /// </summary>
    FixedStatistics,

    /// <summary>
    /// PyTorch's usual training behaviour: batch statistics in train mode, running statistics
    /// updated with the graph's momentum (1 - 0.98835 = 0.01165 per batch for CNTK's ResNet18).
    /// </summary>
    BatchStatistics,
}
