"""``python -m tests.fuzz``: the full set of template variants, precision and recall per transformation, and
the smallest example of each way the reader published a wrong cell."""
from __future__ import annotations

import argparse
import copy
import sys
import time

from tests.fuzz.check import Outcome, check, fewest_kinds, shrink, table_report, wrong_tables
from tests.fuzz.render import render_text
from tests.fuzz.templates import make_variant


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--variants", type=int, default=600, help="how many seeds (default 600)")
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--pdf-every", type=int, default=12,
                        help="every n-th variant is drawn as a PDF (0: none; default 12)")
    parser.add_argument("--examples", type=int, default=12, help="failures to shrink to an example (default 12)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    outcomes: list[Outcome] = []
    for n, seed in enumerate(range(args.first_seed, args.first_seed + args.variants)):
        pdf = args.pdf_every and n % args.pdf_every == args.pdf_every - 1
        outcomes.append(check(make_variant(seed, "pdf" if pdf else None)))
    print(f"{len(outcomes)} variants in {time.monotonic() - started:.0f} s "
          f"({sum(o.variant.rendering == 'pdf' for o in outcomes)} drawn as PDFs)\n")
    print(table_report(outcomes))
    failing = [o for o in outcomes if o.wrong]
    print(f"\n{len(failing)} variants published a wrong cell")
    seen: set[tuple] = set()
    for o in failing:
        if len(seen) >= args.examples:
            break
        fewest = fewest_kinds(o.variant)
        signature = (tuple(fewest.kinds), fewest.rendering == "pdf", wrong_tables(fewest))
        if signature in seen:
            continue
        seen.add(signature)
        small = shrink(fewest)
        print(f"\n== seed {o.variant.seed} ({o.variant.report}, {small.rendering}): {', '.join(small.kinds) or 'none'}")
        print("wrong: " + "; ".join(check(small).wrong))
        if small.rendering == "pdf":  # the PDF's table, shown as layout text
            small = copy.copy(small)
            small.rendering = "blanks_as_spaces"
            print("(drawn as a PDF; its tables as layout text:)")
        print(render_text(small)[0], flush=True)
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
