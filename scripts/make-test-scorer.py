#!/usr/bin/env python3
"""Write the tiny TorchScript scorers that TorchScriptScoreTest loads.

usage: scripts/make-test-scorer.py [OUT_DIR]   (default: src/test/resources/scorers)
needs: torch (Debian: apt-get install -y python3-torch, which is 1.13.1; DJL's libtorch 2.7.1
       loads files saved by it)

Files written (a few KB each, deterministic: no random weights):
  mean-sq.pt     per-image mean over (C, H, W) of (conv1x1(x) - c)^2, with a hard-coded 3->3 1x1
                 convolution (weight W, bias b, both trainable nn.Parameters so that the test can
                 check they stay frozen) and a buffer target c. Its value and its gradient
                 2 / (3 H W) * W^T (conv1x1(x) - c) have closed forms the Java test recomputes.
                 W, b and c below must match the constants in TorchScriptScoreTest.
  not-scalar.pt  returns the image itself, shape (N, 3, H, W): loading works, scoring must fail.
"""
import os
import sys

import torch
from torch import nn
from torch.nn import functional as F

W = [[0.5, -0.25, 0.1],
     [0.2, 0.8, -0.3],
     [-0.6, 0.05, 0.4]]
B = [0.1, -0.2, 0.05]
C = [0.3, -0.1, 0.2]


class MeanSq(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.tensor(W).view(3, 3, 1, 1))
        self.bias = nn.Parameter(torch.tensor(B))
        self.register_buffer("target", torch.tensor(C).view(1, 3, 1, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        d = F.conv2d(x, self.weight, self.bias) - self.target
        return (d * d).mean(dim=[1, 2, 3])


class NotScalar(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "src", "test", "resources", "scorers")
    os.makedirs(out, exist_ok=True)
    for name, module in (("mean-sq.pt", MeanSq()), ("not-scalar.pt", NotScalar())):
        path = os.path.join(out, name)
        torch.jit.save(torch.jit.script(module.eval()), path)
        print(f"{os.path.normpath(path)}: {os.path.getsize(path)} bytes (torch {torch.__version__})")


if __name__ == "__main__":
    main()
