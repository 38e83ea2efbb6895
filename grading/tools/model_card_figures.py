#!/usr/bin/env python3
"""Prints the figure tables of MODEL_CARD.md from a model directory's metrics.json (standard library only).

Usage: python3 grading/tools/model_card_figures.py <model dir>/metrics.json
"""
import json
import sys

LABELS = ["fresh", "medium", "rotten"]


def table(m, detailed):
    out = ["| Metric | Value |", "|---|---|", f"| Photos | {m['count']} |", f"| Accuracy | {m['accuracy']:.4f} |"]
    if detailed:
        for label in LABELS:
            out.append(f"| Recall {label} | {m['recall'][label]:.4f} |")
    else:
        out.append("| Recall fresh / medium / rotten | "
                   + " / ".join(f"{m['recall'][l]:.4f}" for l in LABELS) + " |")
    out.append(f"| Fresh<->rotten confusion | {m['freshRottenConfusion']:.4f} |")
    out.append(f"| Expected calibration error | {m['ece']:.4f} |")
    if detailed:
        out.append(f"| Negative log-likelihood | {m['nll']:.4f} |")
    out += ["", "| true \\ predicted | fresh | medium | rotten |", "|---|---:|---:|---:|"]
    for label, row in zip(LABELS, m["confusion"]):
        out.append(f"| {label} | " + " | ".join(str(v) for v in row) + " |")
    return "\n".join(out)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        metrics = json.load(f)
    print("## Figures on held-out specimens (tomatoes never seen)\n")
    print(table(metrics["heldOutSpecimens"], True))
    plain = metrics.get("heldOutSpecimensWithoutTta")
    if plain:
        print(f"\nWithout test-time augmentation: accuracy {plain['accuracy']:.4f}, "
              f"fresh<->rotten {plain['freshRottenConfusion']:.4f}.")
    print("\n## Figures on the published file-level test split (flatters)\n")
    print(table(metrics["fileLevelTest"], False))
    v = metrics["validationSpecimens"]
    print(f"\nValidation tomatoes (early stopping, calibration): accuracy {v['accuracy']:.4f}.")


if __name__ == "__main__":
    main()
