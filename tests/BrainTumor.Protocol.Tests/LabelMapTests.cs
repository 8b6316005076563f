using BrainTumor.Protocol.Labels;

namespace BrainTumor.Protocol.Tests;

public class LabelMapTests
{
    [Theory]
    [InlineData("meningioma", TumorClass.Meningioma)]
    [InlineData("Meningioma_Tumor", TumorClass.Meningioma)]
    [InlineData("glioma_tumor", TumorClass.Glioma)]
    [InlineData("glioma-tumour", TumorClass.Glioma)]
    [InlineData("pituitary tumor", TumorClass.Pituitary)]
    [InlineData("PITUITARY", TumorClass.Pituitary)]
    public void Accepts_class_names_and_common_aliases(string name, TumorClass expected)
    {
        Assert.True(LabelMap.TryParseName(name, out var label));
        Assert.Equal(expected, label);
    }

    [Theory]
    [InlineData("no_tumor")]
    [InlineData("notumor")]
    [InlineData("tumor")]
    [InlineData("1")]
    [InlineData("")]
    public void Rejects_anything_else(string name) => Assert.False(LabelMap.TryParseName(name, out _));

    [Theory]
    [InlineData(1.0, TumorClass.Meningioma)]
    [InlineData(2.0, TumorClass.Glioma)]
    [InlineData(3.0, TumorClass.Pituitary)]
    public void Figshare_codes(double code, TumorClass expected)
    {
        Assert.True(LabelMap.TryFromFigshareCode(code, out var label));
        Assert.Equal(expected, label);
        Assert.Equal(code, (int)expected);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(4.0)]
    [InlineData(1.5)]
    public void Figshare_codes_outside_1_to_3_are_rejected(double code) => Assert.False(LabelMap.TryFromFigshareCode(code, out _));
}
