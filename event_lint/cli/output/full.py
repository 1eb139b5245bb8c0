"""``full``: each diagnostic with its source line, a caret under the span, and the fix::

app/billing.py:3:31: EL101 event name "InvoicePaid" is not domain/noun.verb
  |
3 | await client.send(inngest.Event(name="InvoicePaid"))
  |                                 ^^^^^^^^^^^^^ EL101
  |
  = fix: rename to "billing/invoice.paid" (safe)

The source line is shown ``printable`` (a control character in it is escaped, and the
caret counts the escape's width).
"""

from __future__ import annotations

from event_lint.cli.output import Report, location
from event_lint.diagnostics import Diagnostic
from event_lint.printable import printable_keeping_tabs


def render(report: Report) -> str:
    return "\n".join(_block(report, d) for d in report.diagnostics)


def _block(report: Report, diagnostic: Diagnostic) -> str:
    lines = [f"{location(diagnostic)}: {diagnostic.code} {diagnostic.message}"]
    source = report.source_line(diagnostic)
    gutter = " " * len(str(diagnostic.span.line))
    if source is not None:
        lines += [
            f"{gutter} |",
            f"{diagnostic.span.line} | {printable_keeping_tabs(source)}",
            f"{gutter} | {_caret(diagnostic, source)} {diagnostic.code}",
            f"{gutter} |",
        ]
    fix = diagnostic.fix
    if fix is not None:
        safety = "safe" if fix.safe else "unsafe: needs --unsafe-fixes"
        lines.append(f"{gutter} = fix: {fix.message} ({safety})")
    return "\n".join(lines) + "\n"


def _caret(diagnostic: Diagnostic, source: str) -> str:
    span = diagnostic.span
    start = span.col - 1
    end = span.end_col - 1 if span.end_line == span.line else len(source)
    # Keep tabs in the indent so the caret lines up under the text it points at; an
    # escape is wider than the character it shows, so it widens indent and caret alike.
    indent = "".join(c if c == "\t" else " " for c in printable_keeping_tabs(source[:start]))
    under = source[start:end]
    return indent + "^" * max(1, end - start + len(printable_keeping_tabs(under)) - len(under))
