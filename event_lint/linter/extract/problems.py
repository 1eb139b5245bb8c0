"""Before and instead of the walk: decoding, guards against what would crash or hang
the parser, and the file problem (EL900-EL902) a file that cannot be read becomes."""

from __future__ import annotations

import ast
import io
import re
import symtable
import tokenize
import warnings

import libcst as cst

from event_lint.codes import PARSER_UNSUPPORTED, SYNTAX_ERROR, UNREADABLE_FILE

Problem = tuple[int, int, str, str]  # line, col, code, message

TOO_DEEP_FOR_US = "libcst cannot parse this file (it nests too deeply)"
# CPython's own limits on nesting (its tokenizer, its parser's stack).
_PYTHON_TOO_DEEP = ("too many nested parentheses", "too many levels of indentation")


def decode_source(source: bytes) -> str:
    """Decode like Python does: a BOM or a PEP 263 coding cookie, else UTF-8."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
    except SyntaxError:
        source.decode("utf-8")  # not UTF-8: the UnicodeDecodeError says where
        raise
    return source.decode(encoding)


def decode_problem(error: Exception, source: bytes) -> Problem:
    if isinstance(error, UnicodeDecodeError):
        line = source.count(b"\n", 0, error.start) + 1
        byte = source[error.start : error.start + 1].hex()
        message = f"cannot decode the file as {error.encoding}: byte 0x{byte} on line {line}"
        return line, 1, UNREADABLE_FILE, message
    return 1, 1, UNREADABLE_FILE, f"cannot decode the file: {error}"


def too_deep_for_python(text: str, path: str) -> Problem | None:
    """EL900 for a file nested past CPython's limits, before libcst sees it: libcst's
    native parser has no such limits, and on such a file overflows its stack (the
    process dies) or runs for minutes. ``symtable`` runs CPython's parser and a
    depth-checked walk without building Python objects: half of ``ast.parse``'s
    cost, ~3% of extraction. Other syntax errors are left to libcst, which may accept
    syntax newer than this Python."""
    try:
        with warnings.catch_warnings():  # "invalid escape sequence" is not ours to print
            warnings.simplefilter("ignore")
            symtable.symtable(text, path, "exec")
    except SyntaxError as error:
        if not error.msg.startswith(_PYTHON_TOO_DEEP):
            return None
        return error.lineno or 1, error.offset or 1, SYNTAX_ERROR, f"syntax error: {error.msg}"
    except (RecursionError, MemoryError):  # depth past the parser's or the walk's limit
        return 1, 1, SYNTAX_ERROR, "syntax error: the file nests too deeply for Python's parser"
    except ValueError:  # null bytes (Python < 3.12): libcst's error is reported
        return None
    return None


def parse_problem(text: str, error: cst.ParserSyntaxError) -> Problem:
    """EL900 when Python rejects the file too, EL901 when only libcst does."""
    try:
        ast.parse(text)
    except SyntaxError as python_error:
        line = python_error.lineno or error.raw_line
        col = python_error.offset or error.raw_column + 1
        return line, col, SYNTAX_ERROR, f"syntax error: {python_error.msg}"
    except (ValueError, RecursionError, MemoryError):
        first_line = error.message.splitlines()[0] if error.message else "parse error"
        return error.raw_line, error.raw_column + 1, SYNTAX_ERROR, f"syntax error: {first_line}"
    found = re.search(r"error at (\d+):\d+", error.message)
    line = int(found.group(1)) if found else max(error.raw_line, 1)
    message = (
        f"libcst cannot parse this file, but Python can (libcst stops at line {line}); "
        "it was not linted"
    )
    return line, 1, PARSER_UNSUPPORTED, message
