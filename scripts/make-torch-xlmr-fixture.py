#!/usr/bin/env python3
"""A second, independent XLM-R to check the project's against while
transformers is not installable here: builds a small random XLM-R with
scripts/torch_xlmr.py (plain PyTorch, the model the torch pretraining engine
trains), saves it in the Hugging Face layout and writes its final hidden states
and MLM logits for fixed inputs, with and without right padding, to
test/fixtures/torch-xlmr/expected.json (the format of the transformers fixtures).

    /usr/bin/python3 scripts/make-torch-xlmr-fixture.py
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_xlmr import XlmrMlm, hf_tensors, write_safetensors  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "torch-xlmr")
CONFIG = {
    "architectures": ["XLMRobertaForMaskedLM"], "model_type": "xlm-roberta",
    "vocab_size": 250, "hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 4,
    "intermediate_size": 64, "max_position_embeddings": 40, "hidden_act": "gelu",
    "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1, "type_vocab_size": 1,
    "layer_norm_eps": 1e-5, "pad_token_id": 1, "bos_token_id": 0, "eos_token_id": 2,
    "position_embedding_type": "absolute",
}
ROWS = [[0, 17, 42, 99, 7, 230, 2], [0, 5, 6, 2]]

torch.manual_seed(7)
model = XlmrMlm(CONFIG).eval()
with torch.no_grad():  # non-trivial biases and norms, so that a swapped parameter shows up
    for p in model.parameters():
        if p.dim() == 1:
            p.add_(torch.randn_like(p) * 0.1)
os.makedirs(OUT, exist_ok=True)
write_safetensors(os.path.join(OUT, "model.safetensors"), hf_tensors(model), {"format": "pt"})
json.dump(CONFIG, open(os.path.join(OUT, "config.json"), "w"), indent=1)
cases = []
for rows in ([ROWS[0]], ROWS):
    T = max(len(r) for r in rows)
    ids = [r + [CONFIG["pad_token_id"]] * (T - len(r)) for r in rows]
    mask = [[1] * len(r) + [0] * (T - len(r)) for r in rows]
    with torch.no_grad():
        h = model(torch.tensor(ids), torch.tensor(mask))
        logits = model.mlm_logits(h)
    cases.append({"padding": "none" if len(rows) == 1 else "right", "ids": ids, "mask": mask, "hidden": h.tolist(), "logits": logits.tolist()})
json.dump({"architecture": "XlmrMlm (scripts/torch_xlmr.py)", "torch": torch.__version__, "cases": cases}, open(os.path.join(OUT, "expected.json"), "w"))
print("wrote", os.path.normpath(OUT))
