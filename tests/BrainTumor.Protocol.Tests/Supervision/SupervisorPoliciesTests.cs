using BrainTumor.Protocol.Supervision;

namespace BrainTumor.Protocol.Tests.Supervision;

public class SupervisorPoliciesTests
{
    private const int Blocks = 5;

    [Fact]
    public void Names_alone_give_the_defaults_and_the_backbones_depth()
    {
        Assert.Equal(new AdaptivePolicy(0.005, 1, Blocks), SupervisorPolicies.Parse("adaptive", Blocks));
        Assert.Equal(new ExhaustivePolicy(Blocks), SupervisorPolicies.Parse("exhaustive", Blocks));
        Assert.Equal(new FixedPolicy(3), SupervisorPolicies.Parse("fixed:3", Blocks));
        Assert.Equal(new FixedPolicy(0), SupervisorPolicies.Parse(" Fixed:0 ", Blocks));
    }

    [Fact]
    public void Settings_are_read_in_any_order_and_max_depth_caps_the_ladder()
    {
        Assert.Equal(new AdaptivePolicy(0.01, 2, Blocks), SupervisorPolicies.Parse("adaptive:threshold=0.01,patience=2", Blocks));
        Assert.Equal(new AdaptivePolicy(0, 0, 3), SupervisorPolicies.Parse("adaptive:max_depth=3, patience=0, threshold=0", Blocks));
        Assert.Equal(new AdaptivePolicy(0.005, 1, Blocks), SupervisorPolicies.Parse("adaptive:threshold=0.005,patience=1", Blocks));
        Assert.Equal(new ExhaustivePolicy(2), SupervisorPolicies.Parse("exhaustive:max_depth=2", Blocks));
    }

    [Fact]
    public void Each_policys_text_parses_back_to_the_same_policy()
    {
        ISupervisorPolicy[] policies = [new AdaptivePolicy(0.0125, 3, 4), new AdaptivePolicy(1e-4, 0, 5), new ExhaustivePolicy(5), new FixedPolicy(5)];
        foreach (var p in policies)
            Assert.Equal(p, SupervisorPolicies.Parse(p.Text, Blocks));
    }

    [Theory]
    [InlineData("fixed:9", "fixed:9: depth 9 is beyond the backbone's 5 blocks; expected 0 to 5")]
    [InlineData("fixed:-1", "fixed:-1: depth -1 is negative")]
    [InlineData("fixed:two", "fixed:two: 'two' is not a depth; expected a whole number from 0 to 5")]
    [InlineData("fixed", "fixed: fixed needs a depth, fixed:K with K from 0 to 5")]
    [InlineData("fixed:", "fixed:: fixed needs a depth")]
    [InlineData("adaptive:threshold=-0.01", "adaptive:threshold=-0.01: threshold '-0.01' is not a number >= 0")]
    [InlineData("adaptive:threshold=much", "threshold 'much' is not a number >= 0")]
    [InlineData("adaptive:patience=1.5", "adaptive:patience=1.5: patience '1.5' is not a whole number >= 0")]
    [InlineData("adaptive:gain=0.01", "adaptive:gain=0.01: unknown setting 'gain'; expected threshold, patience, max_depth")]
    [InlineData("adaptive:patience=1,patience=2", "setting 'patience' is given twice")]
    [InlineData("adaptive:threshold", "setting 'threshold' has no value; write threshold=VALUE")]
    [InlineData("adaptive:", "adaptive:: nothing after ':'")]
    [InlineData("adaptive:max_depth=6", "adaptive:max_depth=6: depth 6 is beyond the backbone's 5 blocks")]
    [InlineData("exhaustive:patience=1", "exhaustive:patience=1: unknown setting 'patience'; expected max_depth")]
    [InlineData("greedy", "greedy: 'greedy' is not a supervisor policy; expected adaptive, ")]
    [InlineData("  ", "no supervisor policy given; expected adaptive")]
    public void Bad_text_is_refused_naming_the_text_and_what_was_expected(string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => SupervisorPolicies.Parse(text, Blocks));
        Assert.Contains(message, e.Message);
    }
}
