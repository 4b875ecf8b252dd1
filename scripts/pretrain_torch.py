#!/usr/bin/env python3
"""PyTorch engine for `bun scripts/pretrain-embedded.ts --engine torch`.

The TypeScript script prepares everything (tokenizer, tokenized corpus, the
pre-masked held-out batches, config.json) in a work directory; this script only
runs the masked-LM optimisation there, about ten times faster per step on a CPU
than tfjs-WASM, and writes the weights back under the Hugging Face
XLMRobertaForMaskedLM names, so the project loads them with its own XLM-R code
and checks its forward pass against this one on the held-out batches.

The model is scripts/torch_xlmr.py, written from the published XLM-R
architecture.
Batches (each of one kind of sequence), masks and dropout derive from (seed, step), and a checkpoint holds the
weights, the Adam state and the step: an interrupted run resumes on the same
stream.

From --bow-from on (stage 2), a share of the batches trains the document
bag-of-words objective instead (models/doc-bow.ts): the <mask> before </s>
predicts a soft distribution over English content pieces; the learning rate
warms up again to a lower peak and decays to zero at --steps. Stage 1 is
unchanged by stage 2's existence, so a stage-1 checkpoint resumes into it.

    python3 scripts/pretrain_torch.py WORK_DIR --steps 10500 --bow-from 6500 --batch 32 --lr 1e-3 --seed 1 --threads 1 [--minutes 60]
"""
import argparse
import json
import os
import signal
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_xlmr import XlmrMlm, hf_tensors, write_safetensors  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("work")
ap.add_argument("--steps", type=int, required=True)
ap.add_argument("--batch", type=int, default=32)
ap.add_argument("--lr", type=float, default=1e-3)
ap.add_argument("--warmup", type=float, default=0.05)
ap.add_argument("--weight-decay", type=float, default=0.01)
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--minutes", type=float, default=0)
ap.add_argument("--bow-from", type=int, default=None, help="first step of stage 2 (default: none)")
ap.add_argument("--bow-share", type=float, default=0.5)
ap.add_argument("--bow-lr-scale", type=float, default=0.5)
ap.add_argument("--bow-warmup", type=int, default=100)
ap.add_argument("--ckpt-every", type=int, default=500)
ap.add_argument("--device", default="cpu", help="cpu, or cuda where a GPU is lent (the CPU path is the one tested here)")
args = ap.parse_args()
torch.set_num_threads(args.threads)

cfg = json.load(open(os.path.join(args.work, "config.json")))
meta = json.load(open(os.path.join(args.work, "corpus.json")))
PAD, MASK, VOCAB, D = cfg["pad_token_id"], meta["maskId"], cfg["vocab_size"], cfg["hidden_size"]


def read_sequences(name):
    ids = np.fromfile(os.path.join(args.work, f"{name}.ids.i32"), dtype="<i4")
    off = np.fromfile(os.path.join(args.work, f"{name}.off.i32"), dtype="<i4")
    return [ids[off[i]:off[i + 1]] for i in range(len(off) - 1)]


def pad_rows(rows):
    """Right-padded ids and their 0/1 attention mask, to the longest row."""
    T = max(len(r) for r in rows)
    ids = np.full((len(rows), T), PAD, dtype=np.int64)
    attn = np.zeros((len(rows), T), dtype=np.int64)
    for b, r in enumerate(rows):
        ids[b, : len(r)], attn[b, : len(r)] = r, 1
    return ids, attn


def make_batch(rows, rng):
    """Masked-LM batch: 15% of the inner tokens, 80% <mask> / 10% random / 10% kept."""
    ids, attn = pad_rows(rows)
    labels = np.full(ids.shape, -100, dtype=np.int64)
    for b, r in enumerate(rows):
        inner = np.arange(1, len(r) - 1)
        pick = inner[rng.random(len(inner)) < 0.15]
        if len(pick) == 0:
            pick = inner[:1]
        labels[b, pick] = r[pick]
        u = rng.random(len(pick))
        ids[b, pick[u < 0.8]] = MASK
        rnd = pick[(u >= 0.8) & (u < 0.9)]
        ids[b, rnd] = 4 + rng.integers(0, VOCAB - 5, len(rnd))
    return torch.from_numpy(ids), torch.from_numpy(attn), torch.from_numpy(labels)


def heldout_eval(model):
    """Loss and accuracy on the held-out batches the TypeScript side masked and saved."""
    batches = json.load(open(os.path.join(args.work, "heldout-batches.json")))
    model.eval()
    loss_sum, correct, n = 0.0, 0, 0
    with torch.no_grad():
        for b in batches:
            ids, attn = torch.tensor(b["ids"], device=DEV), torch.tensor(b["mask"], device=DEV)
            h = model(ids, attn).reshape(-1, D)[torch.tensor(b["positions"], device=DEV)]
            logits = model.mlm_logits(h)
            tgt = torch.tensor(b["targets"], device=DEV)
            loss_sum += F.cross_entropy(logits.double(), tgt, reduction="sum").item()
            correct += (logits.argmax(-1) == tgt).sum().item()
            n += len(tgt)
    model.train()
    return {"loss": loss_sum / n, "accuracy": correct / n, "predictions": n}


def read_docbow():
    rows = read_sequences("docbow")
    doc = np.fromfile(os.path.join(args.work, "docbow-doc.i32"), dtype="<i4")
    pieces = read_sequences("docbow-targets")
    w = np.fromfile(os.path.join(args.work, "docbow-targets.w.f32"), dtype="<f4")
    out, k = [], 0
    for p in pieces:
        out.append((torch.from_numpy(p.astype(np.int64)), torch.from_numpy(w[k:k + len(p)].copy())))
        k += len(p)
    return rows, doc, out


def bow_batch(rng):
    """Rows <s> text <mask> </s> and their dense target distributions [B, V]."""
    pick = rng.integers(0, len(bow_rows), args.batch)
    rows = [bow_rows[i] for i in pick]
    ids, attn = pad_rows(rows)
    at = torch.tensor([len(r) - 2 for r in rows])
    q = torch.zeros(len(rows), VOCAB)
    for b, i in enumerate(pick):
        p, w = bow_targets[bow_doc[i]]
        q[b, p] = w
    return torch.from_numpy(ids), torch.from_numpy(attn), at, q


train = read_sequences("train")
STAGE2 = args.bow_from if args.bow_from is not None and args.bow_from < args.steps else args.steps
if STAGE2 < args.steps:
    bow_rows, bow_doc, bow_targets = read_docbow()
# Translation pairs (an inner </s>) are up to twice as long as monolingual text:
# drawing each batch from one kind keeps the padding, and attention's cost, down.
is_pair = np.array([bool((r[1:-1] == 2).any()) for r in train])
kinds = [np.flatnonzero(~is_pair), np.flatnonzero(is_pair)]
pair_share = len(kinds[1]) / len(train)
torch.manual_seed(args.seed)
DEV = torch.device(args.device)
model = XlmrMlm(cfg).to(DEV)
matrices = [p for n, p in model.named_parameters() if p.dim() == 2]
vectors = [p for n, p in model.named_parameters() if p.dim() < 2]
opt = torch.optim.AdamW([{"params": matrices, "weight_decay": args.weight_decay}, {"params": vectors, "weight_decay": 0.0}],
                        lr=args.lr, betas=(0.9, 0.98), eps=1e-6)
warm = max(1, int(args.warmup * STAGE2))
S2 = args.steps - STAGE2


def lr_scale(s):
    if s < STAGE2:  # stage 1: warmup, then linear decay to zero at the end of stage 1
        return min((s + 1) / warm, max(0.0, (STAGE2 - s - 1) / max(1, STAGE2 - warm)))
    u = s - STAGE2
    return args.bow_lr_scale * min((u + 1) / args.bow_warmup, max(0.0, (S2 - u - 1) / max(1, S2 - args.bow_warmup)))


sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_scale)
ckpt = os.path.join(args.work, "torch-checkpoint.pt")
step, before = 0, 0.0  # before: training seconds of earlier sessions
if os.path.exists(ckpt):
    state = torch.load(ckpt, map_location=DEV)
    model.load_state_dict(state["model"])
    opt.load_state_dict(state["opt"])
    sched.load_state_dict(state["sched"])
    step, before = state["step"], state.get("seconds", 0.0)
    # the schedule is a function of the step: re-derive the rate (a checkpoint of a stage-1-only run holds stage 1's)
    for g, base in zip(opt.param_groups, sched.base_lrs):
        g["lr"] = base * lr_scale(sched.last_epoch)
    print(f"[torch] resuming from step {step}", flush=True)


def save(step):
    torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(), "step": step,
                "seconds": before + time.time() - t0}, ckpt + ".tmp")
    os.replace(ckpt + ".tmp", ckpt)


stop = False
signal.signal(signal.SIGINT, lambda *_: globals().__setitem__("stop", True))
signal.signal(signal.SIGTERM, lambda *_: globals().__setitem__("stop", True))
t0, start, recent = time.time(), step, {"mlm": [], "bow": []}
model.train()
while step < args.steps and not stop:
    rng = np.random.default_rng([args.seed, step])
    if step >= STAGE2 and rng.random() < args.bow_share:
        kind = "bow"
        ids, attn, at, q = (t.to(DEV) for t in bow_batch(rng))
        torch.manual_seed(args.seed * 1_000_003 + step)  # dropout stream
        h = model(ids, attn)[torch.arange(len(at), device=DEV), at]
        loss = -(q * torch.log_softmax(model.mlm_logits(h), -1)).sum(-1).mean()
    else:
        kind = "mlm"
        pool = kinds[1] if rng.random() < pair_share else kinds[0]
        ids, attn, labels = (t.to(DEV) for t in make_batch([train[i] for i in pool[rng.integers(0, len(pool), args.batch)]], rng))
        torch.manual_seed(args.seed * 1_000_003 + step)  # dropout stream
        h = model(ids, attn)
        sel = labels.view(-1) != -100
        loss = F.cross_entropy(model.mlm_logits(h.reshape(-1, D)[sel]), labels.view(-1)[sel])
    if not torch.isfinite(loss):
        raise SystemExit(f"{kind} loss is {loss.item()} at step {step + 1}")
    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    sched.step()
    step += 1
    recent[kind].append(loss.item())
    elapsed = time.time() - t0
    if step % 100 == 0:
        per = elapsed / (step - start)
        losses = " ".join(f"{k} {sum(v) / len(v):.3f}" for k, v in recent.items() if v)
        print(f"[torch] step {step}/{args.steps} loss {losses} lr {sched.get_last_lr()[0]:.2e} | {per:.3f} s/step | ETA {(args.steps - step) * per / 60:.1f} min", flush=True)
        recent = {"mlm": [], "bow": []}
    if step % args.ckpt_every == 0:
        save(step)
    if args.minutes and elapsed > args.minutes * 60:
        print(f"[torch] time budget of {args.minutes} min reached at step {step}", flush=True)
        break
save(step)
ev = heldout_eval(model)
write_safetensors(os.path.join(args.work, "torch-weights.safetensors"), hf_tensors(model.cpu()), {"step": str(step), "format": "pt"})
json.dump({"step": step, "heldOut": ev, "seconds": before + time.time() - t0, "stage2From": STAGE2, "threads": args.threads, "device": args.device, "torch": torch.__version__},
          open(os.path.join(args.work, "torch-result.json"), "w"), indent=1)
print(f"[torch] step {step}: held-out MLM loss {ev['loss']:.4f}, accuracy {ev['accuracy'] * 100:.1f}%", flush=True)
raise SystemExit(130 if stop and step < args.steps else 0)
