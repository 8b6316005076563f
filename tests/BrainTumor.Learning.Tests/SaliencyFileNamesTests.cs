using BrainTumor.Learning.Prediction;

namespace BrainTumor.Learning.Tests;

public sealed class SaliencyFileNamesTests
{
    [Fact]
    public void Distinct_stems_keep_their_name_and_shared_stems_take_their_path_below_the_common_folder()
    {
        var names = SaliencyFileNames.For(["/data/x/glioma/1.jpg", "/data/x/meningioma/1.jpg", "/data/x/pituitary/7.png", "/data/x/glioma/1.jpg"]);

        Assert.Equal(3, names.Count);
        Assert.Equal("glioma_1.saliency.png", names["/data/x/glioma/1.jpg"]);
        Assert.Equal("meningioma_1.saliency.png", names["/data/x/meningioma/1.jpg"]);
        Assert.Equal("7.saliency.png", names["/data/x/pituitary/7.png"]);
    }

    [Fact]
    public void Names_that_would_still_collide_get_a_number_and_case_counts_as_the_same()
    {
        // a_b/1.jpg and a/b/1.jpg both flatten to d_a_b_1; A.jpg and a.png are one name on a case-insensitive disk.
        var names = SaliencyFileNames.For(["/d/a_b/1.jpg", "/d/a/b/1.jpg", "/d/a/b_1.jpg", "/e/A.jpg", "/f/a.png"]);

        Assert.Equal(names.Count, names.Values.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal("d_a_b_1.saliency.png", names["/d/a_b/1.jpg"]);
        Assert.Equal("d_a_b_1-2.saliency.png", names["/d/a/b/1.jpg"]);
        Assert.Equal("b_1.saliency.png", names["/d/a/b_1.jpg"]);
        Assert.Equal("e_A.saliency.png", names["/e/A.jpg"]);
        Assert.Equal("f_a.saliency.png", names["/f/a.png"]);
    }
}
