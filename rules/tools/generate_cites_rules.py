#!/usr/bin/env python3
"""Generates rules/generated/cites-appendices.yaml from the CITES Appendices.

Reads the Appendices valid from 5 February 2015 (a CSV parsed from the Dutch
treaty database mirror, in ../shared/data), applies the later CoP decisions
in amendments.yaml, and writes one Wildwatch rule-set taxon per listed taxon
with a low-severity rule that matches its scientific name. Pattern
conventions and their trade-offs are in README.md next to this script.

Python 3 standard library only; the output depends only on the inputs, so
--check can tell whether the committed file is current.

  generate_cites_rules.py                 # rewrite the committed file
  generate_cites_rules.py --check         # exit 1 if it is out of date
  generate_cites_rules.py --shared DIR --out FILE
"""

import argparse
import csv
import re
import sys
import textwrap
from pathlib import Path

TOOLS_DIR = Path(__file__).resolve().parent
REPO_DIR = TOOLS_DIR.parent.parent
DEFAULT_SHARED = REPO_DIR.parent / "shared"
DEFAULT_OUT = REPO_DIR / "rules" / "generated" / "cites-appendices.yaml"
AMENDMENTS = TOOLS_DIR / "amendments.yaml"
APPENDICES_CSV = "data/cites_appendices_2015-02-05.csv"
COMMON_NAMES_CSV = "data/cites_appendices_2015_common_names.csv"
WIKISPECIES_CSV = "data/species_common_names_wikispecies.csv"
BASELINE = "2015-02-05"

# Lower is stronger protection; a split-listed taxon takes the strongest.
APPENDIX_ORDER = {"I": 0, "II": 1, "III": 2}

# Common names are kept for the languages of the markets Wildwatch watches;
# the full join has 278 language codes, most of them for a handful of taxa.
COMMON_NAME_LANGUAGES = ("en", "es", "fr", "pt", "de", "nl", "it", "ru",
                         "ar", "hi", "zh", "ja", "ko", "vi", "th", "id", "ms")

# Tokens in a listed name that are not part of the name itself.
RANK_MARKERS = ("ssp.", "subsp.", "var.")

AMENDMENT_KEYS = ("taxon", "from", "to", "cop", "reference", "note",
                  "covered_by", "taxonomy")
REQUIRED_AMENDMENT_KEYS = ("taxon", "from", "to", "cop", "reference", "note")
TAXONOMY_KEYS = ("kingdom", "class", "order", "family")


class GeneratorError(Exception):
    """An input the generator cannot turn into a correct rule file."""


class Taxon:
    """One listed taxon with every listing that names it."""

    def __init__(self, name, rank, taxonomy):
        self.name = name
        # species, subspecies, variety, genus_spp or higher_taxon_spp.
        self.rank = rank
        # TAXONOMY_KEYS -> name; empty values dropped.
        self.taxonomy = {key: primary_name(value)
                         for key, value in taxonomy.items() if value}
        self.appendix = None
        self.listings = []  # Human-readable lines for the comment block.
        self.common_names = {}  # language -> sorted list of names
        self.unless = []  # Names the listing itself excludes.
        self.from_amendment = False
        self.patterns = []  # Set by generate() once all taxa are known.
        self.unless_patterns = []

    def add_listing(self, appendix, line):
        if (self.appendix is None or
                APPENDIX_ORDER[appendix] < APPENDIX_ORDER[self.appendix]):
            self.appendix = appendix
        self.listings.append(line)


# ---------------------------------------------------------------- names ---


def name_parts(name):
    """Splits a listed name into (words, subgenus).

    "Holothuria (Microthele) nobilis" -> (["Holothuria", "nobilis"],
    "Microthele"); "Sarracenia rubra ssp. jonesii" -> (["Sarracenia",
    "rubra", "jonesii"], None); "Manis spp." -> (["Manis"], None).
    """
    subgenus = None
    words = []
    for token in name.split():
        if token.startswith("(") and token.endswith(")"):
            subgenus = token[1:-1]
        elif token == "spp." or token in RANK_MARKERS:
            continue
        else:
            words.append(token)
    return words, subgenus


def taxon_id(name):
    """kebab-case of the name without rank markers or subgenus."""
    words, _ = name_parts(name)
    taxon = "-".join(word.lower() for word in words)
    if not re.fullmatch(r"[a-z0-9-]+", taxon):
        raise GeneratorError(f"cannot make an id from {name!r}")
    return taxon


def rank_of(name):
    """The rank of a name given in amendments.yaml, as the CSV names ranks."""
    words, _ = name_parts(name)
    if name.endswith(" spp."):
        word = words[0]
        if word.isupper() or word.endswith(("idae", "aceae", "inae")):
            return "higher_taxon_spp"
        return "genus_spp"
    return {2: "species", 3: "subspecies"}.get(len(words), "unknown")


def epithet_regex(epithet):
    # A hyphenated epithet (victoriae-reginae) is often written with a space.
    parts = epithet.lower().split("-")
    return r"[-\s]?".join(re.escape(part) for part in parts)


def abbreviable(word):
    """Matches word in full or as its initial: "loxodonta " or "l."."""
    word = word.lower()
    return rf"{word[0]}(?:{re.escape(word[1:])}\s+|\.\s*)"


def name_patterns(taxon):
    """The `any` patterns of a taxon's scientific-name rule."""
    words, subgenus = name_parts(taxon.name)
    if taxon.rank == "higher_taxon_spp":
        return [rf"\b{re.escape(words[0].lower())}\b"]
    if taxon.rank == "genus_spp":
        # Case-insensitive matching cannot tell "Manis javanica" from
        # "manis sekali"; requiring a second word keeps a genus that is also
        # a common word (Manis, Hippocampus, Aloe) from matching alone.
        return [rf"\b{re.escape(words[0].lower())}\s+(?:spp?\.|[a-z]{{3,}}\b)"]
    if taxon.rank in ("species", "subspecies", "variety") and len(words) >= 2:
        pattern = r"\b" + abbreviable(words[0])
        if subgenus:
            sub = subgenus.lower()
            pattern += rf"(?:\(\s*{sub[0]}(?:{re.escape(sub[1:])}|\.)\s*\)\s*)?"
        if len(words) == 2:
            return [pattern + epithet_regex(words[1]) + r"\b"]
        if len(words) == 3:
            pattern += abbreviable(words[1])
            pattern += r"(?:(?:ssp|subsp|var)\.\s*)?"
            return [pattern + epithet_regex(words[2]) + r"\b"]
    raise GeneratorError(f"no pattern convention for {taxon.name!r} "
                         f"(rank {taxon.rank})")


def excluded_names(taxon, listing_text):
    """Binomials of the taxon's own genus that its listing text excludes.

    "Aloe spp. (... Also excludes Aloe vera, also referenced as Aloe
    barbadensis ...)" -> ["Aloe vera", "Aloe barbadensis"]. Only sentences
    that say "except" or "exclude" count: other sentences name species for
    quotas, which are still listed.
    """
    if taxon.rank != "genus_spp":
        return []
    genus = taxon.name.split()[0]
    names = []
    for sentence in re.split(r"\.\s+", listing_text):
        if not re.search(r"except|exclud", sentence, re.IGNORECASE):
            continue
        for epithet in re.findall(rf"\b{genus} ([a-z][a-z-]+)\b", sentence):
            names.append(f"{genus} {epithet}")
    return names


def check_pattern(pattern):
    """Rejects what RE2 does not support; compiles with re as a proxy."""
    if re.search(r"\(\?[=!<]|\\[1-9]", pattern):
        raise GeneratorError(
            f"RE2 has no lookaround or backreference: {pattern}")
    re.compile(pattern, re.IGNORECASE)


# --------------------------------------------------------------- inputs ---


def read_csv(path):
    try:
        with open(path, newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))
    except OSError as e:
        raise GeneratorError(f"cannot read {path}: {e.strerror}") from e


def primary_name(heading):
    """The first name of a heading that prints alternatives in parentheses:
    'Leguminosae (Fabaceae)' -> 'Leguminosae'."""
    return heading.split(" (")[0]


def load_appendices(shared):
    """Taxa of the 2015 Appendices, in listing order, keyed by name."""
    taxa = {}
    for row in read_csv(shared / APPENDICES_CSV):
        name = row["taxon"]
        taxon = taxa.get(name)
        if taxon is None:
            taxonomy = {"kingdom": row["kingdom"], "class": row["class_"],
                        "order": row["order"], "family": row["family"]}
            taxon = Taxon(name, row["rank_hint"], taxonomy)
            taxa[name] = taxon
            if row["rank_hint"] == "higher_taxon_spp":
                add_higher_taxon_name(taxon, row)
        appendix = row["appendix"]
        if appendix not in APPENDIX_ORDER:
            raise GeneratorError(f"{name}: unknown appendix {appendix!r}")
        label = appendix
        if row["annotation_codes"]:
            label += " " + row["annotation_codes"]
        taxon.add_listing(appendix, f"{label}, Appendices of {BASELINE}: "
                          f"{row['listing_text']}")
        for excluded in excluded_names(taxon, row["listing_text"]):
            if excluded not in taxa and excluded not in taxon.unless:
                taxon.unless.append(excluded)
    return taxa


def add_higher_taxon_name(taxon, row):
    """The English name the Appendices print after a family or order."""
    word = taxon.name.split()[0].lower()
    for level in ("family", "order"):
        english = row[f"{level}_common_en"]
        if primary_name(row[level]).lower() == word and english:
            taxon.common_names["en"] = [english]


def add_common_name(taxon, row):
    if row["is_synonym"] != "0" or row["lang"] not in COMMON_NAME_LANGUAGES:
        return
    name = " ".join(row["name"].split())
    # A few names carry wiki markup left over from the harvest.
    if not name or re.search(r"[\[\]{}<>|]", name):
        return
    names = taxon.common_names.setdefault(row["lang"], [])
    if name not in names:
        names.append(name)


def load_common_names(shared, taxa):
    """Preferred common names of species and subspecies.

    Names of 2015 taxa come from the join with the Appendices, exact matches
    only (a subspecies does not take its species' names). Species added by
    amendments are looked up in the Wikispecies list itself.
    """
    for row in read_csv(shared / COMMON_NAMES_CSV):
        taxon = taxa.get(row["cites_taxon"])
        if taxon is not None and row["match_type"] == "exact":
            add_common_name(taxon, row)
    added = {" ".join(name_parts(t.name)[0]): t for t in taxa.values()
             if t.from_amendment and t.rank == "species"}
    for row in read_csv(shared / WIKISPECIES_CSV):
        taxon = added.get(row["scientific_name"])
        if taxon is not None:
            add_common_name(taxon, row)
    for taxon in taxa.values():
        for names in taxon.common_names.values():
            names.sort()


def parse_scalar(text, where):
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1].replace('\\"', '"')
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    if ": " in text or " #" in text or text.startswith(("'", '"', "{", "[")):
        raise GeneratorError(f"{where}: quote the value {text!r}")
    return text


def parse_flow_mapping(text, where):
    if not (text.startswith("{") and text.endswith("}")):
        raise GeneratorError(f"{where}: expected {{key: value, ...}}")
    mapping = {}
    for item in text[1:-1].split(","):
        key, sep, value = item.partition(":")
        if not sep:
            raise GeneratorError(f"{where}: expected key: value in {item!r}")
        mapping[key.strip()] = parse_scalar(value, where)
    return mapping


def load_amendments(path):
    """Parses the YAML subset amendments.yaml is written in (see its header)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise GeneratorError(f"cannot read {path}: {e.strerror}") from e
    entries = []
    seen_header = False
    for number, line in enumerate(lines, 1):
        where = f"{path.name}:{number}"
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if line == "amendments:":
            seen_header = True
            continue
        match = re.fullmatch(r"  (- |  )([a-z_]+): (.+)", line)
        if not seen_header or not match:
            raise GeneratorError(f"{where}: not in the amendments.yaml shape")
        starts_entry = match.group(1) == "- "
        key, value = match.group(2), match.group(3)
        if starts_entry != (key == "taxon"):
            raise GeneratorError(f"{where}: each entry starts with '- taxon:'")
        if key not in AMENDMENT_KEYS:
            raise GeneratorError(f"{where}: unknown key {key!r}")
        if starts_entry:
            entries.append({"where": where})
        entry = entries[-1]
        if key in entry:
            raise GeneratorError(f"{where}: duplicate key {key!r}")
        entry[key] = (parse_flow_mapping(value.strip(), where)
                      if key == "taxonomy" else parse_scalar(value, where))
    for entry in entries:
        where = entry["where"]
        for key in REQUIRED_AMENDMENT_KEYS:
            if key not in entry:
                raise GeneratorError(f"{where}: missing {key!r}")
        if entry["to"] not in APPENDIX_ORDER:
            raise GeneratorError(f"{where}: 'to' must be I, II or III")
        if entry["from"] not in APPENDIX_ORDER and entry["from"] != "none":
            raise GeneratorError(f"{where}: 'from' must be I, II, III or none")
    return entries


def apply_amendments(taxa, amendments):
    """Applies each amendment in order; new taxa are appended."""
    baseline = {name: taxon.appendix for name, taxon in taxa.items()}
    for entry in amendments:
        where = entry["where"]
        name = entry["taxon"]
        line = (f"{entry['to']}, {entry['cop']}, {entry['reference']}: "
                f"{entry['note']}")
        taxon = taxa.get(name)
        if taxon is not None:
            if entry["from"] != taxon.appendix:
                raise GeneratorError(f"{where}: {name} is in Appendix "
                                     f"{taxon.appendix}, not {entry['from']}")
            taxon.appendix = entry["to"]
            taxon.listings.append(line)
            continue
        covered_by = entry.get("covered_by")
        if covered_by is not None and baseline.get(covered_by) != entry["from"]:
            raise GeneratorError(f"{where}: covered_by {covered_by!r} is not a "
                                 f"2015 listing in Appendix {entry['from']}")
        if covered_by is None and entry["from"] != "none":
            raise GeneratorError(f"{where}: {name} is not in the 2015 data; "
                                 "give covered_by or from: none")
        taxonomy = entry.get("taxonomy")
        if taxonomy is None or set(taxonomy) - set(TAXONOMY_KEYS):
            raise GeneratorError(f"{where}: a new taxon needs taxonomy with "
                                 f"keys from {', '.join(TAXONOMY_KEYS)}")
        taxon = Taxon(name, rank_of(name), taxonomy)
        taxon.from_amendment = True
        if covered_by is not None:
            taxon.listings.append(f"{entry['from']}, Appendices of {BASELINE}: "
                                  f"covered by {covered_by}")
        taxon.appendix = entry["to"]
        taxon.listings.append(line)
        taxa[name] = taxon


# --------------------------------------------------------------- output ---


HEADER = """\
# cites-appendices: every CITES-listed taxon as a scientific-name rule.
#
# Generated by rules/tools/generate_cites_rules.py from the CITES
# Appendices I, II and III valid from 5 February 2015 (the English text
# in the Dutch treaty database, BWB id BWBV0003833, as mirrored in
# GitHub statengeneraal/laws-markdown), with the post-2015 CoP amendments
# in rules/tools/amendments.yaml applied.
#
# DO NOT EDIT BY HAND; rerun the generator (see rules/tools/README.md).
#
# Attribution:
# - Appendices: official publication of a treaty annex; no copyright in
#   laws and regulations issued by a public authority (Dutch Auteurswet,
#   art. 11). The original legal instrument is the text adopted by the
#   CITES Parties.
# - Common names: species-names/dataset (Wikispecies contributors),
#   CC BY-SA 4.0. The common_names in this file are derived from it and
#   are likewise CC BY-SA 4.0.
#
# Every rule is low severity: a scientific name alone is not trade.
# Curated rule sets add trade context and raise severity.
#
"""


def quoted(text):
    """A YAML single-quoted scalar: backslashes stay literal."""
    return "'" + text.replace("'", "''") + "'"


def comment_block(label, text, indent):
    """label + text as YAML comment lines wrapped at 80 columns."""
    prefix = " " * indent + "# "
    lines = textwrap.wrap(f"{label}{text}", width=80 - len(prefix),
                          subsequent_indent="    ", break_on_hyphens=False,
                          break_long_words=False)
    return [prefix + line for line in lines]


def render(taxa, pattern_count):
    added = sum(1 for taxon in taxa if taxon.from_amendment)
    out = HEADER.splitlines() + [
        f"# {len(taxa)} taxa: {len(taxa) - added} from the 2015 Appendices and "
        f"{added} added by amendments.",
        f"# {pattern_count} patterns.",
        "name: cites-appendices",
        "description: >-",
        "  Scientific names of all taxa in CITES Appendices I, II and III",
        "  (2015 Appendices with CoP17-CoP19 amendments), low severity.",
        "taxa:",
    ]
    for taxon in taxa:
        out.append("")
        out.append(f"  # {taxon.name}")
        for listing in taxon.listings:
            out.extend(comment_block("listing: ", listing, 2))
        out.append(f"  - id: {taxon_id(taxon.name)}")
        out.append(f"    scientific_name: {quoted(taxon.name)}")
        out.append(f"    appendix: {taxon.appendix}")
        if taxon.taxonomy:
            fields = ", ".join(f"{key}: {quoted(taxon.taxonomy[key])}"
                               for key in TAXONOMY_KEYS
                               if key in taxon.taxonomy)
            out.append(f"    taxonomy: {{{fields}}}")
        if taxon.common_names:
            out.append("    common_names:")
            for lang in sorted(taxon.common_names):
                names = ", ".join(quoted(n) for n in taxon.common_names[lang])
                out.append(f"      {lang}: [{names}]")
        out.append("    rules:")
        out.append("      - id: scientific-name")
        out.append("        severity: low")
        out.append("        any:")
        for pattern in taxon.patterns:
            out.append(f"          - {quoted(pattern)}")
        if taxon.unless_patterns:
            out.append("        # Named by the listing as not included.")
            out.append("        unless:")
            for pattern in taxon.unless_patterns:
                out.append(f"          - {quoted(pattern)}")
    return "\n".join(out) + "\n"


def generate(shared):
    taxa = load_appendices(shared)
    apply_amendments(taxa, load_amendments(AMENDMENTS))
    load_common_names(shared, taxa)
    ids = {}
    pattern_count = 0
    for taxon in taxa.values():
        taxon_key = taxon_id(taxon.name)
        if taxon_key in ids:
            raise GeneratorError(f"{taxon.name} and {ids[taxon_key]} share "
                                 f"the id {taxon_key}")
        ids[taxon_key] = taxon.name
        taxon.patterns = name_patterns(taxon)
        taxon.unless_patterns = [
            name_patterns(Taxon(name, "species", {}))[0]
            for name in taxon.unless
        ]
        for pattern in taxon.patterns + taxon.unless_patterns:
            check_pattern(pattern)
        pattern_count += len(taxon.patterns) + len(taxon.unless_patterns)
    return render(list(taxa.values()), pattern_count)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                        help="the shared folder holding data/ "
                             "(default: ../shared beside the repository)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="the rule file to write or check")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if --out differs from "
                             "what would be generated")
    args = parser.parse_args(argv)
    try:
        text = generate(args.shared)
    except GeneratorError as e:
        print(f"generate_cites_rules: {e}", file=sys.stderr)
        return 2
    if args.check:
        try:
            current = args.out.read_text(encoding="utf-8")
        except OSError:
            current = None
        if current != text:
            print(f"generate_cites_rules: {args.out} is out of date; rerun "
                  "rules/tools/generate_cites_rules.py", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
