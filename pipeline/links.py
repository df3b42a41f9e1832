"""Reference -> document resolution over a corpus: which entry of one document's reference list
is another document of the same corpus.

Methods, tried in this order for every (reference, document) pair:

``doi``
    the reference's DOI (parsed, or found in its raw text with converter spaces removed) is the
    document's own DOI (:mod:`pipeline.identity`).
``title``
    the document's title, squashed (case, accents, spaces, hyphens, ligatures gone), matches the
    reference's parsed title (rapidfuzz ratio) or is found inside its raw text (partial ratio).
    Never when the reference gives a DOI that is not the document's.
``bibliographic``
    same year and first page (and volume when both give one) as the document's own citation line,
    or as a reference that an earlier DOI/title link already resolved to that document (citing
    papers tell us the volume and pages a converted paper no longer prints), and the reference's
    first author is the document's (or appears in its front matter).
``manifest``
    a ``bibliographic``/``doi``/``title`` link whose deciding field came from the corpus manifest.

Each link carries a score (``models/verify.yaml``) and the key that decided it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, fields
from pathlib import Path

from rapidfuzz import fuzz

from pipeline.identity import (Identity, bib_numbers, config, find_dois, first_page,
                               reference_first_author, squash, title_words)
from pipeline.io import atomic_write_text
from pipeline.schema import Reference

LINK_COLUMNS = ("citing_doc", "ref", "cited_doc", "method", "score", "key", "identity")


@dataclass
class Link:
    citing_doc: str
    ref: int
    cited_doc: str
    method: str
    score: float
    key: str = ""
    identity: str = "text"   # where the cited document's deciding field came from


@dataclass
class CorpusDoc:
    ident: Identity
    refs: list[Reference]


_RANK = {"doi": 3, "title": 2, "bibliographic": 1}


def _ref_triples(r: Reference) -> list[tuple[str, str, str]]:
    out = []
    page = first_page(r.pages)
    if r.year and page:
        out.append((r.year[:4], r.volume.lstrip("0"), page))
    for t in bib_numbers(r.raw):
        if t not in out:
            out.append(t)
    return out


def _years_agree(year: str, r: Reference, triples: list[tuple[str, str, str]]) -> bool:
    """A document's year and a reference's years agree within one (online vs issue year);
    unknown years agree with anything."""
    years = {t[0] for t in triples} | ({r.year[:4]} if r.year[:4].isdigit() else set())
    if not year.isdigit() or not years:
        return True
    return any(abs(int(year) - int(y)) <= 1 for y in years)


def _title_score(ident: Identity, r: Reference, raw_sq: str, surname: str,
                 which: set[int]) -> tuple[float, str]:
    cfg = config()["links"]
    rt = squash(r.title) if r.title else ""
    best, key = 0.0, ""
    for i, ts in enumerate(ident.titles):
        if i not in which:
            continue
        score = 0.0
        if len(rt) >= 20:
            s = fuzz.ratio(ts, rt)
            if s >= cfg["title_ratio"]:
                score = s
        if not score and len(ts) <= len(raw_sq):
            s = fuzz.partial_ratio(ts, raw_sq)
            author_ok = bool(surname) and (surname == ident.first_author
                                           or _named_in_front(surname, ident.front))
            if s >= cfg["title_partial"] and (author_ok or len(ts) >= 50):
                score = s
        if score > best:
            best, key = score, ts
    return best / 100.0, key


def resolve(docs: dict[str, CorpusDoc]) -> list[Link]:
    """Every link from a reference of one document to another document of ``docs``."""
    cfg = config()["links"]
    scores = cfg["scores"]
    by_doi: dict[str, list[str]] = {}
    by_word: dict[str, set[tuple[str, int]]] = {}
    for d, cd in docs.items():
        if cd.ident.doi:
            by_doi.setdefault(cd.ident.doi, []).append(d)
        for i, words in enumerate(cd.ident.words):
            for w in words:
                by_word.setdefault(w, set()).add((d, i))
    found: dict[tuple[str, int, str], Link] = {}
    learned_triples: dict[str, set[tuple[str, str, str]]] = {d: set() for d in docs}
    learned_authors: dict[str, set[str]] = {d: set() for d in docs}
    ref_info: dict[tuple[str, int], tuple[str, list[tuple[str, str, str]], set[str]]] = {}

    def add(link: Link) -> None:
        k = (link.citing_doc, link.ref, link.cited_doc)
        old = found.get(k)
        if old is None or (_RANK[link.method if link.method != "manifest" else "doi"], link.score) > \
                (_RANK[old.method if old.method != "manifest" else "doi"], old.score):
            found[k] = link

    # pass 1: DOI and title
    for citing, cd in docs.items():
        for r in cd.refs:
            raw_sq = squash(r.raw)
            dois = {r.doi.lower()} if r.doi else set()
            dois.update(find_dois(r.raw))
            surname = reference_first_author(r)
            triples = _ref_triples(r)
            ref_info[(citing, r.n)] = (surname, triples, dois)
            hits: list[tuple[str, Link]] = []
            for doi in dois:
                for target in by_doi.get(doi, []):
                    if target != citing:
                        src = docs[target].ident.source.get("doi", "text")
                        hits.append((target, Link(citing, r.n, target,
                                                  "manifest" if src == "manifest" else "doi",
                                                  scores["doi"], doi, src)))
            counts: dict[tuple[str, int], int] = {}
            for w in title_words(f"{r.title} {r.raw}"):
                for cand in by_word.get(w, ()):
                    counts[cand] = counts.get(cand, 0) + 1
            # a title is a candidate when the entry shares at least half of its words
            which: dict[str, set[int]] = {}
            for (target, i), n in counts.items():
                words = docs[target].ident.words[i]
                need = max(cfg["shared_words"], cfg["shared_fraction"] * len(words))
                if n >= need and target != citing:
                    which.setdefault(target, set()).add(i)
            for target, idx in which.items():
                ident = docs[target].ident
                if dois and ident.doi and ident.doi not in dois:
                    continue  # the entry's DOI says it is another paper
                if not _years_agree(ident.year, r, triples):
                    continue  # "… Part I" (2019) is not "… Part II" (2021)
                score, key = _title_score(ident, r, raw_sq, surname, idx)
                if score:
                    src = ident.source.get("title", "text")
                    hits.append((target, Link(citing, r.n, target,
                                              "manifest" if src == "manifest" else "title",
                                              round(score, 3), key, src)))
            for target, link in hits:
                add(link)
                if len(triples) == 1:
                    learned_triples[target].add(triples[0])
                if surname:
                    learned_authors[target].add(surname)

    # pass 2: bibliographic (year + first page [+ volume] + first author)
    by_page: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for d, cd in docs.items():
        ident = cd.ident
        own = []
        if ident.year and ident.first_page:
            own.append(((ident.year, ident.volume, ident.first_page),
                        ident.source.get("first_page", "text")))
        own += [(t, "learned") for t in sorted(learned_triples[d])]
        for (y, v, p), src in own:
            by_page.setdefault((y, p), []).append((d, v, src))
    for (citing, n), (surname, triples, dois) in ref_info.items():
        for y, v, p in triples:
            for target, tv, src in by_page.get((y, p), []):
                if target == citing:
                    continue
                ident = docs[target].ident
                if dois and ident.doi and ident.doi not in dois:
                    continue
                vol_ok = bool(v and tv and v == tv)
                if v and tv and not vol_ok:
                    continue
                if len(p) <= 2 and not vol_ok:
                    continue  # a one- or two-digit first page alone is too common
                authors = set(learned_authors[target])
                if ident.first_author:
                    authors.add(ident.first_author)
                author_ok = bool(surname) and (surname in authors
                                               or _named_in_front(surname, ident.front))
                if not author_ok:
                    continue
                score = scores["bibliographic"] + (0.05 if vol_ok else 0.0) + 0.03
                add(Link(citing, n, target, "manifest" if src == "manifest" else "bibliographic",
                         round(min(score, 0.99), 3), f"{y};{v};{p}",
                         "learned" if src == "learned" else src))
    return sorted(found.values(), key=lambda lk: (lk.citing_doc, lk.ref, lk.cited_doc))


def links_to_csv(links: list[Link]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(LINK_COLUMNS)
    for lk in links:
        w.writerow([lk.citing_doc, lk.ref, lk.cited_doc, lk.method, f"{lk.score:g}", lk.key,
                    lk.identity])
    return buf.getvalue()


def write_links(path: Path, links: list[Link]) -> None:
    atomic_write_text(path, links_to_csv(links))


def read_links(path: Path) -> list[Link]:
    with Path(path).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    names = {f.name for f in fields(Link)}
    out = []
    for row in rows:
        kw = {k: v for k, v in row.items() if k in names}
        kw["ref"] = int(kw["ref"])
        kw["score"] = float(kw["score"] or 0)
        out.append(Link(**kw))
    return out


# ----------------------------------------------------------------------------------------------
# scoring against a hand-made link gold (corpus/gold/corpus-dev-links/links.csv)


def score_links(pred: list[tuple[str, int, str]], gold: list[tuple[str, int, str]],
                present: set[str] | None = None) -> dict[str, object]:
    """Precision and recall of predicted (citing_doc, ref, cited_doc) links.

    Only predictions whose citing document is a gold citing document and whose cited document is
    a gold document are scored (the gold covers one cluster); with ``present`` (the documents of
    the run), gold links to or from absent documents are not counted as missed."""
    gold_set = set(gold)
    citing = {g[0] for g in gold_set}
    members = citing | {g[2] for g in gold_set}
    if present is not None:
        gold_set = {g for g in gold_set if g[0] in present and g[2] in present}
    scored = {p for p in pred if p[0] in citing and p[2] in members}
    tp = scored & gold_set
    precision = len(tp) / len(scored) if scored else 1.0
    recall = len(tp) / len(gold_set) if gold_set else 1.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "tp": len(tp),
            "predicted": len(scored), "gold": len(gold_set),
            "false_positives": sorted(scored - gold_set), "missed": sorted(gold_set - tp)}


def main(argv: list[str] | None = None) -> None:
    """``python -m pipeline.links --gold GOLD.csv --pred OUT``: link precision / recall."""
    import argparse
    import json
    import sys

    from pipeline.errors import DataError
    from pipeline.stage import run_stage

    ap = argparse.ArgumentParser(prog="python -m pipeline.links", description=main.__doc__)
    ap.add_argument("--gold", type=Path, required=True, help="gold links.csv")
    ap.add_argument("--pred", type=Path, required=True, help="folder run output (OUT)")
    ap.add_argument("--out", type=Path, help="write the scores here (JSON) instead of stdout")
    a = ap.parse_args(argv)

    def go() -> None:
        pred_csv = a.pred / "corpus" / "links.csv"
        for p in (a.gold, pred_csv):
            if not p.exists():
                raise DataError(f"{p}: no such file")
        with a.gold.open(encoding="utf-8", newline="") as fh:
            gold = [(r["citing_doc"], int(r["ref"]), r["cited_doc"]) for r in csv.DictReader(fh)]
        pred = [(lk.citing_doc, lk.ref, lk.cited_doc) for lk in read_links(pred_csv)]
        present = {p.name for p in a.pred.iterdir() if (p / "document.json").exists()}
        text = json.dumps(score_links(pred, gold, present), indent=1) + "\n"
        if a.out:
            atomic_write_text(a.out, text)
        else:
            sys.stdout.write(text)

    run_stage(go)


if __name__ == "__main__":
    main()


def _named_in_front(surname: str, front: str) -> bool:
    """A surname found in the squashed front matter; short ones ("li", "xu") are substrings of
    common words there ("lithium"), so they count only as the first author."""
    return len(surname) >= 4 and surname in front
