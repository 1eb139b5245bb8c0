"""The catalog's pages as HTML text. Every string that comes from the repository (names,
descriptions, schemas, code paths, CEL, messages) goes through :func:`html.escape`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from urllib.parse import quote

from event_lint.catalog import graph
from event_lint.catalog.assets import CSS, JS
from event_lint.catalog.compat import CompatStep
from event_lint.catalog.fields import FieldRow
from event_lint.catalog.records import (
    Catalog,
    Consumer,
    Event,
    Place,
    Producer,
    Version,
)

CSS_FILE = "assets/catalog.css"
JS_FILE = "assets/catalog.js"
_NOT_SET = "not set"
_READS_NOTE = (
    "Reads are the <code>event.</code>/<code>async.</code> paths the consumers' CEL "
    "expressions use, and the <code>ctx.event.data[...]</code> keys a triggered "
    "function's body reads with literal keys (a read through a variable key, or in a "
    "helper the handler calls, is not seen)."
)


def site(catalog: Catalog, source_url: str | None) -> dict[str, str]:
    """Every file of the site: relative path -> text."""
    files = {"index.html": _IndexPage(catalog, source_url).page(), CSS_FILE: CSS, JS_FILE: JS}
    event_page = _EventPage(catalog, source_url)
    for event in catalog.events:
        files[f"events/{event.slug}.html"] = event_page.page(event)
    return files


class _Pages:
    """What every page shares: the frame, the code links, the event links."""

    def __init__(self, catalog: Catalog, source_url: str | None) -> None:
        self.catalog = catalog
        self.source_url = source_url

    def frame(self, title: str, body: str, depth: int) -> str:
        up = "../" * depth
        return (
            "<!doctype html>\n"
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n"
            f'<link rel="stylesheet" href="{up}{CSS_FILE}">\n'
            "</head>\n<body>\n"
            f"{body}\n"
            f'<script src="{up}{JS_FILE}"></script>\n'
            "</body>\n</html>\n"
        )

    def where(self, place: Place) -> str:
        text = f"{place.path}:{place.line}"
        if self.source_url is None:
            return f'<code class="src">{escape(text)}</code>'
        url = self.source_url.replace("{path}", quote(place.path)).replace(
            "{line}", str(place.line)
        )
        return f'<a class="src" href="{escape(url)}"><code>{escape(text)}</code></a>'

    def links(self, depth: int) -> dict[str, str]:
        prefix = "" if depth else "events/"
        return {e.name: f"{prefix}{e.slug}.html" for e in self.catalog.events}


class _IndexPage(_Pages):
    """index.html: every event by domain, the names outside the registry, the flow."""

    def page(self) -> str:
        events = self.catalog.events
        domains: dict[str, list[Event]] = {}
        for event in events:
            domains.setdefault(event.domain, []).append(event)
        sections = [self.domain(domain, found) for domain, found in sorted(domains.items())]
        body = [
            "<header>",
            "<h1>Event catalog</h1>",
            f"<p>{len(events)} events in the registry, "
            f"{sum(e.builtin for e in events)} of them built-in Inngest system events. "
            "Producers and consumers are what the linter finds in the code.</p>",
            "</header>",
            "<main>",
            '<div class="search"><label for="search">Filter</label> '
            '<input id="search" type="search" autocomplete="off" '
            'placeholder="event name, domain or description"> '
            '<span id="count" aria-live="polite"></span></div>',
            '<p id="no-match" hidden>No event matches.</p>',
            *sections,
            self.unregistered(),
            self.unreadable(),
            '<section id="flow"><h2>Event flow</h2>',
            "<p>Who sends what to whom: each arrow is an event, from its senders to the "
            "functions it triggers (or that wait for it, or are cancelled by it).</p>",
            graph.svg(self.catalog.nodes, self.catalog.edges, self.links(0)),
            "</section>",
            "</main>",
        ]
        return self.frame("Event catalog", "\n".join(body), 0)

    def domain(self, domain: str, events: Sequence[Event]) -> str:
        rows = [self.index_row(event) for event in events]
        return (
            f'<section class="domain" data-domain="{escape(domain)}">\n'
            f"<h2>{escape(domain)}</h2>\n"
            '<table class="events">\n<thead><tr><th>Event</th><th>Latest</th>'
            "<th>Producers</th><th>Consumers</th><th>Description</th></tr></thead>\n"
            "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n</section>"
        )

    def index_row(self, event: Event) -> str:
        badges = _badges(event)
        latest = event.latest
        search = " ".join((event.name, event.domain, event.description)).lower()
        versions = len(event.versions)
        more = f' <span class="muted">({versions} versions)</span>' if versions > 1 else ""
        return (
            f'<tr class="event" data-name="{escape(event.name)}" data-search="{escape(search)}">'
            f'<td><a href="events/{escape(event.slug)}.html">{escape(event.name)}</a>{badges}</td>'
            f"<td>v{escape(latest.version)}{more}</td>"
            f'<td class="num">{len(event.producers)}</td>'
            f'<td class="num">{len(event.consumers)}</td>'
            f"<td>{escape(event.description)}</td></tr>"
        )

    def unregistered(self) -> str:
        if not self.catalog.unregistered:
            return ""
        rows = "\n".join(
            f'<tr><td><code>{escape(name)}</code></td><td class="num">{sent}</td>'
            f'<td class="num">{consumed}</td></tr>'
            for name, sent, consumed in self.catalog.unregistered
        )
        return (
            '<section id="unregistered"><h2>In the code, not in the registry</h2>\n'
            "<p>Event names the code sends or consumes that have no schema "
            "(the linter reports them: EL601).</p>\n"
            "<table><thead><tr><th>Name</th><th>Producers</th><th>Consumers</th></tr></thead>"
            f"\n<tbody>\n{rows}\n</tbody></table></section>"
        )

    def unreadable(self) -> str:
        places = self.catalog.unreadable
        if not places:
            return ""
        items = "\n".join(f"<li>{self.where(place)}</li>" for place in places)
        return (
            '<section id="unreadable"><h2>Event names the linter cannot read</h2>\n'
            "<p>These sends and consumers name their event with a value not known "
            "statically (a parameter, an f-string with unknown parts): they are on no "
            f"event's page.</p>\n<ul>\n{items}\n</ul></section>"
        )


class _EventPage(_Pages):
    """One event's page: facts, flow, producers, consumers, impact, findings, versions and
    compatibility."""

    def page(self, event: Event) -> str:
        nodes, edges = graph.subgraph(self.catalog.nodes, self.catalog.edges, event.name)
        description = escape(event.description) if event.description else "<em>No description.</em>"
        body = [
            '<nav><a href="../index.html">← All events</a></nav>',
            "<header>",
            f"<h1><code>{escape(event.name)}</code>{_badges(event)}</h1>",
            f'<p class="description">{description}</p>',
            self.facts(event),
            "</header>",
            "<main>",
            '<section id="flow"><h2>Flow</h2>',
            graph.svg(nodes, edges, self.links(1), event.name),
            "</section>",
            self.producers(event),
            self.consumers(event),
            self.impact(event),
            self.findings(event),
            '<section id="versions"><h2>Versions</h2>',
            *(self.version(event, v) for v in reversed(event.versions)),
            "</section>",
            self.compat(event),
            "</main>",
        ]
        return self.frame(f"{event.name} · Event catalog", "\n".join(body), 1)

    def facts(self, event: Event) -> str:
        latest = event.latest
        module = self.catalog.import_module
        import_line = (
            f"from {module} import {latest.class_name}"
            if module
            else f"from events import {latest.class_name}  # the module codegen writes"
        )
        rows = [
            ("Latest version", f"v{escape(latest.version)}"),
            ("Versions", ", ".join(f"v{escape(v.version)}" for v in event.versions)),
            ("Compatibility", f"{escape(event.level)} ({escape(event.policy)})"),
            ("Generated class", _code(latest.class_name)),
            ("Import", f'<code class="import">{escape(import_line)}</code>'),
        ]
        if latest.schema_file:
            rows.append(("Schema file", _code(latest.schema_file)))
        return _dl(rows)

    def producers(self, event: Event) -> str:
        rows = [self._producer_row(p) for p in event.producers]
        headers = ["Where", "Sent by", "How", "Version"]
        return _section("producers", "Producers", headers, rows, "No linted code sends this event.")

    def _producer_row(self, producer: Producer) -> list[str]:
        version = _version_used(producer.version, producer.generated_class)
        return [self.where(producer.place), _code(producer.who), _code(producer.api), version]

    def consumers(self, event: Event) -> str:
        rows = [self._consumer_row(c) for c in event.consumers]
        headers = ["Where", "Function", "How", "CEL if"]
        empty = "No linted code consumes this event."
        return _section("consumers", "Consumers", headers, rows, empty)

    def _consumer_row(self, consumer: Consumer) -> list[str]:
        condition = _code(consumer.expression) if consumer.expression else ""
        return [self.where(consumer.place), _code(consumer.who), _code(consumer.kind), condition]

    def impact(self, event: Event) -> str:
        who = sorted({c.who for c in event.consumers})
        rows = [
            [
                self.where(r.place),
                _code(r.who),
                _code(r.argument),
                "<br>".join(_code(p) for p in r.paths),
            ]
            for r in event.reads
        ]
        affected = ", ".join(_code(w) for w in who) or "nothing in the linted code"
        table = (
            _table(["Where", "Function", "Read in", "Reads"], rows)
            if rows
            else ("<p>No CEL expression reads this event's fields.</p>")
        )
        return (
            '<section id="impact"><h2>Changing this event affects</h2>\n'
            f"<p>Consumers: {affected}.</p>\n{table}\n"
            f'<p class="muted">{_READS_NOTE}</p></section>'
        )

    def findings(self, event: Event) -> str:
        rows = [[self.where(f.place), _code(f.code), escape(f.message)] for f in event.findings]
        return _section(
            "findings",
            "Open findings",
            ["Where", "Code", "Message"],
            rows,
            "No lint finding at this event's producers and consumers.",
        )

    def version(self, event: Event, version: Version) -> str:
        latest = version is event.latest
        badges = ' <span class="badge">latest</span>' if latest else ""
        if version.deprecated:
            badges += ' <span class="badge deprecated">deprecated</span>'
        used = ", ".join(self.where(p.place) for p in version.producers) or "none seen in the code"
        parts = [
            f'<article class="version" id="v{escape(version.version)}">',
            f"<h3>v{escape(version.version)}{badges}</h3>",
        ]
        if version.description and not latest:
            parts.append(f"<p>{escape(version.description)}</p>")
        parts.append(
            _dl(
                [
                    ("Generated class", _code(version.class_name)),
                    ("Sent as this version by", used),
                ]
            )
        )
        parts.append(_fields(version.fields))
        for file_name, text in version.examples:
            parts.append(
                f'<details class="example"><summary>Example: {escape(file_name)}</summary>'
                f"<pre>{escape(text)}</pre></details>"
            )
        parts.append("</article>")
        return "\n".join(parts)

    def compat(self, event: Event) -> str:
        if not event.compat:
            return ""
        steps = "\n".join(_step(step) for step in event.compat)
        return f'<section id="compatibility"><h2>Compatibility</h2>\n{steps}\n</section>'


def _step(step: CompatStep) -> str:
    verdict = "breaking" if step.breaking else "compatible"
    rows = [
        [
            _code(c.code),
            escape(c.verdict),
            escape(c.message) + "".join(f"<br><small>{escape(d)}</small>" for d in c.details),
        ]
        for c in step.changes
    ]
    table = _table(["Change", "Verdict", "What"], rows) if rows else "<p>No change.</p>"
    return (
        f'<article class="step {verdict}"><h3>v{escape(step.old)} → v{escape(step.new)}: '
        f'<span class="verdict">{escape(step.summary)}</span></h3>\n{table}</article>'
    )


def _badges(event: Event) -> str:
    badges = ""
    if event.builtin:
        badges += ' <span class="badge builtin">built-in</span>'
    if event.latest.deprecated:
        badges += ' <span class="badge deprecated">deprecated</span>'
    return badges


def _version_used(version: str | None, generated: str | None) -> str:
    if version is None:
        return f'<span class="muted">{_NOT_SET}</span>'
    via = f" <small>({escape(generated)})</small>" if generated else ""
    return f"v{escape(version)}{via}"


def _fields(rows: Sequence[FieldRow]) -> str:
    if not rows:
        return "<p>No declared fields.</p>"
    body = [
        [
            _code(r.path),
            escape(r.type),
            "yes" if r.required else "",
            escape(r.constraints),
            escape(r.description),
            _code(r.default) if r.default else "",
            escape(r.enum),
        ]
        for r in rows
    ]
    headers = ["Field", "Type", "Required", "Constraints", "Description", "Default", "Enum"]
    return _table(headers, body, "fields")


def _code(text: str) -> str:
    return f"<code>{escape(text)}</code>"


def _section(anchor: str, title: str, headers: list[str], rows: list[list[str]], empty: str) -> str:
    content = _table(headers, rows) if rows else f"<p>{empty}</p>"
    heading = f"<h2>{title} <small>({len(rows)})</small></h2>"
    return f'<section id="{anchor}">{heading}\n{content}\n</section>'


def _table(headers: Iterable[str], rows: Iterable[list[str]], css: str = "") -> str:
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "\n".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    cls = f' class="{css}"' if css else ""
    return f"<table{cls}><thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table>"


def _dl(rows: Iterable[tuple[str, str]]) -> str:
    items = "".join(f"<dt>{term}</dt><dd>{value}</dd>" for term, value in rows)
    return f'<dl class="facts">{items}</dl>'
