"""The event flow as a picture: a small layered layout drawn as SVG, and mermaid text.

Nodes are who sends or consumes events (Inngest functions, other code, and the pseudo
nodes "outside the linted code", "Inngest", "no consumer"); each edge is one event from
a sender to a consumer. The layout is a plain Sugiyama-style one, deterministic by
construction (every tie broken by node id): cycles are broken by reversing the edges a
depth-first search finds going back, layers are longest paths from the sources, each
layer is ordered by the mean position of its neighbours for a few sweeps, and edges are
drawn as curves from left to right. No external program is needed.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from event_lint.catalog.records import Edge, Node

_CHAR = 7.2  # px per character of the 12px label font (a monospace estimate)
_NODE_H = 34
_GAP_Y = 26
_MIN_GAP = 70.0
_LABEL_CHAR = 6.7  # px per character of the 11px edge labels
_LOOP_ROOM = 30  # room above the first row for a self-loop and its label
_PAD = 16
_SWEEPS = 4
_ARROW = (
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" '
    'markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" '
    'orient="auto-start-reverse"><path d="M0,0L10,5L0,10z"/></marker></defs>'
)
_SHORT_KIND = {"cancel_on": "cancel", "wait_for_event": "wait"}  # shown after the event


@dataclass(frozen=True)
class _Box:
    x: float
    y: float
    w: float


def subgraph(
    nodes: Sequence[Node], edges: Sequence[Edge], event: str
) -> tuple[list[Node], list[Edge]]:
    """An event page's picture: the edges that carry ``event``, one hop of context on each
    side (what its senders are triggered by, what its consumers send), and their nodes."""
    carried = [e for e in edges if e.event == event]
    senders = {e.source for e in carried}
    consumers = {e.target for e in carried}
    kept = [e for e in edges if e.event == event or e.target in senders or e.source in consumers]
    ids = {e.source for e in kept} | {e.target for e in kept}
    return [n for n in nodes if n.id in ids], kept


def svg(
    nodes: Sequence[Node], edges: Sequence[Edge], link: dict[str, str], focus: str | None = None
) -> str:
    """An inline ``<svg>`` of the graph; ``link`` maps an event name to its page's URL, and
    the edges that carry the ``focus`` event stand out."""
    if not nodes:
        return '<p class="empty">No producer or consumer of this event in the linted code.</p>'
    layout = _layout(nodes, _merged(edges))
    width = max(b.x + b.w for b in layout.boxes.values()) + _PAD
    height = max(b.y + _NODE_H for b in layout.boxes.values()) + _PAD
    parts = [
        f'<svg class="flow" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="event flow" '
        f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}">',
        _ARROW,
    ]
    parts += [_edge(layout, route, link, focus) for route in layout.routes]
    parts += [_node(node, layout.boxes[node.id]) for node in sorted(nodes)]
    parts.append("</svg>")
    return "\n".join(parts)


def mermaid(nodes: Sequence[Node], edges: Sequence[Edge]) -> str:
    """``flowchart LR`` text for a README: the same nodes and edges."""
    ids = {node.id: f"n{index}" for index, node in enumerate(sorted(nodes))}
    lines = ["flowchart LR"]
    for node in sorted(nodes):
        shape = ('(["', '"])') if node.kind in ("external", "sink") else ('["', '"]')
        lines.append(f"    {ids[node.id]}{shape[0]}{_mermaid_text(node.label)}{shape[1]}")
    for source, target, events in _merged(edges):
        label = _mermaid_text(", ".join(events))
        lines.append(f'    {ids[source]} -- "{label}" --> {ids[target]}')
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    # Mermaid reads entity codes inside quoted labels; anything else may end the label.
    return "".join(ch if ch.isalnum() or ch in " ./_-:*()@," else f"#{ord(ch)};" for ch in text)


def _merged(edges: Sequence[Edge]) -> list[tuple[str, str, list[str]]]:
    """One drawn edge per (source, target), labelled with every event it carries."""
    by_pair: dict[tuple[str, str], list[str]] = {}
    for edge in sorted(edges):
        short = _SHORT_KIND.get(edge.kind)
        label = f"{edge.event} ({short})" if short else edge.event
        events = by_pair.setdefault((edge.source, edge.target), [])
        if label not in events:
            events.append(label)
    return [(s, t, events) for (s, t), events in sorted(by_pair.items())]


# -- layout ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Route:
    """One drawn edge: through ``hops`` (node ids, dummies between layers included) from
    the layer on the left to the one on the right; ``backwards`` when the event flows
    right to left (an edge reversed to break a cycle)."""

    hops: tuple[str, ...]
    backwards: bool
    labels: tuple[str, ...]


@dataclass
class _Layout:
    boxes: dict[str, _Box]
    routes: list[_Route]


def _layout(nodes: Sequence[Node], merged: list[tuple[str, str, list[str]]]) -> _Layout:
    ids = sorted(node.id for node in nodes)
    back = _back_edges(ids, sorted({(s, t) for s, t, _ in merged if s != t}))
    oriented = [
        ((t, s, True) if (s, t) in back else (s, t, False), labels) for s, t, labels in merged
    ]
    layer = _layers(ids, sorted({(s, t) for (s, t, _), _ in oriented if s != t}))
    routes: list[_Route] = []
    for index, ((source, target, backwards), labels) in enumerate(oriented):
        hops = [source]
        for step in range(layer[source] + 1, layer[target]):
            dummy = f"~{index}.{step}"  # '~' sorts after every real id: never taken for one
            layer[dummy] = step
            hops.append(dummy)
        hops.append(target)
        routes.append(_Route(tuple(hops), backwards, tuple(labels)))
    order = _order(sorted(layer), _segments(routes), layer)
    return _Layout(_boxes(nodes, routes, order), routes)


def _segments(routes: list[_Route]) -> list[tuple[str, str]]:
    return sorted({(a, b) for r in routes for a, b in itertools.pairwise(r.hops) if a != b})


def _boxes(nodes: Sequence[Node], routes: list[_Route], order: list[list[str]]) -> dict[str, _Box]:
    widths = {n.id: max(90.0, len(n.label) * _CHAR + 24) for n in nodes}
    column_of = {node_id: c for c, column in enumerate(order) for node_id in column}
    gaps = [_MIN_GAP] * len(order)
    for route in routes:
        if len(route.hops) > 1 and route.hops[0] != route.hops[1]:
            widest = max(len(label) for label in route.labels) * _LABEL_CHAR + 40
            column = column_of[route.hops[0]]
            gaps[column] = max(gaps[column], widest)
    loops = any(r.hops[0] == r.hops[-1] for r in routes)
    top = _PAD + (_LOOP_ROOM if loops else 0)
    boxes: dict[str, _Box] = {}
    x = float(_PAD)
    for column, members in enumerate(order):
        width = max((widths.get(m, 0.0) for m in members), default=0.0) or 20.0
        for row, node_id in enumerate(members):
            boxes[node_id] = _Box(x, top + row * (_NODE_H + _GAP_Y), widths.get(node_id, width))
        x += width + gaps[column]
    return boxes


def _back_edges(ids: list[str], pairs: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """The edges a depth-first search (iterative, in id order) finds closing a cycle."""
    out: dict[str, list[str]] = {i: [] for i in ids}
    for source, target in pairs:
        out[source].append(target)
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    back: set[tuple[str, str]] = set()
    for start in ids:
        if start in state:
            continue
        stack = [(start, iter(out[start]))]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                back.add((node, child))
            elif child not in state:
                state[child] = 1
                stack.append((child, iter(out[child])))
    return back


def _layers(ids: list[str], pairs: list[tuple[str, str]]) -> dict[str, int]:
    """Longest path from a source, in topological order (Kahn's algorithm)."""
    incoming = dict.fromkeys(ids, 0)
    out: dict[str, list[str]] = {i: [] for i in ids}
    for source, target in pairs:
        out[source].append(target)
        incoming[target] += 1
    layer = dict.fromkeys(ids, 0)
    ready = sorted(i for i in ids if incoming[i] == 0)
    while ready:
        node = ready.pop(0)
        for target in out[node]:
            layer[target] = max(layer[target], layer[node] + 1)
            incoming[target] -= 1
            if incoming[target] == 0:
                ready.append(target)
        ready.sort()
    return layer


def _order(ids: list[str], pairs: list[tuple[str, str]], layer: dict[str, int]) -> list[list[str]]:
    """Nodes of each layer, top to bottom: barycenter sweeps down and up, ties by id."""
    columns = max(layer.values()) + 1
    order = [[i for i in ids if layer[i] == c] for c in range(columns)]
    before: dict[str, list[str]] = {i: [] for i in ids}
    after: dict[str, list[str]] = {i: [] for i in ids}
    for source, target in pairs:
        after[source].append(target)
        before[target].append(source)
    for sweep in range(_SWEEPS):
        down = sweep % 2 == 0
        neighbours = before if down else after
        sequence = range(1, columns) if down else range(columns - 2, -1, -1)
        for column in sequence:
            position = {n: i for c in order for i, n in enumerate(c)}

            order[column] = sorted(order[column], key=_barycenter(position, neighbours))
    return order


def _barycenter(
    position: dict[str, int], neighbours: dict[str, list[str]]
) -> Callable[[str], tuple[float, int, str]]:
    """Sort key: the mean position of a node's neighbours in the layer swept from."""

    def key(node: str) -> tuple[float, int, str]:
        near = [position[n] for n in neighbours[node]]
        mean = sum(near) / len(near) if near else float(position[node])
        return (mean, position[node], node)

    return key


# -- drawing ----------------------------------------------------------------------------


def _node(node: Node, box: _Box) -> str:
    title = (
        node.label if node.place is None else f"{node.label} ({node.place.path}:{node.place.line})"
    )
    text_x = box.x + box.w / 2
    return (
        f'<g class="node {node.kind}"><title>{escape(title)}</title>'
        f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" height="{_NODE_H}" rx="6"/>'
        f'<text x="{text_x:.1f}" y="{box.y + _NODE_H / 2 + 4:.1f}">{escape(node.label)}</text></g>'
    )


def _edge(layout: _Layout, route: _Route, link: dict[str, str], focus: str | None) -> str:
    boxes = layout.boxes
    first = boxes[route.hops[0]]
    if route.hops[0] == route.hops[-1]:  # a function that triggers itself: a loop on top
        left, right, y = first.x + first.w * 0.35, first.x + first.w * 0.65, first.y
        top = y - 30
        path = (
            f"M{right:.1f},{y:.1f} C{right:.1f},{top:.1f} {left:.1f},{top:.1f} {left:.1f},{y:.1f}"
        )
        label_at = (right + 8, y - 6)  # beside the loop, clear of the row above
        anchor = ' text-anchor="start"'
        marker = ' marker-end="url(#arrow)"'
    else:
        points = _points(boxes, route.hops)
        path = f"M{points[0][0]:.1f},{points[0][1]:.1f}"
        for (x1, y1), (x2, y2) in itertools.pairwise(points):
            bend = (x2 - x1) / 2
            path += f" C{x1 + bend:.1f},{y1:.1f} {x2 - bend:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
        (x1, y1), (x2, y2) = points[0], points[1]
        label_at = ((x1 + x2) / 2, (y1 + y2) / 2 - 5)
        anchor = ""
        marker = ' marker-start="url(#arrow)"' if route.backwards else ' marker-end="url(#arrow)"'
    labels = []
    for offset, event in enumerate(route.labels):
        y = label_at[1] + (offset - len(route.labels) + 1) * 13
        text = (
            f'<text class="edge-label" x="{label_at[0]:.1f}" y="{y:.1f}"{anchor}>'
            f"{escape(event)}</text>"
        )
        href = link.get(event.split(" (", 1)[0])
        labels.append(f'<a href="{escape(href)}">{text}</a>' if href else text)
    names = {label.split(" (", 1)[0] for label in route.labels}
    css = "edge focus" if focus in names else "edge"
    return f'<g class="{css}"><path d="{path}"{marker}/>{"".join(labels)}</g>'


def _points(boxes: dict[str, _Box], hops: tuple[str, ...]) -> list[tuple[float, float]]:
    """Where the curve passes: out of the first box's right side, straight through each
    dummy's column, into the last box's left side."""
    first, last = boxes[hops[0]], boxes[hops[-1]]
    points = [(first.x + first.w, first.y + _NODE_H / 2)]
    for dummy in hops[1:-1]:
        box = boxes[dummy]
        points += [(box.x, box.y + _NODE_H / 2), (box.x + box.w, box.y + _NODE_H / 2)]
    points.append((last.x, last.y + _NODE_H / 2))
    return points
