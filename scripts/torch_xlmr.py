"""XLM-R (XLMRobertaForMaskedLM) in plain PyTorch, for the project's scripts:
the torch pretraining engine (scripts/pretrain_torch.py) and a second,
independent implementation to check the project's TensorFlow.js XLM-R against
(scripts/make-torch-xlmr-fixture.py). Written from the published architecture:
padding-offset position ids, token-type embedding, post-LayerNorm layers,
exact GELU, MLM head tied to the word embeddings.
"""
import json
import math
import os
import struct

import torch
import torch.nn as nn
import torch.nn.functional as F


class Layer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        D = cfg["hidden_size"]
        self.D, self.H, self.cfg = D, cfg["num_attention_heads"], cfg
        self.q, self.k, self.v = nn.Linear(D, D), nn.Linear(D, D), nn.Linear(D, D)
        self.o = nn.Linear(D, D)
        self.ln1 = nn.LayerNorm(D, eps=cfg["layer_norm_eps"])
        self.fc1 = nn.Linear(D, cfg["intermediate_size"])
        self.fc2 = nn.Linear(cfg["intermediate_size"], D)
        self.ln2 = nn.LayerNorm(D, eps=cfg["layer_norm_eps"])

    def forward(self, x, bias):
        B, T, D = x.shape
        H, drop = self.H, self.cfg["hidden_dropout_prob"]
        heads = lambda t: t.view(B, T, H, D // H).transpose(1, 2)
        s = heads(self.q(x)) @ heads(self.k(x)).transpose(-1, -2) / math.sqrt(D // H) + bias
        p = F.dropout(s.softmax(-1), self.cfg["attention_probs_dropout_prob"], self.training)
        ctx = (p @ heads(self.v(x))).transpose(1, 2).reshape(B, T, D)
        x = self.ln1(x + F.dropout(self.o(ctx), drop, self.training))
        return self.ln2(x + F.dropout(self.fc2(F.gelu(self.fc1(x))), drop, self.training))


class XlmrMlm(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        D, V, eps = cfg["hidden_size"], cfg["vocab_size"], cfg["layer_norm_eps"]
        self.cfg, self.D = cfg, D
        self.word = nn.Embedding(V, D)
        self.pos = nn.Embedding(cfg["max_position_embeddings"], D)
        self.token_type = nn.Embedding(cfg["type_vocab_size"], D)
        self.ln = nn.LayerNorm(D, eps=eps)
        self.layers = nn.ModuleList(Layer(cfg) for _ in range(cfg["num_hidden_layers"]))
        self.lm_dense = nn.Linear(D, D)
        self.lm_ln = nn.LayerNorm(D, eps=eps)
        self.lm_bias = nn.Parameter(torch.zeros(V))
        for m in self.modules():  # BERT-style init, as the reference does
            if isinstance(m, (nn.Linear, nn.Embedding)):
                nn.init.normal_(m.weight, std=cfg.get("initializer_range", 0.02))
            if isinstance(m, nn.Linear):
                nn.init.zeros_(m.bias)

    def forward(self, ids, attn):
        """Final hidden states [B, T, D] for ids and their 0/1 attention mask (right padding)."""
        pad = self.cfg["pad_token_id"]
        # positions count real tokens only, offset past the padding index
        pos = (torch.cumsum(attn, 1) * attn).long() + pad
        x = self.ln(self.word(ids) + self.pos(pos) + self.token_type.weight[0])
        x = F.dropout(x, self.cfg["hidden_dropout_prob"], self.training)
        bias = (1.0 - attn[:, None, None, :].float()) * torch.finfo(torch.float32).min
        for layer in self.layers:
            x = layer(x, bias)
        return x

    def mlm_logits(self, h):
        return self.lm_ln(F.gelu(self.lm_dense(h))) @ self.word.weight.T + self.lm_bias


def hf_tensors(m):
    """The weights under XLMRobertaForMaskedLM's names (the decoder is tied, so absent)."""
    t = {
        "roberta.embeddings.word_embeddings.weight": m.word.weight,
        "roberta.embeddings.position_embeddings.weight": m.pos.weight,
        "roberta.embeddings.token_type_embeddings.weight": m.token_type.weight,
        "roberta.embeddings.LayerNorm.weight": m.ln.weight,
        "roberta.embeddings.LayerNorm.bias": m.ln.bias,
        "lm_head.dense.weight": m.lm_dense.weight,
        "lm_head.dense.bias": m.lm_dense.bias,
        "lm_head.layer_norm.weight": m.lm_ln.weight,
        "lm_head.layer_norm.bias": m.lm_ln.bias,
        "lm_head.bias": m.lm_bias,
    }
    for i, l in enumerate(m.layers):
        p = f"roberta.encoder.layer.{i}."
        for name, mod in [("attention.self.query", l.q), ("attention.self.key", l.k), ("attention.self.value", l.v),
                          ("attention.output.dense", l.o), ("intermediate.dense", l.fc1), ("output.dense", l.fc2),
                          ("attention.output.LayerNorm", l.ln1), ("output.LayerNorm", l.ln2)]:
            t[p + name + ".weight"], t[p + name + ".bias"] = mod.weight, mod.bias
    return t


def write_safetensors(path, tensors, metadata):
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name in sorted(tensors):
        a = tensors[name].detach().cpu().float().contiguous().numpy().astype("<f4")
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + a.nbytes]}
        blobs.append(a.tobytes())
        offset += a.nbytes
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path + ".tmp", "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))
    os.replace(path + ".tmp", path)
