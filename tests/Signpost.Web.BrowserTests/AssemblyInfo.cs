// One test class at a time: each starts its own web host and Chromium, and on a 2-core CI
// machine running them side by side is slower and makes time-outs likely.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
