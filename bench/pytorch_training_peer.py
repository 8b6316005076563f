#!/usr/bin/env python3
"""The PyTorch side of `braintumor-bench training-throughput`.

A plain PyTorch fine-tuning loop, as a researcher writes it: the model, requires_grad=False on
the frozen part, SGD with momentum over the rest, shuffled batches from tensors in memory,
zero_grad / forward / cross-entropy / backward / step, loss and accuracy logged per batch. No
activation caching: the frozen part runs forward on every batch.

The C# benchmark starts this script once per row with a job file (JSON) and drives it over
stdin/stdout, one JSON line per reply, so that its runs interleave with the TorchSharp runs:
  start  -> {"ready": true, ...}: model built, weights loaded from the C# model (so both sides
            hold the same network, checked by comparing logits), one untimed warm-up epoch done
  "stage" -> {"epoch_seconds": [...], ...}: a stage of `epochs` epochs with a fresh optimizer
  "quit" or end of input -> exit
"""
import json
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def acts_as_symmetric(pads, x, kernel, strides):
    """Whether padding both sides by top/left gives these pads' output (the same test as the C#
    Pads2d.ActsAsSymmetric): then the layer pads itself and no padded copy is made, on both sides."""
    top, left, bottom, right = pads

    def out(size, padding, k, s):
        return (size + padding - k) // s + 1
    return (top >= bottom and left >= right
            and out(x.shape[2], top + bottom, kernel[0], strides[0]) == out(x.shape[2], 2 * top, kernel[0], strides[0])
            and out(x.shape[3], left + right, kernel[1], strides[1]) == out(x.shape[3], 2 * left, kernel[1], strides[1]))


class PaddedConv2d(nn.Conv2d):
    """A convolution with the exact four pads of the ONNX graph (CNTK pads asymmetrically)."""

    def __init__(self, spec):
        super().__init__(spec["in"], spec["out"], spec["kernel"], spec["strides"], bias=spec["bias"])
        self.pads = spec["pads"]

    def forward(self, x):
        top, left, bottom, right = self.pads
        if acts_as_symmetric(self.pads, x, self.kernel_size, self.stride):
            return F.conv2d(x, self.weight, self.bias, self.stride, (top, left))
        return super().forward(F.pad(x, (left, right, top, bottom)))


def max_pool(x, spec):
    top, left, bottom, right = spec["pads"]
    if acts_as_symmetric(spec["pads"], x, spec["kernel"], spec["strides"]):
        return F.max_pool2d(x, spec["kernel"], spec["strides"], (top, left))
    return F.max_pool2d(F.pad(x, (left, right, top, bottom), value=float("-inf")), spec["kernel"], spec["strides"])


class Stem(nn.Module):
    def __init__(self, spec):
        super().__init__()
        self.conv = PaddedConv2d(spec["conv"])
        self.bn = nn.BatchNorm2d(spec["conv"]["out"], eps=spec["eps"])
        self.pool = spec["pool"]

    def forward(self, x):
        return max_pool(F.relu(self.bn(self.conv(x))), self.pool)


class Shortcut(nn.Module):
    def __init__(self, spec):
        super().__init__()
        self.conv = PaddedConv2d(spec["conv"])
        self.bn = nn.BatchNorm2d(spec["conv"]["out"], eps=spec["eps"])

    def forward(self, x):
        return self.bn(self.conv(x))


class Unit(nn.Module):
    def __init__(self, spec):
        super().__init__()
        self.conv1 = PaddedConv2d(spec["conv1"])
        self.bn1 = nn.BatchNorm2d(spec["conv1"]["out"], eps=spec["eps1"])
        self.conv2 = PaddedConv2d(spec["conv2"])
        self.bn2 = nn.BatchNorm2d(spec["conv2"]["out"], eps=spec["eps2"])
        self.shortcut = Shortcut(spec["projection"]) if spec["projection"] else None

    def forward(self, x):
        main = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(main + (self.shortcut(x) if self.shortcut is not None else x))


class OnnxResNet(nn.Module):
    """The residual network the C# side builds from the ONNX graph, from the topology it sends
    (state-dict names match: stem.conv, layer1.0.conv1, layer2.0.shortcut.conv, head)."""

    def __init__(self, spec, classes):
        super().__init__()
        self.stem = Stem(spec["stem"])
        for s, stage in enumerate(spec["stages"]):
            self.add_module(f"layer{s + 1}", nn.ModuleList(Unit(u) for u in stage))
        self.stages = len(spec["stages"])
        self.pool = spec["avgpool"]
        self.head = nn.Linear(spec["stages"][-1][-1]["conv2"]["out"], classes)

    def forward(self, x):
        x = self.stem(x)
        for s in range(self.stages):
            for unit in getattr(self, f"layer{s + 1}"):
                x = unit(x)
        return self.head(F.avg_pool2d(x, self.pool["kernel"], self.pool["strides"]).flatten(1))


def build(job):
    if job["model"] == "vgg19":
        import torchvision
        return torchvision.models.vgg19(num_classes=job["classes"])
    if job["model"] == "resnet18-imagenet":
        return OnnxResNet(job["resnet"], job["classes"])
    raise SystemExit(f"job {sys.argv[1]}: model '{job['model']}' is unknown; expected vgg19 or resnet18-imagenet")


def reply(message):
    print(json.dumps(message), flush=True)


def train_epoch(model, optimizer, inputs, labels, batch):
    """One epoch of the plain loop; returns (seconds, mean loss, accuracy)."""
    started = time.perf_counter()
    order = torch.randperm(len(labels))
    loss_sum, correct = 0.0, 0
    for start in range(0, len(order), batch):
        index = order[start:start + batch]
        x, y = inputs[index], labels[index]
        optimizer.zero_grad()
        logits = model(x)
        loss = F.cross_entropy(logits, y)
        loss.backward()
        optimizer.step()
        loss_sum += loss.item() * len(index)
        correct += (logits.argmax(1) == y).sum().item()
    return time.perf_counter() - started, loss_sum / len(labels), correct / len(labels)


def main():
    with open(sys.argv[1]) as file:
        job = json.load(file)
    torch.set_num_threads(job["threads"])
    torch.manual_seed(job["seed"])
    model = build(job)

    # The C# model's weights, so that both sides compute the same function (checked on logits).
    missing, unexpected = model.load_state_dict(torch.load(job["weights"]), strict=False)
    missing = [k for k in missing if not k.endswith("num_batches_tracked")]  # PyTorch-only counter
    if missing or unexpected:
        raise SystemExit(f"{job['weights']}: missing keys {missing}, unexpected keys {unexpected}")
    n, size = job["count"], job["size"]
    inputs = torch.from_numpy(np.fromfile(job["inputs"], dtype=np.float32).reshape(n, 3, size, size))
    labels = torch.from_numpy(np.fromfile(job["labels"], dtype=np.int64))
    if len(labels) != n:
        raise SystemExit(f"{job['labels']}: {len(labels)} labels, expected {n}")
    model.eval()
    with torch.no_grad():
        logits = model(inputs[:job["check"]])

    frozen = set(job["frozen"])
    for name, parameter in model.named_parameters():
        parameter.requires_grad = name not in frozen
    trainable = [p for p in model.parameters() if p.requires_grad]
    model.train()
    # BatchNorm keeps its stored statistics, as the C# trainer does by default (a no-op for VGG).
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.eval()

    def optimizer():
        return torch.optim.SGD(trainable, lr=job["lr"], momentum=job["momentum"])

    warm_up = train_epoch(model, optimizer(), inputs, labels, job["batch"])
    reply({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads(),
           "parameters": sum(p.numel() for p in model.parameters()), "trainable": sum(p.numel() for p in trainable),
           "logits": logits.tolist(), "warm_up_seconds": warm_up[0]})

    for line in sys.stdin:
        command = line.strip()
        if command == "quit":
            break
        if command != "stage":
            raise SystemExit(f"stdin: unknown command '{command}'; expected stage or quit")
        opt = optimizer()
        epochs = [train_epoch(model, opt, inputs, labels, job["batch"]) for _ in range(job["epochs"])]
        reply({"epoch_seconds": [e[0] for e in epochs], "losses": [e[1] for e in epochs], "accuracies": [e[2] for e in epochs]})


if __name__ == "__main__":
    main()
