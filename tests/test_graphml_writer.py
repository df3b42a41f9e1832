"""``graph.to_graphml`` writes the same characters as networkx's GraphML writer."""

from __future__ import annotations

import random

import networkx as nx

from pipeline.graph import to_graphml


def _networkx(g: nx.MultiDiGraph) -> str:
    return "\n".join(nx.generate_graphml(g, prettyprint=True)) + "\n"


def test_same_text_as_networkx_on_awkward_values() -> None:
    g = nx.MultiDiGraph(doc_id="d<1>")
    g.add_node("a&b", kind="claim", value=1.5e-3, value_high="", n=3, missing=True,
               text='Li₇La₃Zr₂O₁₂ "LLZO" <b> \r\n\tline\x0bbreak\u2028end')
    g.add_node("plain")
    g.add_edge("a&b", "plain", key="cites:c1", kind="cites", position=2)
    g.add_edge("a&b", "plain", key="cites:c2", kind=1.0)
    assert to_graphml(g) == _networkx(g)


def test_same_text_as_networkx_on_random_graphs() -> None:
    rnd = random.Random(7)
    chars = list("ab <>&\"'\r\n\t\x0b\x85\u2028é😀")

    def text() -> str:
        return "".join(rnd.choice(chars) for _ in range(rnd.randint(0, 5)))

    def value() -> object:
        return rnd.choice([text(), rnd.randint(-3, 3), rnd.random(), True, "", float("nan")])

    for _ in range(200):
        g = nx.MultiDiGraph(**({"doc_id": text()} if rnd.random() < 0.5 else {}))
        nodes = [text() or "n" for _ in range(rnd.randint(0, 4))]
        for n in nodes:
            g.add_node(n, **{rnd.choice(["kind", "v", text()]): value() for _ in range(rnd.randint(0, 3))})
        for _ in range(rnd.randint(0, 5) if nodes else 0):
            g.add_edge(rnd.choice(nodes), rnd.choice(nodes), key=rnd.choice([text(), 0]),
                       **{rnd.choice(["kind", text()]): value() for _ in range(rnd.randint(0, 2))})
        assert to_graphml(g) == _networkx(g)
