using System.Reflection;
using System.Text.Json;
using BrainTumor.Protocol.Specs;

namespace BrainTumor.Protocol.Tests.Specs;

public class ExperimentSpecFieldsTests
{
    [Fact]
    public void The_table_has_one_row_per_property_in_declaration_order_with_snake_case_keys_and_flags()
    {
        var properties = typeof(ExperimentSpec).GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken).ToList();
        Assert.Equal(properties.Select(p => p.Name), ExperimentSpecFields.All.Select(f => f.Name));
        Assert.Equal(properties.Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)), ExperimentSpecFields.All.Select(f => f.Key));
        Assert.Equal(properties.Select(p => p.PropertyType), ExperimentSpecFields.All.Select(f => f.ValueType));
        Assert.Equal("--batch-size", ExperimentSpecFields.BatchSize.Flag);
        Assert.Equal("BatchSize", ExperimentSpecFields.BatchSize.Name);
        Assert.Equal("label_smoothing", ExperimentSpecFields.LabelSmoothing.Key);
    }

    [Fact]
    public void Each_field_reads_and_writes_its_own_property()
    {
        var spec = ExperimentSpec.For("data");
        Assert.Equal(10, ExperimentSpecFields.Epochs.Get(spec));
        Assert.Equal("10", ExperimentSpecFields.Epochs.DefaultText);
        Assert.Null(ExperimentSpecFields.InputSize.DefaultText);
        Assert.Equal("0.001", ExperimentSpecFields.LearningRate.DefaultText);

        spec = ExperimentSpecFields.Epochs.With(spec, "7", "--epochs");
        spec = ExperimentSpecFields.InputSize.With(spec, "384", "--input-size");
        spec = ExperimentSpecFields.LabelSmoothing.With(spec, "0.1", "--label-smoothing");
        spec = ExperimentSpecFields.Augment.With(spec, "true", "--augment");
        spec = ExperimentSpecFields.FoldsFrom.With(spec, "cheng_fold", "--folds-from");
        Assert.Equal(ExperimentSpec.For("data") with { Epochs = 7, InputSize = 384, LabelSmoothing = 0.1, Augment = true, FoldsFrom = "cheng_fold" }, spec);
        Assert.Null(ExperimentSpecFields.InputSize.Get(ExperimentSpecFields.InputSize.With(spec, "", "--input-size")));
    }

    [Theory]
    [InlineData("epochs", "x", "--epochs 'x': not a whole number; expected a whole number from 1")]
    [InlineData("learning_rate", "fast", "--learning-rate 'fast': not a number; expected a number above 0")]
    [InlineData("augment", "maybe", "--augment 'maybe': not true or false; expected true or false")]
    [InlineData("epochs", "", "--epochs '': not a whole number")]
    public void Text_that_is_not_of_the_fields_type_is_refused_naming_the_source(string key, string text, string message)
    {
        var field = ExperimentSpecFields.Find(key)!;
        var error = Assert.Throws<ArgumentException>(() => field.With(ExperimentSpec.For("data"), text, field.Flag));
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void The_defaults_are_valid_and_every_bad_value_is_named_by_its_flag()
    {
        Assert.Equal(ExperimentSpec.For("data"), ExperimentSpec.For("data").Validated());
        var bad = ExperimentSpec.For("") with { Epochs = 0, BatchSize = 1, InputSize = 16, LabelSmoothing = 1, Folds = 1, WidthDivisor = 0, MaxItems = 5, LearningRate = double.NaN };
        var error = Assert.Throws<ArgumentException>(() => bad.Validated());
        Assert.Equal(
            "--dataset (none): expected a dataset folder; --folds 1: expected between 2 and 20; --input-size 16: expected between 32 and 1024 pixels; "
            + "--epochs 0: expected a whole number from 1; --batch-size 1: expected a whole number from 2; --learning-rate NaN: expected a number above 0; "
            + "--max-items 5: expected at least 6; --width-divisor 0: expected between 1 and 64; --label-smoothing 1: expected a number from 0 up to (not including) 1",
            error.Message);
    }

    [Fact]
    public void The_training_recipes_fields_refuse_values_out_of_range_or_not_among_their_choices()
    {
        var bad = ExperimentSpec.For("data") with
        {
            Rotate = 200, Scale = 1, Translate = 0.6, Intensity = -0.1, Noise = 2, Optimizer = "adam", WeightDecay = -1, BlockLrFactor = 0,
            Schedule = "step", WarmupEpochs = -1, GradientClip = double.PositiveInfinity, BatchNorm = "train", Tta = "flips",
            Crop = "tumour", Normalize = "zscore", Precision = "fp16",
        };
        var error = Assert.Throws<ArgumentException>(() => bad.Validated());
        Assert.Equal(
            "--crop tumour: expected one of none, brain; --normalize zscore: expected one of minmax, percentile; "
            + "--rotate 200: expected 0 to 180 degrees; --scale 1: expected a number from 0 up to (not including) 1; --translate 0.6: expected a number from 0 to 0.5; "
            + "--intensity -0.1: expected a number from 0 up to (not including) 1; --noise 2: expected a number from 0 to 1; --optimizer adam: expected one of sgd, adamw; "
            + "--weight-decay -1: expected a number from 0 below 1; --block-lr-factor 0: expected a number above 0, at most 1; --schedule step: expected one of constant, cosine; "
            + "--warmup-epochs -1: expected a whole number from 0; --gradient-clip Infinity: expected a number from 0; --batch-norm train: expected one of frozen, updated; "
            + "--tta flips: expected one of none, flip; --precision fp16: expected one of fp32, bf16",
            error.Message);
        var good = ExperimentSpec.For("data") with { Rotate = 15, Scale = 0.1, Optimizer = "adamw", Schedule = "cosine", BatchNorm = "updated", Tta = "flip", Crop = "brain", Normalize = "percentile", Precision = "bf16" };
        Assert.Equal(good, good.Validated());
    }

    [Fact]
    public void A_policy_is_checked_for_its_form_with_the_parsers_own_reason()
    {
        Assert.Equal("fixed:3", (ExperimentSpec.For("data") with { Policy = "fixed:3" }).Validated().Policy);
        var error = Assert.Throws<ArgumentException>(() => (ExperimentSpec.For("data") with { Policy = "greedy" }).Validated());
        Assert.Equal("--policy greedy: greedy: 'greedy' is not a supervisor policy; expected " + BrainTumor.Protocol.Supervision.SupervisorPolicies.ExpectedForms, error.Message);
    }

    [Theory]
    [InlineData("--label-smoothing")]
    [InlineData("label_smoothing")]
    [InlineData("LabelSmoothing")]
    public void A_field_is_found_by_flag_key_or_name(string name) => Assert.Same(ExperimentSpecFields.LabelSmoothing, ExperimentSpecFields.Find(name));
}
