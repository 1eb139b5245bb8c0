"""``event-lint --add-noqa``: a baseline, so CI can be switched on at once.

Every line with a finding today gets ``# noqa: CODE`` (ruff's name and behaviour), so
only new mistakes fail. A comment already on the line is kept: a ``# noqa: A`` gains the
new codes (``# noqa: A, B``), any other comment gets the directive after it. A line that
cannot end in a comment (inside a multi-line string, or continued with a backslash) is
left alone and counted, since a directive there would change the string or the syntax.
Running it twice adds nothing the second time: the first run's directives suppress
every finding it saw.
"""

from __future__ import annotations

import io
import tokenize
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from event_lint.linter.suppress import NOQA


@dataclass(frozen=True)
class Baselined:
    text: str  # the source with the directives added
    added: int  # lines that got a directive or new codes in one
    skipped: tuple[int, ...]  # lines that cannot hold a comment


def add_noqa(text: str, codes_by_line: Mapping[int, Iterable[str]]) -> Baselined:
    """``text`` with ``# noqa: CODES`` on each line of ``codes_by_line`` (1-based)."""
    comments, line_ends = _comments_and_line_ends(text)
    lines = io.StringIO(text).readlines()
    added = 0
    skipped: list[int] = []
    for number in sorted(codes_by_line):
        codes = set(codes_by_line[number])
        if number in comments:
            column, comment = comments[number]
            new_comment = _with_codes(comment, codes)
            if new_comment == comment:
                continue
            line = lines[number - 1]
            lines[number - 1] = line[:column] + new_comment + line[column + len(comment) :]
        elif number in line_ends:
            line = lines[number - 1]
            end = line_ends[number]
            lines[number - 1] = line[:end].rstrip() + "  " + _directive(codes) + line[end:]
        else:
            skipped.append(number)
            continue
        added += 1
    return Baselined("".join(lines), added, tuple(skipped))


def _comments_and_line_ends(text: str) -> tuple[dict[int, tuple[int, str]], dict[int, int]]:
    """Line -> (column, text) of its comment; line -> column where its end of line
    is, for each line where a logical or physical line ends (where a comment fits)."""
    comments: dict[int, tuple[int, str]] = {}
    line_ends: dict[int, int] = {}
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        row, column = token.start
        if token.type == tokenize.COMMENT:
            comments[row] = (column, token.string)
        elif token.type in (tokenize.NL, tokenize.NEWLINE) and row not in line_ends:
            line_ends[row] = column
    return comments, line_ends


def _with_codes(comment: str, codes: set[str]) -> str:
    """The comment with ``codes`` in its noqa directive, or a directive appended."""
    match = NOQA.search(comment)
    if match is None:
        return f"{comment}  {_directive(codes)}"
    listed = match.group("codes")
    if listed is None:  # a bare noqa directive already covers every code
        return comment
    present = {code.upper() for code in listed.replace(",", " ").split()}
    if codes <= present:
        return comment
    return comment[: match.start()] + _directive(present | codes) + comment[match.end() :]


def _directive(codes: Iterable[str]) -> str:
    return "# noqa: " + ", ".join(sorted(codes))
