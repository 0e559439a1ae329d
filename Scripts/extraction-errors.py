#!/usr/bin/env python3
"""Counts the extractor's error classes on predictions made for held-out articles.

  Scripts/extraction-errors.py EVAL_DIR PRED_DIR [--split visible] [--show CLASS] [--limit N]

PRED_DIR holds NNN.json predictions (from `factwire-train EVAL --folds K --pred DIR`: folder DIR/tN) and
DIR/candidates/NNN.json (every quantity with its gold label) beside it. Missed facts are split into
"no quantity" (the quantity layer never found the number), "not kept" (found, no fact made), "wrong
metric" and "wrong company"; false ones into "other metric", "other company" and "not a fact".
Run it on held-out folds only: reading errors of articles a rule was written from measures nothing.
"""
import collections, json, os

from evalset import arguments, articles, scorer, values

a = arguments()
score = scorer(a.eval)

cand_dir = os.path.join(os.path.dirname(os.path.abspath(a.pred)), "candidates")
counts = collections.Counter()
examples = collections.defaultdict(list)

for aid, g, resolve, preds in articles(a, score):
    cands = json.load(open(os.path.join(cand_dir, f"{aid}.json"))) if os.path.exists(os.path.join(cand_dir, f"{aid}.json")) else []
    def same_value(p, gf):
        return any(abs(abs(p["value"]) - abs(v)) <= 0.005 * abs(v) if v else p["value"] == 0 for v, u in values(gf) if str(p.get("unit","")).upper() == u)
    def key(f):
        return (resolve(f.get("company")), score.mkey(f, False))
    used = set()
    for gf in g["facts"]:
        gk = key(gf)
        hit = [i for i, p in enumerate(preds) if key(p) == gk and same_value(p, gf)]
        if hit:
            used.update(hit)
            continue
        samev = [p for p in preds if same_value(p, gf)]
        found = any(abs(abs(c["value"]) - abs(gf["value"])) <= 0.005 * abs(gf["value"] or 1) for c in cands) or any(
            any(abs(abs(c["value"]) - abs(v)) <= 0.005 * abs(v or 1) for v, u in values(gf)) for c in cands)
        if any(score.mkey(p, False) == gk[1] for p in samev):
            cls = "FN wrong company"
        elif any(resolve(p.get("company")) == gk[0] for p in samev):
            cls = "FN wrong metric"
        elif samev:
            cls = "FN wrong metric+company"
        elif found:
            cls = "FN not kept"
        else:
            cls = "FN no quantity"
        metric = gk[1]
        counts[cls] += 1
        counts[cls + " / " + metric] += 1
        examples[cls].append(f"{aid} {gk} {gf['value']} {gf['unit']} :: {gf.get('evidence','')[:160]}" +
                             ("  [pred: " + "; ".join(f"{p.get('company')}|{score.mkey(p, False)}" for p in samev) + "]" if samev else ""))
    for i, p in enumerate(preds):
        if i in used:
            continue
        pk = key(p)
        # a second form of a matched fact is ignored by the scorer
        same = [gf for gf in g["facts"] if same_value(p, gf)]
        if any(key(gf) == pk for gf in same):
            continue
        if any(key(gf)[0] == pk[0] for gf in same):
            cls = "FP other metric"
        elif any(key(gf)[1] == pk[1] for gf in same):
            cls = "FP other company"
        elif same:
            cls = "FP other metric+company"
        else:
            cls = "FP not a fact"
        counts[cls] += 1
        counts[cls + " / " + pk[1]] += 1
        examples[cls].append(f"{aid} {pk} {p['value']} {p['unit']} '{p.get('text','')}' :: {p.get('evidence','')[:160]}" +
                             ("  [gold: " + "; ".join(f"{gf.get('company')}|{score.mkey(gf, False)}" for gf in same) + "]" if same else ""))

for k, v in sorted(counts.items(), key=lambda kv: (-kv[1])):
    if " / " not in k:
        print(f"{v:5d}  {k}")
print()
for k, v in sorted(counts.items(), key=lambda kv: (-kv[1]))[:40]:
    if " / " in k:
        print(f"{v:5d}  {k}")
if a.show:
    print()
    for line in examples[a.show][: a.limit]:
        print(line)
