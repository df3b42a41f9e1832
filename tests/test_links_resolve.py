"""Reference -> document resolution (pipeline/identity.py, pipeline/links.py) on hand-made
documents: each link method, a title mangled by a converter, identity from front matter."""

from __future__ import annotations

from pathlib import Path

from pipeline.identity import Identity, bib_numbers, find_dois, identify, reference_first_author, squash
from pipeline.ingest import load_document
from pipeline.links import CorpusDoc, resolve
from pipeline.schema import Reference

PAPER = """## Journal of Imaginary Materials

Cite this: J. Imag. Mater., 2019, 7, 1234

DOI: 10.9999/jim.2019.0042

## Fast sodium conduction in a dodecaborate solid electrolyte at room temperature

Alice Quistorp, Bob Jones

The sodium salt conducts well. It is stable.

## Introduction

Sodium batteries need solid electrolytes.¹ The salt is promising.

## References

1. C. Other, J. Other Stuff, 2010, 3, 45. doi:10.9999/other.2010.1
"""


def _ident(doc_id: str, **kw) -> Identity:
    ident = Identity(doc_id=doc_id, **{k: v for k, v in kw.items() if k != "title_text"})
    if "title_text" in kw:
        from pipeline.identity import title_words

        ident.titles = [squash(kw["title_text"])]
        ident.words = [sorted(title_words(kw["title_text"]))]
    return ident


def test_identity_from_front_matter(tmp_path: Path) -> None:
    p = tmp_path / "paper.md"
    p.write_text(PAPER, encoding="utf-8")
    doc, text = load_document(p)
    ident = identify(doc, text, [Reference(n=1, raw="C. Other, J. Other Stuff, 2010, 3, 45. "
                                                 "doi:10.9999/other.2010.1")])
    assert ident.doi == "10.9999/jim.2019.0042"
    assert (ident.year, ident.volume, ident.first_page) == ("2019", "7", "1234")
    assert squash("Fast sodium conduction in a dodecaborate solid electrolyte at room "
                  "temperature") in ident.titles
    assert "quistorp" in ident.front


def test_identity_never_takes_a_cited_doi(tmp_path: Path) -> None:
    p = tmp_path / "paper.md"
    p.write_text(PAPER.replace("DOI: 10.9999/jim.2019.0042\n", "see 10.9999/other.2010.1\n"),
                 encoding="utf-8")
    doc, text = load_document(p)
    ident = identify(doc, text, [Reference(n=1, raw="doi:10.9999/other.2010.1")])
    assert ident.doi == ""


def test_manifest_overrides_text(tmp_path: Path) -> None:
    p = tmp_path / "paper.md"
    p.write_text(PAPER, encoding="utf-8")
    doc, text = load_document(p)
    ident = identify(doc, text, [], {"doi": "10.1/ABC", "year": 2020, "pages": "e55-e60",
                                     "authors": ["Alice Quistorp"]})
    assert (ident.doi, ident.year, ident.first_page, ident.first_author) == \
        ("10.1/abc", "2020", "e55", "quistorp")
    assert ident.source["doi"] == "manifest"


def test_find_dois_with_converter_spaces() -> None:
    raw = "Chem . Commun . 2014 , 50 ( 28 ), 3750-3752 . https : //doi . org/10 . 1039/c3cc49805k ."
    assert find_dois(raw) == ["10.1039/c3cc49805k"]
    assert find_dois("http://dx.doi.org/10.1016/j.jssc. 2014.01.006. More") == \
        ["10.1016/j.jssc.2014.01.006"]
    assert find_dois("DOI: 10.1039/c5ee02941d\n\nwww.rsc.org") == ["10.1039/c5ee02941d"]


def test_bib_numbers_in_common_styles() -> None:
    assert ("2014", "50", "3750") in bib_numbers("Chem. Commun. , 2014, 50 , 3750-3752.")
    assert ("2014", "50", "3750") in bib_numbers("Chem . Commun . 2014 , 50 ( 28 ), 3750-3752 .")
    assert ("2013", "15", "15825") in bib_numbers("Phys. Chem. Chem. Phys. 15 (2013) 15825.")
    assert ("2015", "8", "3637") in bib_numbers("Energy Environ. Sci. 8 , 3637-3645 (2015).")


def test_reference_first_author_from_raw() -> None:
    assert reference_first_author(Reference(n=1, raw="- 36 . Matsuo , M .; Nakamori , Y .")) == "matsuo"
    assert reference_first_author(Reference(n=1, raw="11 M. Matsuo, Y. Nakamori and S.-I. Orimo")) == "matsuo"
    assert reference_first_author(Reference(n=1, raw="[4] T .  Famprikis, P. Canepa")) == "famprikis"


def test_link_by_doi() -> None:
    docs = {
        "a": CorpusDoc(_ident("a"), [Reference(n=3, raw="X. Y, Adv. Thing, 2014, 26, 7622. "
                                                       "https : //doi . org/10 . 1002/adma . 201403157 .")]),
        "b": CorpusDoc(_ident("b", doi="10.1002/adma.201403157"), []),
    }
    [lk] = resolve(docs)
    assert (lk.citing_doc, lk.ref, lk.cited_doc, lk.method, lk.score) == ("a", 3, "b", "doi", 1.0)


def test_link_by_title_mangled_by_converter() -> None:
    # the converter lower-cased nothing but split words, spaced hyphens and dropped a ligature
    raw = ("- 12 . Verdal , N .; Her , J . H . Complex High -Temperature Phase Transitions in "
           "Li 2 B12 H12 and Na 2B12H12 , with speci /uniFB01 c disorder . J . Solid State Chem . "
           "2014 , 212 , 81-91 .")
    title = "Complex high-temperature phase transitions in Li2B12H12 and Na2B12H12, with specific disorder"
    docs = {
        "review": CorpusDoc(_ident("review"), [Reference(n=12, raw=raw)]),
        "verdal": CorpusDoc(_ident("verdal", title_text=title, front=squash("Nina Verdal " + title)), []),
        "other": CorpusDoc(_ident("other", title_text="Complex low-temperature transitions in "
                                                       "lithium compounds of another kind"), []),
    }
    links = resolve(docs)
    assert [(lk.ref, lk.cited_doc, lk.method) for lk in links] == [(12, "verdal", "title")]
    assert links[0].score >= 0.93


def test_title_link_refused_when_the_dois_disagree() -> None:
    title = "Complex high-temperature phase transitions in Li2B12H12 and Na2B12H12"
    raw = f"Verdal, N. {title}. J. Solid State Chem. 2014, 212, 81. doi:10.1234/another.one"
    docs = {
        "a": CorpusDoc(_ident("a"), [Reference(n=1, raw=raw)]),
        "b": CorpusDoc(_ident("b", doi="10.1234/this.one", title_text=title, front="verdal"), []),
    }
    assert resolve(docs) == []


def test_link_bibliographic_from_citation_line() -> None:
    docs = {
        "a": CorpusDoc(_ident("a"), [Reference(n=8, raw="8 T. J. Udovic, M. Matsuo and S. Orimo, "
                                                       "Chem. Commun. , 2014, 50 , 3750-3752.")]),
        "b": CorpusDoc(_ident("b", year="2014", volume="50", first_page="3750",
                              front=squash("Terrence J. Udovic, Motoaki Matsuo")), []),
        # same year and page, another first author: not linked
        "c": CorpusDoc(_ident("c", year="2014", volume="50", first_page="3750",
                              front=squash("Someone Else")), []),
    }
    links = resolve(docs)
    assert [(lk.cited_doc, lk.method) for lk in links] == [("b", "bibliographic")]


def test_link_bibliographic_learned_from_another_citing_entry() -> None:
    title = "Lithium superionic conduction in lithium borohydride accompanied by structural transition"
    docs = {
        # the review gives title, journal, volume and page ...
        "review": CorpusDoc(_ident("review"), [Reference(n=36, raw=(
            f"36 . Matsuo , M .; Nakamori , Y . {title} . Appl . Phys . Lett . 2007 , 91 , 224103 ."))]),
        # ... a research article only journal, volume and page; the paper itself prints no page
        "article": CorpusDoc(_ident("article"), [Reference(n=1, raw=(
            "1 M. Matsuo, Y. Nakamori, S. Orimo, Appl. Phys. Lett. , 2007, 91 , 224103."))]),
        "libh4": CorpusDoc(_ident("libh4", title_text=title, front=squash("Motoaki Matsuo " + title)), []),
    }
    links = {(lk.citing_doc, lk.ref, lk.cited_doc, lk.method) for lk in resolve(docs)}
    assert links == {("review", 36, "libh4", "title"), ("article", 1, "libh4", "bibliographic")}


def test_two_digit_page_needs_the_volume() -> None:
    docs = {
        "a": CorpusDoc(_ident("a"), [Reference(n=2, raw="N. Verdal, J. Solid State Chem., 2014, 211, 81.")]),
        "b": CorpusDoc(_ident("b", year="2014", volume="212", first_page="81", front="verdal"), []),
    }
    assert resolve(docs) == []


def test_manifest_method() -> None:
    b = _ident("b", doi="10.5/x.1")
    b.source["doi"] = "manifest"
    docs = {"a": CorpusDoc(_ident("a"), [Reference(n=1, doi="10.5/X.1", raw="")]), "b": CorpusDoc(b, [])}
    [lk] = resolve(docs)
    assert (lk.method, lk.identity) == ("manifest", "manifest")


def test_no_self_links() -> None:
    docs = {"a": CorpusDoc(_ident("a", doi="10.5/x.1"), [Reference(n=1, doi="10.5/x.1")])}
    assert resolve(docs) == []


def test_link_scorer_hand_computed() -> None:
    from pipeline.links import score_links

    gold = [("r", 1, "a"), ("r", 2, "b"), ("a", 5, "b"), ("a", 6, "gone")]
    pred = [("r", 1, "a"), ("r", 2, "a"), ("a", 5, "b"),
            ("r", 9, "outsider"),        # cited document outside the gold cluster: not scored
            ("x", 1, "a")]               # citing document not in the gold: not scored
    s = score_links(pred, gold, present={"r", "a", "b", "x", "outsider"})
    # scored: (r,1,a) tp, (r,2,a) fp, (a,5,b) tp; gold present: 3 (a->gone is absent)
    assert (s["tp"], s["predicted"], s["gold"]) == (2, 3, 3)
    assert s["precision"] == round(2 / 3, 4) and s["recall"] == round(2 / 3, 4)
    assert s["missed"] == [("r", 2, "b")]


def test_own_doi_from_a_supplementary_data_note(tmp_path: Path) -> None:
    body = ("## A paper about electrolytes with a long title of many words\n\nSome text here. "
            + "More words in the body of the paper. " * 400 +
            "\n\nSupplementary data associated with this article can be found in the online "
            "version at http://dx.doi.org/10.1016/j.jssc. 2014.01.006.\n\n"
            "Designing electrolytes is hard. https://doi.org/10.1002/aenm.202301199\n")
    p = tmp_path / "p.md"
    p.write_text(body, encoding="utf-8")
    doc, text = load_document(p)
    assert identify(doc, text).doi == "10.1016/j.jssc.2014.01.006"
    p.write_text(body.replace("Supplementary data associated with this article", "Data"),
                 encoding="utf-8")
    doc, text = load_document(p)
    assert identify(doc, text).doi == ""   # "Designing" holds "esi", but not as a word


def test_doi_in_a_markdown_autolink() -> None:
    assert find_dois("<https://doi.org/10.1016/j.chempr.2018.11.013>") == ["10.1016/j.chempr.2018.11.013"]
    assert find_dois("doi:10.1002/1521-3773(20020617)41:12<2126::AID-ANIE2126>3.0.CO;2-6") == \
        ["10.1002/1521-3773(20020617)41:12<2126::aid-anie2126>3.0.co;2-6"]


def test_title_link_needs_agreeing_years() -> None:
    title = "Superionic conduction in closo-borate solid electrolytes for sodium batteries"
    raw = f"Smith, A. {title}. J. Imag. Mater. 2014, 3, 100."
    docs = {
        "a": CorpusDoc(_ident("a"), [Reference(n=1, raw=raw)]),
        "b": CorpusDoc(_ident("b", year="2021", title_text=title, front="smith"), []),
    }
    assert resolve(docs) == []
    docs["b"].ident.year = "2015"   # online 2014, issue 2015: within one year
    assert [lk.method for lk in resolve(docs)] == ["title"]
