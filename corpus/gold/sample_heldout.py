"""Draw the held-out paragraph sample for the material-mention gold (GUIDELINES.md section 4).

Pure Python, stdlib only, deterministic. Run from anywhere:

    python3 corpus/gold/sample_heldout.py

It prints, for each document, the chosen blocks as ``id,char_start,char_end,first_words`` (the
rows of ``heldout_paragraphs.csv``). Offsets are Python str indices into the file read as UTF-8.

Rules
-----
* A block is a maximal run of non-blank lines (blocks are separated by blank lines); its span
  runs from its first character to the end of its last line (newline not included).
* Eligible = body-text paragraph:
  - at least 300 characters;
  - not a heading (line starting with ``#``);
  - not front matter: blocks before the first ``INTRODUCTION`` heading (title, authors, abstract)
    and the block following a "The Bigger Picture" heading (the journal's summary box);
  - not back matter: nothing from the first ``ACKNOWLEDGMENTS`` / ``REFERENCES`` heading on
    (reference list, funding, author contributions);
  - not a figure/table caption (``Figure 3.``, ``Fig. 3.``, ``Table 1.``, panel captions
    ``(A) ...``, ``(A and B) ...``, ``(A to D) ...``, credit lines ``Reprinted ...``);
  - not a table (a block containing a tab);
  - not a Markdown list (every line starts with ``- ``);
  - not an affiliation / correspondence / copyright footer.
* Document A (xia2019_chem): blocks overlapping a paragraph of the existing dev sample
  (``xia2019_chem/paragraphs.csv``) are removed; 12 blocks are drawn with
  ``random.Random(2026).sample(eligible, 12)`` where ``eligible`` is sorted by start offset.
* Document B (sun2022_sciadv): 8 blocks with ``random.Random(2026).sample(eligible, 8)``.
* The chosen blocks are listed in document order and numbered h1..h12 / s1..s8.
"""
import csv
import os
import random
import re

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DOC_A = os.path.join(ROOT, "corpus", "xia2019_chem.md")
DOC_B = os.path.join(ROOT, "tests", "data", "sun2022_sciadv_li-rich-cathode_docling.md")
DEV_A = os.path.join(ROOT, "corpus", "gold", "xia2019_chem", "paragraphs.csv")

CAPTION = re.compile(
    r"^(?:Figure\s*\d|Fig\.\s*\d|Table\s*\d|Reprinted\b|"
    r"\(\s*[A-Z]\s*(?:(?:and|to|–|-|,)\s*[A-Z]\s*)*\))"
)
FOOTER = re.compile(
    r"^(?:[0-9¹²³⁴⁵⁶⁷⁸⁹]+\s?[A-Z].*(?:Universit|Laborator|Institute)|\*Correspondence|"
    r"\*Corresponding author|Copyright ©)",
    re.S,
)


def blocks(text):
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text)]


def heading_text(t):
    return t.lstrip("#").strip()


def eligible_blocks(text, exclude=()):
    bl = blocks(text)
    out = []
    started = False
    after_box = False
    for a, b in bl:
        t = text[a:b]
        h = heading_text(t).upper()
        if not started:
            if h == "INTRODUCTION":
                started = True
            continue
        if h.startswith("ACKNOWLEDGMENT") or h.startswith("REFERENCES"):
            break
        if h == "THE BIGGER PICTURE":
            after_box = True
            continue
        if after_box and len(t.strip()) > 1:
            after_box = False
            continue
        if len(t) < 300 or t.startswith("#"):
            continue
        if CAPTION.match(t) or FOOTER.match(t) or "\t" in t:
            continue
        if all(line.startswith("- ") for line in t.split("\n")):
            continue
        if any(a < e and s < b for s, e in exclude):
            continue
        out.append((a, b))
    return sorted(out)


def first_words(text, a, b, n=8):
    return " ".join(text[a:b].split()[:n])


def draw(path, k, exclude=()):
    text = open(path, encoding="utf-8").read()
    el = eligible_blocks(text, exclude)
    chosen = sorted(random.Random(2026).sample(el, k))
    return text, el, chosen


def main():
    with open(DEV_A, encoding="utf-8", newline="") as f:
        dev = [(int(r["char_start"]), int(r["char_end"])) for r in csv.DictReader(f)]
    for name, path, k, prefix, excl in (
        ("xia2019_chem", DOC_A, 12, "h", dev),
        ("sun2022_sciadv", DOC_B, 8, "s", ()),
    ):
        text, el, chosen = draw(path, k, excl)
        print(f"# {name}: {len(el)} eligible blocks, {k} drawn")
        print("paragraph_id,char_start,char_end,first_words")
        for i, (a, b) in enumerate(chosen, 1):
            print(f'{prefix}{i},{a},{b},"{first_words(text, a, b)}"')
        print()


if __name__ == "__main__":
    main()
