global using BrainTumor.Contracts;
global using Orleans;
global using Orleans.Concurrency;
global using Orleans.Runtime;
