#!/usr/bin/env python3
"""Reference outputs from Hugging Face transformers (PyTorch) for xlt-bench's
TensorFlow.js backbones.

For each architecture (XLM-R, XGLM, BLOOM) this builds a small random-initialised
config with transformers, saves it in the Hub layout (config.json,
model.safetensors; the tokenizer is not needed: inputs are token ids), runs fixed
inputs with and without padding (right padding for the encoder, left and right for
the decoders) and writes the final hidden states and LM logits to expected.json.
test/models/reference.test.ts compares the project's outputs with them
(max abs difference <= 1e-4).

    python3 scripts/make-reference-fixtures.py test/fixtures/reference

Needs torch, transformers and safetensors (not installable on the CPU dev
machines; run it where they are and commit the output folder).
"""
import json
import os
import sys

import torch
from transformers import (BloomConfig, BloomForCausalLM, XGLMConfig, XGLMForCausalLM,
                          XLMRobertaConfig, XLMRobertaForMaskedLM)

OUT = sys.argv[1] if len(sys.argv) > 1 else "test/fixtures/reference"
torch.manual_seed(0)

ARCHS = {
    "xlm-roberta": (XLMRobertaForMaskedLM, XLMRobertaConfig(
        vocab_size=300, hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64,
        max_position_embeddings=70, type_vocab_size=1, pad_token_id=1, bos_token_id=0, eos_token_id=2,
        hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)),
    "xglm": (XGLMForCausalLM, XGLMConfig(
        vocab_size=300, d_model=32, ffn_dim=64, num_layers=2, attention_heads=4, max_position_embeddings=64,
        pad_token_id=1, bos_token_id=0, eos_token_id=2, dropout=0.0, attention_dropout=0.0, activation_dropout=0.0)),
    "bloom": (BloomForCausalLM, BloomConfig(
        vocab_size=300, hidden_size=48, n_layer=2, n_head=6, pad_token_id=3, bos_token_id=1, eos_token_id=2,
        hidden_dropout=0.0, attention_dropout=0.0)),
}

ROWS = [[0, 17, 42, 99, 7, 230, 2], [0, 5, 6, 2]]


def batch(rows, pad, side):
    T = max(len(r) for r in rows)
    ids, mask = [], []
    for r in rows:
        p = T - len(r)
        ids.append(r + [pad] * p if side == "right" else [pad] * p + r)
        mask.append([1] * len(r) + [0] * p if side == "right" else [0] * p + [1] * len(r))
    return ids, mask


for name, (cls, config) in ARCHS.items():
    model = cls(config).eval()
    # give biases and norms non-trivial values so that a swapped parameter shows up
    with torch.no_grad():
        for n, p in model.named_parameters():
            if p.dim() == 1:
                p.add_(torch.randn_like(p) * 0.1)
    d = os.path.join(OUT, name)
    model.save_pretrained(d, safe_serialization=True)
    cases = []
    sides = ["right"] if name == "xlm-roberta" else ["right", "left"]
    for side in sides:
        ids, mask = batch(ROWS, config.pad_token_id, side)
        with torch.no_grad():
            out = model(input_ids=torch.tensor(ids), attention_mask=torch.tensor(mask), output_hidden_states=True)
        cases.append({
            "padding": side,
            "ids": ids,
            "mask": mask,
            "hidden": out.hidden_states[-1].tolist(),
            "logits": out.logits.tolist(),
        })
    with open(os.path.join(d, "expected.json"), "w") as f:
        json.dump({"architecture": cls.__name__, "transformers": __import__("transformers").__version__,
                   "torch": torch.__version__, "cases": cases}, f)
    print("wrote", d)
