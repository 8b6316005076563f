using BrainTumor.Reports.Document;

namespace BrainTumor.Reports.Building;

/// <summary>
/// The published results this platform measures itself against, as the papers state them. Both
/// use the full figshare CE-MRI set (Cheng et al., doi 10.6084/m9.figshare.1512427).
/// </summary>
public static class PublishedResults
{
    public const int FullSetSlices = 3064;
    public const int FullSetPatients = 233;
    public const int PaperFolds = 5;
    public const int PaperInputSize = 224;

    /// <summary>Swati et al., Computerized Medical Imaging and Graphics 75 (2019) 34-46.</summary>
    public static ProtocolRow Swati2019 { get; } = new(
        "Swati et al. 2019 (VGG19)", 0.9482, null,
        $"full figshare CE-MRI set: {FullSetSlices} slices, {FullSetPatients} patients",
        $"{PaperFolds}-fold cross-validation",
        $"{PaperInputSize}x{PaperInputSize}",
        "VGG19, ImageNet-pretrained",
        "block-wise fine-tuning, going deeper into earlier blocks while validation gains");

    /// <summary>Cheng et al., PLoS ONE 10(10) e0140381 (2015): tumour region augmentation and partition.</summary>
    public static ProtocolRow Cheng2015 { get; } = new(
        "Cheng et al. 2015 (bag of words)", 0.9128, null,
        $"full figshare CE-MRI set: {FullSetSlices} slices, {FullSetPatients} patients",
        $"{PaperFolds}-fold, patient-wise (the set's cvind.mat)",
        "the tumour region from the expert-drawn border, dilated and split into ring subregions",
        "bag-of-words features with a classical classifier (no CNN)",
        "hand-crafted features; needs the tumour border at test time");
}
