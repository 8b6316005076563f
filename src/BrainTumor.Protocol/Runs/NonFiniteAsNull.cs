using System.Text.Json;
using System.Text.Json.Serialization;

namespace BrainTumor.Protocol.Runs;

/// <summary>
/// A number that may be non-finite (a diverged stage's loss), written as JSON <c>null</c> then
/// and read back from <c>null</c> as NaN: JSON has no NaN or Infinity, and strict parsers (and
/// System.Text.Json's defaults) refuse them.
/// </summary>
public sealed class NonFiniteAsNull : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value))
            writer.WriteNumberValue(value);
        else
            writer.WriteNullValue();
    }
}
