// Each test starts silos; run one at a time so two cores are not shared by several clusters at once.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
