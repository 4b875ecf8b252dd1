#!/usr/bin/env python3
"""PyTorch reference timing for `bun run bench:perf`: the same XLM-R-shaped
encoder (post-LayerNorm layers, exact GELU, padding-offset positions), the same
prefix soft prompt and classification head, the same shapes and thread count,
the same step (forward; forward + backward + Adam on the prompt and head with
the encoder frozen). "arch": "decoder" times the SPT paper's setup instead: an
XGLM-shaped decoder (pre-LayerNorm, causal) with a suffix prompt read at its
last vector through the tied LM head's label-word rows, the full forward over
[tokens; prompt] as the authors' code runs it, Adam on the prompt.
Prints one JSON line: median seconds for forward and step.
"device": "cuda" times it on the GPU (float32, TF32 off), synchronising before each reading.

    python3 scripts/perf_torch.py '{"vocab":8000,"hidden":128,"layers":4,"heads":4,"ffn":512,"batch":8,"seq":64,"prompt":10,"reps":5,"threads":1}'
"""
import json
import math
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

cfg = json.loads(sys.argv[1])
device = torch.device(cfg.get("device", "cpu"))
torch.set_num_threads(cfg["threads"])
# fp32 as tfjs computes it: no TF32 tensor-core matmuls
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
torch.manual_seed(0)
d, H, L = cfg["hidden"], cfg["heads"], cfg["layers"]


class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.qkv = nn.Linear(d, 3 * d)
        self.out = nn.Linear(d, d)
        self.ln1 = nn.LayerNorm(d, eps=1e-5)
        self.fc1 = nn.Linear(d, cfg["ffn"])
        self.fc2 = nn.Linear(cfg["ffn"], d)
        self.ln2 = nn.LayerNorm(d, eps=1e-5)

    def forward(self, x, bias):
        B, T, _ = x.shape
        q, k, v = self.qkv(x).split(d, dim=-1)
        heads = lambda t: t.view(B, T, H, d // H).transpose(1, 2)
        s = heads(q) @ heads(k).transpose(-1, -2) / math.sqrt(d // H) + bias
        ctx = (s.softmax(-1) @ heads(v)).transpose(1, 2).reshape(B, T, d)
        x = self.ln1(x + self.out(ctx))
        return self.ln2(x + self.fc2(F.gelu(self.fc1(x))))


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(cfg["vocab"], d)
        self.pos = nn.Embedding(cfg["seq"] + cfg["prompt"] + 2, d)
        self.ln = nn.LayerNorm(d, eps=1e-5)
        self.layers = nn.ModuleList(Layer() for _ in range(L))
        for p in self.parameters():
            p.requires_grad_(False)
        self.prompt = nn.Parameter(torch.randn(cfg["prompt"], d) * 0.02)
        self.dense = nn.Linear(d, d)
        self.proj = nn.Linear(d, 7)

    def forward(self, ids):
        B, T = ids.shape
        x = torch.cat([self.prompt.expand(B, -1, -1), self.emb(ids)], 1)
        pos = torch.arange(2, 2 + x.shape[1], device=ids.device).unsqueeze(0)
        x = self.ln(x + self.pos(pos))
        bias = torch.zeros(B, 1, 1, x.shape[1], device=ids.device)
        for layer in self.layers:
            x = layer(x, bias)
        return self.proj(torch.tanh(self.dense(x[:, 0])))


class DecoderLayer(Layer):
    """Pre-LayerNorm, causal (XGLM's layer)."""

    def forward(self, x, bias):
        B, T, _ = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=-1)
        heads = lambda t: t.view(B, T, H, d // H).transpose(1, 2)
        s = heads(q) @ heads(k).transpose(-1, -2) / math.sqrt(d // H) + bias
        x = x + self.out((s.softmax(-1) @ heads(v)).transpose(1, 2).reshape(B, T, d))
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x))))


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(cfg["vocab"], d)
        self.pos = nn.Embedding(cfg["seq"] + cfg["prompt"] + 2, d)
        self.layers = nn.ModuleList(DecoderLayer() for _ in range(L))
        self.ln = nn.LayerNorm(d, eps=1e-5)
        for p in self.parameters():
            p.requires_grad_(False)
        self.prompt = nn.Parameter(torch.randn(cfg["prompt"], d) * 0.02)
        self.label_ids = torch.arange(10, 17)

    def forward(self, ids):
        B, T = ids.shape
        x = torch.cat([self.emb(ids) * math.sqrt(d), self.prompt.expand(B, -1, -1)], 1)
        S = x.shape[1]
        x = x + self.pos(torch.arange(2, 2 + S, device=ids.device)).unsqueeze(0)
        bias = torch.full((S, S), -1e9, device=ids.device).triu(1).view(1, 1, S, S)
        for layer in self.layers:
            x = layer(x, bias)
        return self.ln(x[:, -1]) @ self.emb.weight[self.label_ids.to(ids.device)].T


model = (Decoder() if cfg.get("arch") == "decoder" else Model()).to(device)
ids = torch.randint(4, cfg["vocab"], (cfg["batch"], cfg["seq"])).to(device)
labels = (torch.arange(cfg["batch"]) % 7).to(device)
sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=1e-3)


def timeit(fn):
    fn()
    sync()
    xs = []
    for _ in range(cfg["reps"]):
        t = time.perf_counter()
        fn()
        sync()
        xs.append(time.perf_counter() - t)
    return statistics.median(xs)


def forward():
    with torch.no_grad():
        model(ids)


def step():
    opt.zero_grad()
    F.cross_entropy(model(ids), labels).backward()
    opt.step()


# warm both up before timing either: the first calls of a shape are slow (allocator, kernel selection), and
# timing forward first after a single warm-up call read ~2x its settled time (37 ms against 15 ms at 4 x 128)
for _ in range(3):
    forward()
    step()
print(json.dumps({"forward": timeit(forward), "step": timeit(step), "torch": torch.__version__, "threads": torch.get_num_threads(), "device": str(device)}))
