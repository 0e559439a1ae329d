#!/usr/bin/env python3
"""How often the extractor's period of a fact agrees with the gold one, on the facts it got right.

  Scripts/period-agreement.py EVAL_DIR PRED_DIR [--split visible] [--show CLASS] [--limit N]

PRED_DIR holds NNN.json predictions ({"facts": [...]} or a list), from `factwire extract --out DIR` or
`factwire-train EVAL --folds K --pred DIR` (folder DIR/t0). The scorer does not score periods; this does, on
the facts matched as the scorer matches them (same company, metric and value). A gold period is written for people ("Q3 2024",
"FY2023 (year ended March 2024)", "Q3 (year not stated in text)"): its leading label is compared with the
prediction's canonical period (quarter, half or nine months, and fiscal year; else the fiscal year), else its label. Classes:
agree, no period (none predicted), no year (the right part, the year unknown), other year, other.
Fiscal years are compared by number: a year ending in March is FY2024 here and often "FY2023" in the gold.
"""
import collections, re

from evalset import arguments, articles, scorer, values

a = arguments()
score = scorer(a.eval)

LABEL = re.compile(r"\s*((?:Q[1-4]|H[12]|9M)\s+(?:FY)?\d{4}|FY\d{4}|\d{4}|Q[1-4]|H[12]|9M)\b")


def gold_label(period):
    if period is None:
        return None
    m = LABEL.match(period)
    return re.sub(r"\s+", " ", m.group(1)).replace("FY", "") if m else period


def predicted_label(fact):
    c = fact.get("canonical_period") or {}
    year, kind = c.get("fiscal_year"), c.get("kind")
    suffix = f" {year}" if year else ""
    if kind == "quarter" and c.get("fiscal_quarter"):
        return f"Q{c['fiscal_quarter']}{suffix}"
    if kind == "half" and c.get("fiscal_half"):
        return f"H{c['fiscal_half']}{suffix}"
    if kind == "nine_months":
        return f"9M{suffix}"
    if year:
        return str(year)
    label = fact.get("period")
    return label.replace("FY", "") if label else None


counts = collections.Counter()
examples = collections.defaultdict(list)
for aid, g, resolve, preds in articles(a, score):
    used = set()
    for gf in g["facts"]:
        gold_values = values(gf)
        for i, pf in enumerate(preds):
            if i in used or resolve(pf.get("company")) != resolve(gf["company"]):
                continue
            if score.mkey(pf, False) != score.mkey(gf, False):
                continue
            if not any(pu == gu and score.close(pv, gv) for pv, pu in values(pf) for gv, gu in gold_values):
                continue
            used.add(i)
            want, got = gold_label(gf.get("period")), predicted_label(pf)
            if want == got:
                cls = "agree"
            elif got is None:
                cls = "no period"
            elif want and " " not in got and want.split()[0] == got:
                cls = "no year"
            elif want and want.split()[0] == got.split()[0]:
                cls = "other year"
            else:
                cls = "other"
            counts[cls] += 1
            examples[cls].append(f"{aid}  gold {gf.get('period')!r}  predicted {got!r}  :: {pf.get('evidence', '')[:100]}")
            break
matched = sum(counts.values())
print(f"facts found {matched}; period agrees {counts['agree']} ({counts['agree'] / max(matched, 1):.3f})")
for cls, n in counts.most_common():
    print(f"{n:6d}  {cls}")
if a.show:
    for line in examples[a.show][: a.limit]:
        print(line)
