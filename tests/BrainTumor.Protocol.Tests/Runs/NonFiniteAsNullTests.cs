using System.Text.Json;
using System.Text.Json.Serialization;
using BrainTumor.Protocol.Runs;

namespace BrainTumor.Protocol.Tests.Runs;

public class NonFiniteAsNullTests
{
    private sealed record Numbers([property: JsonConverter(typeof(NonFiniteAsNull))] double Loss);

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void A_non_finite_number_is_written_as_null_and_read_back_as_NaN(double value)
    {
        var json = JsonSerializer.Serialize(new Numbers(value));
        Assert.Equal("{\"Loss\":null}", json);
        Assert.True(double.IsNaN(JsonSerializer.Deserialize<Numbers>(json)!.Loss));
    }

    [Fact]
    public void A_finite_number_round_trips_exactly()
    {
        var json = JsonSerializer.Serialize(new Numbers(0.1 + 0.2));
        Assert.Equal("{\"Loss\":0.30000000000000004}", json);
        Assert.Equal(0.1 + 0.2, JsonSerializer.Deserialize<Numbers>(json)!.Loss);
    }
}
