namespace BrainTumor.Protocol.Labels;

/// <summary>
/// The three tumour classes of the figshare CE-MRI set (Cheng et al., 2015). The numeric values are
/// the figshare coding of <c>/cjdata/label</c>, which is the reference; other copies of the data
/// number them differently.
/// </summary>
public enum TumorClass
{
    Meningioma = 1,
    Glioma = 2,
    Pituitary = 3,
}
