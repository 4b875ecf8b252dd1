#!/usr/bin/env python3
"""Bag-of-words baselines on exactly the k-shot draws of the harness's cells.

What can 8 English examples per class teach without pretrained knowledge? This
trains plain lexical classifiers (scikit-learn) on the same shots as the cells
(`bun scripts/kshot-draws.ts` writes them) and scores them on a SIB-200 split,
so a backbone's accuracy can be read against them seed by seed.

  bun scripts/kshot-draws.ts --seeds 1,2,3,4,5,6 > draws.json
  python3 scripts/lexical_baseline.py draws.json <sib-200 data/annotated dir> [--split test]

Any dataset (MARC, XNLI): the draws with their texts and the evaluation sets the
cells see (`--texts`), scored on the source language and on every target:

  bun scripts/kshot-draws.ts --spec uniprompt-table2 --k 16 --texts > marc.json
  python3 scripts/lexical_baseline.py marc.json

Needs scikit-learn. The TF-IDF weights of the "idf: all train" rows are fitted
on the language's whole train split, without labels: the unlabeled text the
embedded backbone was pretrained on.
"""
import argparse, csv, json, os, statistics

from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import MultinomialNB


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    for i, r in enumerate(rows):
        for k in ("index_id", "category", "text"):
            if not r.get(k):
                raise SystemExit(f"{path}: row {i + 2} has no {k}")
    return rows


def words(e):
    """A text, or a text pair with each side's words tagged (p:, h:), so a pair keeps which side a word is on."""
    if "text2" not in e:
        return e["text"]
    tag = lambda prefix, t: " ".join(prefix + w for w in t.split())
    return tag("p:", e["text"]) + " " + tag("h:", e["text2"])


def from_texts(d):
    """Lexical learners on each draw's shots, scored on every evaluation set the draws file carries."""
    methods = {
        "tf-idf + logistic regression": lambda: (TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+"), LogisticRegression(C=10, max_iter=5000)),
        "counts + multinomial naive Bayes": lambda: (CountVectorizer(token_pattern=r"\S+"), MultinomialNB(alpha=0.1)),
    }
    langs = list(d["eval"])
    print(f"{d['dataset']} ({d['spec']}, {d['profile']}): trained on {d['lang']}, k = {d['k']} per class, seeds {[x['seed'] for x in d['draws']]}")
    for lang in langs:
        ys = [e["label"] for e in d["eval"][lang]]
        counts = {c: ys.count(c) for c in set(ys)}
        print(f"  {lang}: {len(ys)} examples, majority rate {100 * max(counts.values()) / len(ys):.1f}%")
    print("method".ljust(36) + "".join(f"{l:<14}" for l in langs) + "  (mean over seeds, [min, max])")
    for name, make in methods.items():
        accs = {lang: [] for lang in langs}
        # one fit per draw, scored on every language (the fit does not depend on the evaluation set)
        for draw in d["draws"]:
            vec, clf = make()
            clf.fit(vec.fit_transform([words(e) for e in draw["trainExamples"]]), [e["label"] for e in draw["trainExamples"]])
            for lang in langs:
                evals = d["eval"][lang]
                pred = clf.predict(vec.transform([words(e) for e in evals]))
                accs[lang].append(100 * sum(p == e["label"] for p, e in zip(pred, evals)) / len(evals))
        cells = [f"{statistics.mean(a):.1f} [{min(a):.0f},{max(a):.0f}]" for a in accs.values()]
        print(name.ljust(36) + "".join(f"{c:<14}" for c in cells))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("draws")
    ap.add_argument("annotated", nargs="?", help="SIB-200 data/annotated folder (not needed for a draws file made with --texts)")
    ap.add_argument("--split", default="test", choices=["dev", "test"])
    a = ap.parse_args()
    d = json.load(open(a.draws))
    if "eval" in d:
        return from_texts(d)
    if a.annotated is None:
        raise SystemExit(f"{a.draws}: no texts in it (made without --texts): give the SIB-200 data/annotated folder")
    folder = os.path.join(a.annotated, d["lang"])
    train = read(os.path.join(folder, "train.tsv"))
    evals = read(os.path.join(folder, f"{a.split}.tsv"))
    by_id = {r["index_id"]: r for r in train}
    eval_x = [r["text"] for r in evals]
    eval_y = [r["category"] for r in evals]
    idf_all = TfidfVectorizer(sublinear_tf=True).fit([r["text"] for r in train])
    methods = {
        "tf-idf + logistic regression": lambda: (TfidfVectorizer(sublinear_tf=True), LogisticRegression(C=10, max_iter=5000)),
        "counts + multinomial naive Bayes": lambda: (CountVectorizer(), MultinomialNB(alpha=0.1)),
        "tf-idf (idf: all train) + logistic regression": lambda: (idf_all, LogisticRegression(C=10, max_iter=5000)),
    }
    counts = {c: eval_y.count(c) for c in set(eval_y)}
    print(f"{d['lang']} {a.split}: {len(evals)} sentences, majority rate {100 * max(counts.values()) / len(evals):.1f}%, chance {100 / len(counts):.1f}%")
    print("method".ljust(48) + "".join(f"s{x['seed']:<5}" for x in d["draws"]) + "mean   sd")
    for name, make in methods.items():
        accs = []
        for draw in d["draws"]:
            missing = [i for i in draw["train"] if i not in by_id]
            if missing:
                raise SystemExit(f"{a.draws}: seed {draw['seed']}: ids {missing[:3]} not in {folder}/train.tsv")
            vec, clf = make()
            xs = [by_id[i]["text"] for i in draw["train"]]
            ys = [by_id[i]["category"] for i in draw["train"]]
            x = vec.transform(xs) if vec is idf_all else vec.fit_transform(xs)
            clf.fit(x, ys)
            pred = clf.predict(vec.transform(eval_x))
            accs.append(100 * sum(p == y for p, y in zip(pred, eval_y)) / len(eval_y))
        sd = statistics.stdev(accs) if len(accs) > 1 else 0.0
        print(name.ljust(48) + "".join(f"{x:<6.1f}" for x in accs) + f"{statistics.mean(accs):<7.1f}{sd:.1f}")
    # the same learner with every train label: how far the labels, not the features, are the limit
    vec = TfidfVectorizer(sublinear_tf=True)
    clf = LogisticRegression(C=10, max_iter=5000).fit(vec.fit_transform([r["text"] for r in train]), [r["category"] for r in train])
    acc = 100 * sum(p == y for p, y in zip(clf.predict(vec.transform(eval_x)), eval_y)) / len(eval_y)
    print(f"tf-idf + logistic regression, all {len(train)} train labels: {acc:.1f}")


if __name__ == "__main__":
    main()
