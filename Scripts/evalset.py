"""What the extraction reports in this folder share: their command line (EVAL_DIR PRED_DIR [--split]
[--show CLASS] [--limit N]), the evaluation set's own scorer (score.py, loaded from EVAL_DIR so that facts are
matched exactly as it matches them) and the ids of a split's articles."""
import argparse, importlib.util, json, os


def arguments():
    ap = argparse.ArgumentParser()
    ap.add_argument("eval")
    ap.add_argument("pred")
    ap.add_argument("--split", default="visible")
    ap.add_argument("--show", help="print examples of this class")
    ap.add_argument("--limit", type=int, default=30)
    return ap.parse_args()


def scorer(eval_dir):
    spec = importlib.util.spec_from_file_location("score", os.path.join(eval_dir, "score.py"))
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    score.load_global_aliases()
    return score


def article_ids(eval_dir, split):
    ids = []
    for name in ["dev", "train"] if split == "visible" else [split]:
        ids += open(os.path.join(eval_dir, f"{name}.txt")).read().split()
    return ids


def articles(a, score):
    """Each article of the split as (id, gold, resolve, predictions): `resolve` maps a company name to the
    scorer's canonical one for that article; derived predictions are left out, as the scorer leaves them."""
    for aid in sorted(article_ids(a.eval, a.split)):
        gold = json.load(open(os.path.join(a.eval, "gold", f"{aid}.json")))
        preds = [f for f in score.load_pred(a.pred, aid) if not f.get("derived")]
        yield aid, gold, score.company_resolver(gold, False), preds


def values(fact):
    """A fact's (value, unit) and those of its alternatives, units upper-cased."""
    return [(fact["value"], fact["unit"].upper())] + [
        (x["value"], x["unit"].upper()) for x in fact.get("alternatives") or []
    ]
