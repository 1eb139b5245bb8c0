"""Which files are worth parsing: a text test on raw bytes that never misses a send.

Parsing with libcst is the expensive step (about 10 ms per 1,000 lines), and in a big
repository few files touch Inngest. A file can only hold a send, a trigger, a wait or
an event construction if it reaches the SDK or a client, and both leave words in the
text. The rule, in two stages:

Stage 1, *anchors*. A file is parsed when its bytes contain ``inngest`` in any case
(the SDK module, ``inngest.Inngest``, ``inngest.Event``, a client called
``inngest_client``), a call ``.send_event(`` or ``.wait_for_event(`` (step methods: the
step object is a parameter, so nothing else in the file need name the SDK), a call
``.to_event(`` (generated payload classes), or the word ``TriggerEvent``.
``create_function`` is not an anchor, though every registration calls it: it is
called on a client, which this file either creates (``inngest``) or imports by name
(stage 2), and sqlite3's ``create_function`` would otherwise parse five big files of
the standard library and Django.

Stage 2, *bindings*. The parsed files tell which module-level names hold a client,
the SDK module or an SDK class (``inngest_bindings``: clients, aliases, re-exports).
Code elsewhere can only use one of them by writing its name: ``from app import client
as c`` names ``client``; ``from app.client import *`` followed by ``client.send(...)``
names it at the call. So any other file that contains one of those names *as a word*
is parsed too; its own bindings (``c`` above, or an ``__init__`` re-exporting the
client as ``bus``) join the set, and the test repeats until no new file qualifies.

Files that pass neither stage are never parsed. A module they need (a module of
name constants) is parsed on demand during resolution instead.

A file named explicitly (pre-commit passes a handful of changed files, so the module
that binds the client may not be in view) is also parsed when it contains ``send``,
``Event`` or ``create_function``: the shapes a send, an event or a registration
through an imported name must take.

A file that imports a named file (its context, found by ``importers.importers``) is
parsed by stage 2 in a full run. The module that binds its client may not be in a named
run, so the anchored modules such a file imports (``imported_modules``) are brought into
the run, and stage 2 then sees the bindings a full run would.

The known blind spot: a client reached through an attribute set in another module
(``request.app.bus.send(...)`` after ``app.bus = inngest.Inngest(...)``), which the
resolver cannot follow either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_ANCHOR_WORDS = (b"send_event", b"wait_for_event", b"to_event", b"TriggerEvent")
# The step methods and to_event as attribute calls (tkinter has a ``send_event`` field).
_ANCHOR_WORD = re.compile(
    rb"\.\s*(?:send_event|wait_for_event|to_event)\s*\(|(?<!\w)TriggerEvent(?!\w)"
)
_MARKERS = (b"send", b"Event", b"create_function")


def has_anchor(source: bytes) -> bool:
    """Stage 1: the file names the SDK, a step method or an SDK trigger."""
    if b"inngest" in source.lower():
        return True
    # Substring tests first (memchr speed); the word test only when one matches.
    return any(word in source for word in _ANCHOR_WORDS) and _ANCHOR_WORD.search(source) is not None


def has_marker(source: bytes) -> bool:
    """The text a send, an event or a registration through an imported name must contain."""
    return any(marker in source for marker in _MARKERS)


class BindingMatcher:
    """Stage 2: which of these bindings does a file name as a whole word?"""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = frozenset(n for n in names if n.isidentifier())
        ordered = sorted(self.names, key=lambda n: (-len(n), n))
        self._needles = tuple(n.encode() for n in ordered)
        alternatives = b"|".join(re.escape(n) for n in self._needles)
        self._word = re.compile(rb"(?<!\w)(?:" + alternatives + rb")(?!\w)") if ordered else None

    def __bool__(self) -> bool:
        return self._word is not None

    def found(self, source: bytes) -> frozenset[str]:
        """The bindings ``source`` names as words (empty for most files)."""
        # A substring test first: it rejects almost every file at memchr speed.
        if self._word is None or not any(needle in source for needle in self._needles):
            return frozenset()
        return frozenset(match.decode() for match in self._word.findall(source))


# ``from .a.b import x`` / ``import a.b, c``: the modules a file imports, from its text.
_FROM = re.compile(rb"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import\b", re.MULTILINE)
_IMPORT = re.compile(rb"^[ \t]*import[ \t]+([\w.]+(?:[ \t]*,[ \t]*[\w.]+)*)", re.MULTILINE)


def imported_modules(source: bytes, module: str, is_package: bool) -> set[str]:
    """The absolute names of the modules ``source`` (module ``module``) imports by a
    statement at the start of a line; relative ones resolved against its package."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    found = set()
    for match in _FROM.finditer(source):
        dots, name = len(match.group(1)), match.group(2).decode("ascii", "replace")
        if dots:
            if dots - 1 > len(package):
                continue  # past the top: not a module of this project
            base = package[: len(package) - (dots - 1)]
            name = ".".join([*base, name] if name else base)
        if name:
            found.add(name)
    for match in _IMPORT.finditer(source):
        for name in match.group(1).split(b","):
            found.add(name.strip().decode("ascii", "replace"))
    return found
