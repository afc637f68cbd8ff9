#!/usr/bin/env python3
"""Draws what to write for the blind evaluation splits.

The plan fixes, for every post before it is written, the listed taxon it is
about, its language, the kind of platform it sits on and whether it is a
positive (trade) or a hard negative. The author writes each post from its
plan line only, so the mix of taxa is set by the CITES Appendices and not by
what a rule set happens to know.

Usage: draw_plan.py [--seed N] [--appendices CSV] [--names CSV] > plan.jsonl

Distributions (all draws from one random.Random(seed)):
  * taxon: uniform over the rows of the 2015-02-05 Appendices CSV (every
    Appendix, animals and plants). The 2015 entry is kept as listed.
  * language: balanced over the 24 languages: every (split, language, class)
    cell gets exactly its quota, so each language is equally likely.
  * class: positive or hard negative, balanced in the same way.
  * kind: for a positive, offer / wanted / listing; for a hard negative, one
    of the thirteen negative kinds below; uniform.
  * device (positives only): the way the post names the taxon or product,
    uniform over DEVICES.
  * platform kind: uniform over PLATFORM_KINDS.
  * created_at: uniform over 2024-01-01 .. 2025-12-31.
The order of the lines within a split is shuffled, then numbered.
"""

import argparse
import csv
import datetime
import json
import os
import random
import re
import sys

SEED = 20150205

LANGUAGES = ("en", "zh-Hans", "zh-Hant", "vi", "th", "id", "ms", "tl", "ja",
             "ko", "hi", "ar", "fa", "ru", "uk", "tr", "sw", "fr", "es", "pt",
             "de", "it", "nl", "pl")

# Posts per (language, class) cell in each split.
SPLITS = (("blind-tune", 8), ("blind-holdout", 16))

PLATFORM_KINDS = ("marketplace", "auction", "classifieds", "social", "chat",
                  "forum", "mail")

POSITIVE_KINDS = ("offer", "wanted", "listing")

NEGATIVE_KINDS = ("seizure-news", "court-case", "ban-debate", "opinion",
                  "conservation", "research", "zoo-visit", "sighting",
                  "care-question", "colour-or-brand", "legal-substitute",
                  "unlisted-lookalike", "depiction")

DEVICES = ("common-name", "local-or-trade-name", "slang-or-abbreviation",
           "emoji", "split-letters", "inflected-form",
           "material-description", "bare-listing")

RANK_MARKERS = ("ssp.", "subsp.", "var.")


def taxon_id(name):
    """kebab-case of the listed name without rank markers or subgenus."""
    words = [t for t in name.split()
             if not (t.startswith("(") and t.endswith(")"))
             and t != "spp." and t not in RANK_MARKERS]
    taxon = "-".join(word.lower() for word in words)
    if not re.fullmatch(r"[a-z0-9-]+", taxon):
        raise ValueError(f"cannot make an id from {name!r}")
    return taxon


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def english_names(path):
    """Maps a listed taxon to its English common names, as a writing aid."""
    names = {}
    if not os.path.exists(path):
        return names
    for row in read_rows(path):
        if row["lang"] == "en":
            names.setdefault(row["cites_taxon"], []).append(row["name"])
    return names


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    shared = os.path.normpath(os.path.join(here, "../../../../../shared/data"))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--appendices", default=os.path.join(
        shared, "cites_appendices_2015-02-05.csv"))
    parser.add_argument("--names", default=os.path.join(
        shared, "cites_appendices_2015_common_names.csv"))
    args = parser.parse_args(argv)

    rows = read_rows(args.appendices)
    names = english_names(args.names)
    rng = random.Random(args.seed)
    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    span = int(datetime.timedelta(days=731).total_seconds())

    for split, quota in SPLITS:
        cells = [(lang, cls) for lang in LANGUAGES
                 for cls in ("positive", "hard-negative")
                 for _ in range(quota)]
        rng.shuffle(cells)
        for number, (lang, cls) in enumerate(cells, start=1):
            row = rng.choice(rows)
            line = {
                "id": f"{split}-{number:04d}",
                "lang": lang,
                "class": cls,
                "kind": rng.choice(POSITIVE_KINDS if cls == "positive"
                                   else NEGATIVE_KINDS),
                "device": (rng.choice(DEVICES) if cls == "positive"
                           else None),
                "platform_kind": rng.choice(PLATFORM_KINDS),
                "taxon": row["taxon"],
                "taxon_id": taxon_id(row["taxon"]),
                "appendix": row["appendix"],
                "class_": row["class_"] or row["kingdom"],
                "family": row["family"],
                "listing_text": row["listing_text"],
                "en_names": names.get(row["taxon"], [])[:3],
                "created_at": (start + datetime.timedelta(
                    seconds=rng.randrange(span))).strftime(
                        "%Y-%m-%dT%H:%M:%SZ"),
            }
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
