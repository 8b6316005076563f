namespace BrainTumor.Learning.Training;

/// <summary>
/// Random changes to training slices, drawn per slice and applied to a whole batch at once on the
/// training device: horizontal flips, rotation, scaling and translation as one affine warp (zeros,
/// the MR background, fill what the warp uncovers), then brightness, contrast and gamma on the
/// grey values in [0, 1], then Gaussian noise. Every value 0 (or false) leaves that change out;
/// <see cref="None"/> is no augmentation. The torchvision transforms that medical-imaging recipes
/// use (RandomHorizontalFlip, RandomAffine, ColorJitter, GaussianNoise), drawn from the stage's
/// per-epoch seed so that a resumed stage draws the same values as an uninterrupted one.
/// </summary>
public sealed record Augmentation
{
    public static Augmentation None { get; } = new();

    /// <summary>Mirror half of the slices left to right.</summary>
    public bool Flip { get; init; }

    /// <summary>Rotate by an angle drawn from [-this, this] degrees.</summary>
    public double RotateDegrees { get; init; }

    /// <summary>Zoom by a factor drawn from [1 - this, 1 + this].</summary>
    public double Scale { get; init; }

    /// <summary>Shift each axis by a share of the side drawn from [-this, this].</summary>
    public double Translate { get; init; }

    /// <summary>Brightness shift from [-this, this], contrast factor from [1 - this, 1 + this], gamma from [e^-this, e^this].</summary>
    public double Intensity { get; init; }

    /// <summary>Standard deviation of the Gaussian noise added to the grey values (0 to 1 scale).</summary>
    public double Noise { get; init; }

    /// <summary>True when some change beyond <see cref="Flip"/> is on (the warp or the grey-value changes).</summary>
    public bool BeyondFlips => RotateDegrees > 0 || Scale > 0 || Translate > 0 || Intensity > 0 || Noise > 0;

    /// <summary>True when any change is on.</summary>
    public bool Any => Flip || BeyondFlips;

    /// <summary>Null when every value is allowed, else what is wrong.</summary>
    public string? Problem() =>
        RotateDegrees is < 0 or > 180 || !double.IsFinite(RotateDegrees) ? "rotation: expected 0 to 180 degrees"
        : Scale is < 0 or >= 1 || !double.IsFinite(Scale) ? "scale: expected 0 up to (not including) 1"
        : Translate is < 0 or > 0.5 || !double.IsFinite(Translate) ? "translation: expected 0 to 0.5 of the side"
        : Intensity is < 0 or >= 1 || !double.IsFinite(Intensity) ? "intensity: expected 0 up to (not including) 1"
        : Noise is < 0 or > 1 || !double.IsFinite(Noise) ? "noise: expected 0 to 1"
        : null;

    /// <summary>One slice's draw for each position in <paramref name="count"/>, from <paramref name="random"/>, in a fixed order.</summary>
    public AugmentationDraw[] Draw(Random random, int count)
    {
        var draws = new AugmentationDraw[count];
        for (var i = 0; i < count; i++)
            draws[i] = Draw(random);
        return draws;
    }

    private AugmentationDraw Draw(Random random)
    {
        double Symmetric(double bound) => bound > 0 ? (2 * random.NextDouble() - 1) * bound : 0;
        return new AugmentationDraw(
            Flip: false,
            Radians: Symmetric(RotateDegrees) * Math.PI / 180,
            Zoom: 1 + Symmetric(Scale),
            ShiftX: Symmetric(Translate),
            ShiftY: Symmetric(Translate),
            Brightness: Symmetric(Intensity),
            Contrast: 1 + Symmetric(Intensity),
            Gamma: Math.Exp(Symmetric(Intensity)),
            NoiseSeed: Noise > 0 ? random.NextInt64(1, long.MaxValue) : 0,
            NoiseStd: Noise);
    }
}

/// <summary>The changes drawn for one training slice (see <see cref="Augmentation"/>); shifts are shares of the side.</summary>
public readonly record struct AugmentationDraw(bool Flip, double Radians, double Zoom, double ShiftX, double ShiftY,
    double Brightness, double Contrast, double Gamma, long NoiseSeed, double NoiseStd)
{
    /// <summary>Nothing changed.</summary>
    public static AugmentationDraw Identity { get; } = new(false, 0, 1, 0, 0, 0, 1, 1, 0, 0);

    public static AugmentationDraw Flipped { get; } = Identity with { Flip = true };

    public bool IsIdentity => this == Identity;
}
