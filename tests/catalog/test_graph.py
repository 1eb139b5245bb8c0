"""The flow graph's layout, SVG and mermaid text: deterministic, escaped, any shape."""

from __future__ import annotations

import itertools
import re

from event_lint.catalog.graph import mermaid, subgraph, svg
from event_lint.catalog.records import Edge, Node, slug

NODES = [
    Node("a", "api", "function"),
    Node("b", "bill", "function"),
    Node("c", "mail", "function"),
    Node("x", "out", "external"),
]


def boxes(picture: str) -> dict[str, tuple[float, float]]:
    """Node label -> (x, y) of its box."""
    found = re.findall(r'<rect x="([\d.]+)" y="([\d.]+)".*?<text [^>]*>([^<]*)</text>', picture)
    return {label: (float(x), float(y)) for x, y, label in found}


def test_layers_go_left_to_right_and_a_long_edge_goes_around() -> None:
    edges = [
        Edge("a", "b", "e/one", "trigger"),
        Edge("b", "c", "e/two", "trigger"),
        Edge("a", "c", "e/three", "trigger"),
    ]
    picture = svg(NODES[:3], edges, {})
    placed = boxes(picture)
    assert placed["api"][0] < placed["bill"][0] < placed["mail"][0]
    paths = dict(re.findall(r'<path d="([^"]*)"[^>]*/><text[^>]*>([^<]*)<', picture))
    curves = {label: path.count("C") for path, label in paths.items()}
    # a -> c skips bill's layer: it passes through a slot of its own there (a dummy
    # node), so it is three curves, not one straight through bill's box.
    assert curves == {"e/one": 1, "e/two": 1, "e/three": 3}


def test_the_same_graph_in_any_order_gives_the_same_picture() -> None:
    edges = [
        Edge("a", "b", "e/one", "trigger"),
        Edge("b", "a", "e/back", "wait_for_event"),  # a cycle
        Edge("c", "c", "e/self", "trigger"),  # a function that triggers itself
        Edge("x", "c", "e/in", "cancel_on"),
        Edge("b", "c", "e/two", "trigger"),
    ]
    pictures = {
        svg(nodes, list(order), {"e/one": "one.html"})
        for order in itertools.permutations(edges)
        for nodes in (NODES, NODES[::-1])
    }
    assert len(pictures) == 1
    picture = pictures.pop()
    assert 'marker-start="url(#arrow)"' in picture  # the reversed edge of the cycle
    assert '<a href="one.html"><text class="edge-label"' in picture
    assert ">e/in (cancel)</text>" in picture and ">e/back (wait)</text>" in picture


def test_labels_and_titles_are_escaped() -> None:
    nodes = [Node("a", "<script>x</script>", "function"), Node("b", 'say "hi" & go', "function")]
    picture = svg(nodes, [Edge("a", "b", "<b>e</b>", "trigger")], {"<b>e</b>": 'p".html'})
    assert "<script>" not in picture and "<b>" not in picture
    assert "&lt;script&gt;x&lt;/script&gt;" in picture
    assert 'href="p&quot;.html"' in picture


def test_no_nodes_is_a_sentence() -> None:
    assert svg([], [], {}) == (
        '<p class="empty">No producer or consumer of this event in the linted code.</p>'
    )


def test_mermaid_text() -> None:
    nodes = [
        Node("a", 'api "v2"', "function"),
        Node("b", "bill", "function"),
        Node("x", "outside", "external"),
    ]
    edges = [
        Edge("a", "b", "e/one", "trigger"),
        Edge("a", "b", "e/two", "trigger"),
        Edge("x", "b", "e/<in>", "wait_for_event"),
    ]
    assert mermaid(nodes, edges) == (
        "flowchart LR\n"
        '    n0["api #34;v2#34;"]\n'
        '    n1["bill"]\n'
        '    n2(["outside"])\n'
        '    n0 -- "e/one, e/two" --> n1\n'
        '    n2 -- "e/#60;in#62; (wait)" --> n1\n'
    )


def test_an_event_page_shows_its_edges_and_one_hop_around() -> None:
    edges = [
        Edge("x", "a", "e/zero", "trigger"),  # what triggers the sender: kept
        Edge("a", "b", "e/one", "trigger"),  # the event
        Edge("b", "c", "e/two", "trigger"),  # what the consumer sends: kept
        Edge("c", "x", "e/three", "trigger"),  # two hops away: not kept
    ]
    nodes, kept = subgraph(NODES, edges, "e/one")
    assert [n.id for n in nodes] == ["a", "b", "c", "x"]
    assert kept == edges[:3]
    picture = svg(nodes, kept, {}, "e/one")
    assert picture.count('<g class="edge focus">') == 1
    assert picture.count('<g class="edge">') == 2


def test_page_names_are_distinct_on_any_file_system() -> None:
    names = [
        "billing/invoice.paid",
        "Billing/invoice.paid",
        "billing/invoice_paid",
        "billing_invoice.paid",
    ]
    slugs = [slug(name) for name in names]
    assert slugs == [
        "billing_invoice.paid",
        "_x42_illing_invoice.paid",
        "billing_invoice_x5f_paid",
        "billing_x5f_invoice.paid",
    ]
    assert len({s.lower() for s in slugs}) == len(names)
    long = slug("a/" + "b" * 300)
    assert len(long) == 137 and long != slug("a/" + "b" * 301)
