"""The event catalog: one static site of every registry event, who sends it, who consumes
it and how it changed (``event-registry catalog``; see docs/catalog.md).

``model`` joins the registry and the linter's project model into a :class:`Catalog` (the
records of ``records``), ``sites`` finds who sends, consumes and reads each event in the
code (handler bodies included), ``fields`` turns a schema into a field table, ``compat``
lists the compatibility steps between versions, ``graph`` lays out the event flow (SVG
and mermaid), ``render`` writes the pages and ``site`` the folder. Every string that comes
from the repository is escaped where it is rendered: the output is plain HTML that works
offline from ``file://``, byte-identical for the same input.
"""
