#!/usr/bin/env python3
"""Measures a command-line literal matcher (grep -F, rg -F) the way the C++
drivers measure the others, and prints the same JSON line of figures.

The tool is run twice with its count flag: on an empty file, which costs
start-up plus compiling the literals (reported as compile_s), and on the
lower-cased corpus (one post per line); seconds is the difference, so it
covers scanning alone as for the drivers. A small corpus is named several
times in the second run, so that scanning outweighs start-up and the
difference is not lost in noise; the figures are per pass. rss_mb is the tool's peak resident
memory on the corpus run, which includes its read buffers or mapping of the
corpus: tools do not separate the two.

Usage: run_tool.py --peer NAME --literals FILE --corpus FILE
                   --timeout SECONDS -- COMMAND ARGS...
COMMAND gets the corpus path (or the empty file) appended, once or more,
and must print a count of matching lines per file, as grep -c and rg -c do
("path:count" when given several files).
"""

import argparse
import math
import json
import os
import resource
import subprocess
import sys
import tempfile
import time


# Scan at least this much per measurement, however small the corpus.
MIN_SCAN_BYTES = 200_000_000


def run(command, paths, timeout):
    """(seconds, peak RSS in KiB, stdout) of command on paths."""
    start = time.monotonic()
    process = subprocess.Popen(command + paths, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise
    seconds = time.monotonic() - start
    # Exit status 1 is "no line matched" for both grep and rg.
    if process.returncode not in (0, 1):
        raise RuntimeError(err.decode(errors="replace").strip()
                           or f"exit status {process.returncode}")
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak_kib, out.decode().strip()


def count_lines(path):
    lines = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            lines += chunk.count(b"\n")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer", required=True)
    parser.add_argument("--literals", required=True)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command

    posts = count_lines(args.corpus)
    figures = {
        "peer": args.peer,
        "patterns": count_lines(args.literals),
        "posts": posts,
        # Text bytes as the drivers count them: the file less its newlines.
        "bytes": os.path.getsize(args.corpus) - posts,
        "seconds": 0.0, "mb_s": 0.0, "posts_s": 0.0, "compile_s": 0.0,
        "rss_mb": 0.0, "matches": 0, "failures": 0, "complete": True,
    }
    try:
        size = os.path.getsize(args.corpus)
        passes = max(1, math.ceil(MIN_SCAN_BYTES / max(size, 1)))
        with tempfile.NamedTemporaryFile() as empty:
            compile_s, _, _ = run(command, [empty.name], args.timeout)
        total_s, peak_kib, out = run(command, [args.corpus] * passes,
                                     args.timeout)
        seconds = max(total_s - compile_s, 1e-9) / passes
        # One count per pass, all equal: the first line's is the answer.
        first = out.splitlines()[0] if out else "0"
        figures.update({
            "seconds": seconds,
            "mb_s": figures["bytes"] / 1e6 / seconds,
            "posts_s": posts / seconds,
            "compile_s": compile_s,
            "rss_mb": peak_kib / 1024,
            "matches": int(first.rsplit(":", 1)[-1]),
        })
    except (OSError, RuntimeError, ValueError,
            subprocess.TimeoutExpired) as e:
        figures["error"] = str(e)
    print(json.dumps(figures))
    return 1 if "error" in figures else 0


if __name__ == "__main__":
    sys.exit(main())
