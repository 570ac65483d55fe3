#!/usr/bin/python3
"""The sindiff training step in PyTorch eager, for scripts/bench-vs-pytorch.sh.

Builds the same network as src/main/java/dev/sindiff/model (UNet.java, ResBlock.java,
Layers.java, UNetConfig.java's presets) and times the same step as train/Trainer.trainStep at a
fixed size (what `sindiff bench` times): noise x_0 with per-sample t (linear schedule, T = 1000),
predict eps, per-sample MSE, mean, backward, global gradient norm with clipping at 1.0, AdamW
(lr 5e-4, betas 0.9/0.999, eps 1e-8, no weight decay), zero the gradients, EMA update.

Prints one JSON line (the median of --repeat timed steps after --warmup untimed ones).
Run it with Debian's python3-torch: /usr/bin/python3 scripts/bench-vs-pytorch.py --threads 2
"""
import argparse
import json
import math
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

PRESETS = {  # UNetConfig: base channels, channel multipliers, res blocks per level, groups
    "sindiffusion": (64, (1, 2, 4), 1, 32),
    "small": (32, (1, 2, 4), 1, 16),
    "small-shallow": (32, (1, 2), 1, 16),
    "tiny": (8, (1, 2), 1, 4),
}


def conv(cin, cout, k, stride=1, zero=False):
    c = nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2)  # PyTorch's default init = Layers.fanInUniform
    if zero:
        nn.init.zeros_(c.weight)
        nn.init.zeros_(c.bias)
    return c


class ResBlock(nn.Module):
    """ResBlock.java: GN -> SiLU -> conv3x3 -> GN*(1+scale)+shift -> SiLU -> conv3x3 (zero) + skip."""

    def __init__(self, cin, cout, emb, groups):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups, cin, eps=1e-5)
        self.conv1 = conv(cin, cout, 3)
        self.emb = nn.Linear(emb, 2 * cout)
        self.norm2 = nn.GroupNorm(groups, cout, eps=1e-5)
        self.conv2 = conv(cout, cout, 3, zero=True)
        self.skip = None if cin == cout else conv(cin, cout, 1)

    def forward(self, x, emb_silu):
        h = self.conv1(F.silu(self.norm1(x)))
        scale, shift = self.emb(emb_silu)[:, :, None, None].chunk(2, dim=1)
        h = self.norm2(h) * (1 + scale) + shift
        h = self.conv2(F.silu(h))
        return h + (x if self.skip is None else self.skip(x))


class UNet(nn.Module):
    """UNet.java: no attention, no middle block; nearest x2 + conv3x3 upsampling, stride-2 conv downsampling."""

    def __init__(self, base, mult, res_blocks, groups):
        super().__init__()
        self.base, self.levels, self.res_blocks = base, len(mult), res_blocks
        emb = 4 * base
        self.fc1 = nn.Linear(base, emb)
        self.fc2 = nn.Linear(emb, emb)
        self.conv_in = conv(3, base, 3)
        self.encoder, self.down = nn.ModuleList(), nn.ModuleList()
        skips, ch = [base], base
        for level in range(self.levels):
            for _ in range(res_blocks):
                out = base * mult[level]
                self.encoder.append(ResBlock(ch, out, emb, groups))
                ch = out
                skips.append(ch)
            if level != self.levels - 1:
                self.down.append(conv(ch, ch, 3, stride=2))
                skips.append(ch)
        self.decoder, self.up = nn.ModuleList(), nn.ModuleList()
        first = True
        for level in reversed(range(self.levels)):
            for _ in range(res_blocks + 1):
                skip = skips.pop()
                cin = ch if first else ch + skip  # the deepest output is the first decoder block's input itself
                first = False
                out = base * mult[level]
                self.decoder.append(ResBlock(cin, out, emb, groups))
                ch = out
            if level != 0:
                self.up.append(conv(ch, ch, 3))
        self.norm_out = nn.GroupNorm(groups, ch, eps=1e-5)
        self.conv_out = conv(ch, 3, 3, zero=True)

    def timestep_embedding(self, t):  # Timesteps.sinusoidal: [cos, sin]
        half = self.base // 2
        freqs = torch.exp(torch.arange(half, dtype=torch.float32) * (-math.log(10000.0) / half))
        args = t.reshape(-1, 1) * freqs.reshape(1, half)
        return torch.cat([torch.cos(args), torch.sin(args)], dim=1)

    def forward(self, x, t):
        emb = F.silu(self.fc2(F.silu(self.fc1(self.timestep_embedding(t)))))
        h = self.conv_in(x)
        skips = [h]
        e = 0
        for level in range(self.levels):
            for _ in range(self.res_blocks):
                h = self.encoder[e](h, emb)
                e += 1
                skips.append(h)
            if level != self.levels - 1:
                h = self.down[level](h)
                skips.append(h)
        d = u = 0
        for level in reversed(range(self.levels)):
            for _ in range(self.res_blocks + 1):
                skip = skips.pop()
                h = self.decoder[d](skip if d == 0 else torch.cat([h, skip], dim=1), emb)
                d += 1
            if level != 0:
                h = self.up[u](F.interpolate(h, scale_factor=2, mode="nearest"))
                u += 1
        return self.conv_out(F.silu(self.norm_out(h)))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--preset", default="sindiffusion", choices=sorted(PRESETS))
    p.add_argument("--size", default="96x128", help="HxW")
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--profile", metavar="TRACE.json", help="also profile one more step: per-op table to stderr, Chrome trace to this file")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(a.seed)
    height, width = (int(v) for v in a.size.lower().split("x"))
    height, width = height // 4 * 4, width // 4 * 4
    b = a.batch

    model = UNet(*PRESETS[a.preset])
    ema = UNet(*PRESETS[a.preset])
    ema.load_state_dict(model.state_dict())
    ema.requires_grad_(False)
    params = list(model.parameters())
    ema_params = list(ema.parameters())
    opt = torch.optim.AdamW(params, lr=5e-4, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0)
    betas = torch.linspace(1e-4, 0.02, 1000, dtype=torch.float64)
    alphas_cumprod = torch.cumprod(1 - betas, 0)
    image = torch.rand(1, 3, height, width) * 2 - 1  # the bench trains on a random image too
    grad_clip, ema_decay = 1.0, 0.9999

    def step(n):
        t0 = time.perf_counter()
        ts = torch.randint(0, 1000, (b,))
        noise = torch.randn(b, 3, height, width)
        x0 = image.clamp(-1, 1).repeat(b, 1, 1, 1)
        acp = alphas_cumprod[ts].float().reshape(b, 1, 1, 1)
        xt = x0 * acp.sqrt() + noise * (1 - acp).sqrt()
        out = model(xt, ts.float())
        loss = (out - noise).square().reshape(b, -1).mean(1).mul(torch.ones(b)).mean()  # min-SNR weights: all 1
        loss.backward()
        sq = params[0].grad.square().sum()
        for q in params[1:]:
            sq = sq + q.grad.square().sum()
        grad_norm = math.sqrt(sq.item())
        if grad_clip > 0 and grad_norm > grad_clip:
            for q in params:
                q.grad.mul_(grad_clip / grad_norm)
        opt.step()
        opt.zero_grad(set_to_none=False)
        d = min(ema_decay, (1.0 + n) / (10.0 + n))
        with torch.no_grad():
            for s, q in zip(ema_params, params):
                s.mul_(d).add_(q * (1 - d))
        loss.item()
        return time.perf_counter() - t0

    times = []
    for n in range(a.warmup + a.repeat):
        s = step(n)
        if n >= a.warmup:
            times.append(s)
    if a.profile:
        import sys
        with torch.autograd.profiler.profile(record_shapes=True) as prof:
            step(a.warmup + a.repeat)
        print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=40), file=sys.stderr)
        print(prof.key_averages(group_by_input_shape=True).table(sort_by="self_cpu_time_total", row_limit=80),
              file=sys.stderr)
        prof.export_chrome_trace(a.profile)
    print(json.dumps({
        "engine": "pytorch " + torch.__version__, "preset": a.preset,
        "params": sum(q.numel() for q in params), "height": height, "width": width, "batch": b,
        "threads": torch.get_num_threads(), "warmup": a.warmup, "measured": a.repeat,
        "train_step_s": round(statistics.median(times), 4), "train_steps_s": [round(s, 4) for s in times],
    }))


if __name__ == "__main__":
    main()
