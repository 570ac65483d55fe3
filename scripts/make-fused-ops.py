#!/usr/bin/python3
"""Write the TorchScript module through which the UNet calls libtorch ops that DJL's JNI lacks.

usage: scripts/make-fused-ops.py [OUT_DIR]   (default: src/main/resources/dev/sindiff/model)
needs: torch (Debian: apt-get install -y python3-torch, which is 1.13.1; DJL's libtorch 2.7.1
       loads files saved by it)

DJL's JNI has no group_norm, no silu and no memory formats. Written with its ops, GroupNorm is a
5-D layer norm plus a per-channel affine and SiLU is x * sigmoid(x), which costs the training
step about six extra passes over every large feature map (forward and backward); and every
convolution takes NCHW tensors, which oneDNN reorders to and from its blocked layout on each
call. dev.sindiff.model.FusedOps runs this module's methods through DJL's TorchScript support,
with autograd. The module holds no parameters and no code beyond what is below, so the file is a
few KB, deterministic (the same bytes on every run) and device-independent.

File written, fused-ops.pt, with these methods:
  forward(x, gamma, beta)           silu(group_norm(x, G, gamma, beta, 1e-5)), with gamma passed
                                    as a (G, C/G) view so that the module knows G.
  gn_film_silu(x, gamma, beta, ss)  silu(group_norm(x, G) * a + b), with the timestep's scale and
                                    shift ss = [scale, shift] (N, 2C) folded into the GroupNorm
                                    affine: a = (1 + scale) * gamma, b = (1 + scale) * beta + shift.
                                    That equals (GN(x) * gamma + beta) * (1 + scale) + shift
                                    (guided-diffusion's scale-shift norm) with one pass less over x.
  channels_last(x)                  x in channels-last (NHWC) memory order; convolutions, GroupNorm
                                    and the element-wise ops keep that order for their outputs.
  contiguous(x)                     x back in the default (NCHW) order.
"""
import io
import os
import sys
import zipfile

import torch
from torch import nn
from torch.nn import functional as F


class FusedOps(nn.Module):
    def forward(self, x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor) -> torch.Tensor:
        """silu(group_norm(x)) with the affine; gamma comes as a (G, C/G) view, which gives G."""
        return F.silu(torch.group_norm(x, gamma.size(0), gamma.flatten(), beta, 1e-5))

    @torch.jit.export
    def gn_film_silu(self, x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor,
                     ss: torch.Tensor) -> torch.Tensor:
        """silu(group_norm(x) * a + b), the timestep's [scale, shift] (N, 2C) folded into the affine."""
        n = x.size(0)
        c = x.size(1)
        scale = ss[:, :c].reshape(n, c, 1, 1) + 1.0
        shift = ss[:, c:].reshape(n, c, 1, 1)
        a = scale * gamma.reshape(1, c, 1, 1)
        b = scale * beta.reshape(1, c, 1, 1) + shift
        return F.silu(torch.addcmul(b, torch.group_norm(x, gamma.size(0), None, None, 1e-5), a))

    @torch.jit.export
    def channels_last(self, x: torch.Tensor) -> torch.Tensor:
        """x in NHWC memory order (same shape and values)."""
        return x.contiguous(memory_format=torch.channels_last)

    @torch.jit.export
    def contiguous(self, x: torch.Tensor) -> torch.Tensor:
        """x in the default NCHW memory order (same shape and values)."""
        return x.contiguous()


def save(module, path):
    """torch.jit.save without the *.debug_pkl entries: they hold this script's absolute path (and
    only serve error messages), so the file is the same bytes wherever the repository lies."""
    buf = io.BytesIO()
    torch.jit.save(torch.jit.script(module), buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            if not info.filename.endswith(".debug_pkl"):
                dst.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), src.read(info))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "src", "main", "resources", "dev", "sindiff", "model")
    os.makedirs(out, exist_ok=True)
    path = os.path.normpath(os.path.join(out, "fused-ops.pt"))
    save(FusedOps(), path)
    print(path)


if __name__ == "__main__":
    main()
