"""The per-file cache under ``<config root>/.event_lint_cache/``.

One index file maps each file's absolute path to what the last run learned about it:
its ``(mtime_ns, size)``, its content hash, the prefilter verdicts, the named modules'
names it was searched for (and holds) and, for files that were parsed, the pickled facts
and outline with the extraction inputs they came from (display path, module name,
content hash). The whole index is keyed by a salt: the tool
version plus a fingerprint of the extraction code, so a new version, or an edited
extractor, starts from empty.

- Warm runs on an unchanged tree only ``stat`` each file: a file whose size and mtime
  match the entry is not even read. An entry whose mtime was within two seconds of the
  moment it was recorded is not trusted that way (the file may have changed again in
  the same clock tick), only after comparing the content hash.
- Facts are reused when the content hash and the extraction inputs match; rules are
  not cached, so a registry or config change re-runs them on the cached facts.

Safety: the cache folder sits in a repository that a stranger may have written, and
unpickling runs code, so nothing in it is unpickled unless this user's event-lint wrote
it. The index file is ``FORMAT``, then the keyed BLAKE2b MAC of the pickle under a per-user
secret key kept outside every repository (``$XDG_CACHE_HOME/event-lint/key``, else
``~/.cache/event-lint/key``, or derived from ``$EVENT_LINT_CACHE_KEY``), then the
pickle; the tag is checked before a byte of the pickle is read. A committed, copied,
damaged or foreign index fails the check and is simply rebuilt. The key must be a
regular file (never a link) that only this user can read or write, in a folder only this
user can write; if it cannot be had the run goes on without a cache. Every file in the
cache folder is opened relative to the folder, itself opened without following a link,
with ``O_NOFOLLOW``, so a ``.event_lint_cache`` that is a symlink or a file, or links
inside it, never make the tool read or write elsewhere. Writes go to a temp file in the
same folder, then ``os.replace``, so two runs at once each leave a whole index (the last
one wins).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import hashlib

CACHE_DIR = ".event_lint_cache"
FORMAT = b"event-lint cache 3\n"  # then the 32-byte tag, then the pickle
INDEX_LIMIT = 512 * 1024 * 1024  # a larger index is not read: such a tree runs uncached
_INDEX = "index.pickle"
_IGNORE = ".gitignore"
_KEY = "key"
_KEY_SIZE = 32
_TAG_SIZE = 32
_RACY_NS = 2_000_000_000

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO never waits
_READ = os.O_RDONLY | _NONBLOCK | _NOFOLLOW | _CLOEXEC
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
# Without no-follow opens relative to a folder (Windows), the cache is never used.
SUPPORTED = bool(_NOFOLLOW and _DIRECTORY) and {os.open, os.rename, os.link} <= os.supports_dir_fd


class Refused(Exception):
    """The cache cannot be used safely (a symlinked cache folder, a key other users can
    read): the run goes on without it, after a one-line warning that says why."""


class Pickled(NamedTuple):
    """A file's facts, pickled, and their outline (``FileFacts.outline``) pickled apart:
    the passes over every file unpickle only the outline."""

    facts: bytes
    outline: bytes


class Entry(NamedTuple):
    mtime_ns: int
    size: int
    recorded_ns: int  # when this content hash was computed
    digest: str  # content hash
    anchor: bool  # prefilter stage 1
    marker: bool  # contains "send" or "Event"
    stage2: tuple[frozenset[str], frozenset[str]] | None  # (bindings tested, bindings found)
    facts_key: tuple[str, str] | None  # (display path, module) the facts were extracted with
    facts: Pickled | None
    # (words searched for, words found): which named modules' names the file's text
    # holds, for the importer search of a run on named files (``importers.importers``)
    named: tuple[frozenset[bytes], frozenset[bytes]] | None = None


# A folder's listing as the walk needs it (``discover.Walker``), kept under the folder's
# path and a separator, beside the files' entries: ``(inode, mtime_ns, ctime_ns,
# recorded_ns, names)``, the names of its subfolders (each ending in "/"), Python files
# and ``.gitignore``, sorted and joined by NUL. A plain tuple: unpickling a NamedTuple
# calls Python code, a third of the index's load for a tree's folders. Reused while the
# folder's inode, mtime and ctime are unchanged (an entry added, removed or renamed
# changes both times; ctime cannot be set back, as tar and ``cp -a`` set mtime).
Folder = tuple[int, int, int, int, str]


def _blake2b() -> type[hashlib.blake2b]:
    """BLAKE2b without ``hashlib``, whose import loads OpenSSL (~12 M instructions, ~3 ms
    of every pre-commit run); ``hashlib.blake2b`` is this same builtin."""
    try:
        from _blake2 import blake2b
    except ImportError:  # another Python implementation
        from hashlib import blake2b
    return blake2b


def content_hash(source: bytes) -> str:
    return _blake2b()(source, digest_size=16).hexdigest()


def _unpickle(payload: memoryview) -> Any:
    """``pickle.loads``, which is ``_pickle.loads``, without importing ``pickle.py`` (its
    imports, and a search of ``sys.path`` for Jython's ``org.python.core``: ~5 M
    instructions of every pre-commit run)."""
    try:
        from _pickle import loads
    except ImportError:  # another Python implementation
        from pickle import loads
    return loads(payload)


def _tag(key: bytes, payload: bytes | memoryview) -> bytes:
    """The index's MAC: keyed BLAKE2b, a MAC by design (no HMAC construction needed),
    and over a large index about twice as quick as HMAC-SHA256 here."""
    return _blake2b()(payload, key=key, digest_size=_TAG_SIZE).digest()


def _same(a: bytes, b: bytes) -> bool:
    """Constant-time comparison: ``hmac.compare_digest`` without importing ``hmac``."""
    try:
        import _operator
    except ImportError:  # another Python implementation
        import hmac

        return hmac.compare_digest(a, b)
    return _operator._compare_digest(a, b)


def code_salt(version: str) -> str:
    """The tool version plus the size and mtime of each file of the extraction code
    (kept verbatim: comparing it costs less than importing a hash)."""
    parts = [version]
    folders = [os.path.dirname(__file__)]
    for folder in folders:
        for item in sorted(os.scandir(folder), key=lambda e: e.name):
            if item.is_dir() and item.name not in ("rules", "__pycache__"):
                folders.append(item.path)
            elif item.name.endswith(".py"):
                stat = item.stat()
                parts.append(f"{item.path}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts)


class Cache:
    """The index of one run: read at the first lookup (a run over a few files that
    the prefilter skips never reads it), written once at the end if changed."""

    def __init__(
        self, root: Path, salt: Callable[[], str], enabled: bool, quiet: bool = False
    ) -> None:
        self.root = root
        self.quiet = quiet  # --quiet: run without the cache without saying why
        self.enabled = enabled and SUPPORTED
        self._salt = salt
        self.salt = ""
        self._key = b""
        self._entries: dict[str, Entry | Folder] | None = None if self.enabled else {}
        self.dirty = False

    @property
    def entries(self) -> dict[str, Entry | Folder]:
        if self._entries is None:
            self.salt = self._salt()
            self._entries = self._load()
        return self._entries

    def _load(self) -> dict[str, Entry | Folder]:
        try:
            self._key = user_key(self.root)
            blob = read_index(self.root)
        except (OSError, RuntimeError, Refused) as error:  # RuntimeError: no home folder
            self._disable(error)
            return {}
        payload = unseal(self._key, blob) if blob is not None else None
        if payload is None:  # none yet, or not written by this user: start over
            return {}
        try:
            salt, entries = _unpickle(payload)  # authentic: this user's event-lint wrote it
        except Exception:  # from another version of the format
            return {}
        if salt != self.salt or not isinstance(entries, dict):
            return {}
        return entries

    def _disable(self, error: Exception) -> None:
        """Run without the cache; say why when the user should fix something."""
        self.enabled = False
        if isinstance(error, Refused) and not self.quiet:
            sys.stderr.write(f"event-lint: warning: running without the cache: {error}\n")

    def anchored_modules(self) -> set[str] | None:
        """The module names of the files whose last scan found an anchor (all parsed, so
        their facts name their module), or None when the cache cannot say: disabled, empty,
        or an anchored file it never parsed. A file changed since is named in a pre-commit
        run, and so scanned afresh, which is why a stale verdict here does not matter."""
        if not self.enabled or not self.entries:
            return None
        names = set()
        for entry in self.entries.values():
            if isinstance(entry, Entry) and entry.anchor:
                if entry.facts_key is None:
                    return None
                names.add(entry.facts_key[1])
        return names

    def fresh(self, path: str, stat: os.stat_result) -> Entry | None:
        """The entry for ``path`` when its stat proves the content has not changed."""
        entry = self.entries.get(path)
        if entry is None or not isinstance(entry, Entry):
            return None
        if entry.mtime_ns != stat.st_mtime_ns or entry.size != stat.st_size:
            return None
        if entry.recorded_ns - entry.mtime_ns < _RACY_NS:
            return None
        return entry

    def get(self, path: str) -> Entry | None:
        entry = self.entries.get(path)
        return entry if isinstance(entry, Entry) else None

    def put(self, path: str, entry: Entry | Folder) -> None:
        if self.enabled and self.entries.get(path) != entry:
            self.entries[path] = entry
            self.dirty = True

    def listing(self, folder: str, stat: os.stat_result) -> tuple[str, ...] | None:
        """The names in ``folder`` (``Folder``) when its stat proves them unchanged."""
        found = self.entries.get(_folder_key(folder))
        if found is None or isinstance(found, Entry) or found[:3] != _identity(stat):
            return None
        if found[3] - stat.st_ctime_ns < _RACY_NS:  # changed again in the same tick?
            return None
        return tuple(found[4].split("\0")) if found[4] else ()

    def keep_listing(self, folder: str, stat: os.stat_result, names: tuple[str, ...]) -> None:
        key, now = _folder_key(folder), now_ns()
        record = (*_identity(stat), now, "\0".join(names))
        kept = self.entries.get(key)
        unproven = now - stat.st_ctime_ns < _RACY_NS
        if unproven and isinstance(kept, tuple) and kept[:3] + kept[4:] == record[:3] + record[4:]:
            return  # as kept, and not yet provable by a stat: rewriting gains nothing
        self.put(key, record)

    def save(self) -> None:
        if not (self.enabled and self.dirty):
            return
        import pickle

        payload = pickle.dumps((self.salt, self.entries), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            write_index(self.root, seal(self._key, payload))
        except Refused as error:
            self._disable(error)
        except OSError:
            pass  # a read-only tree lints fine without a cache


def _folder_key(folder: str) -> str:
    """A folder's key: never a file's, which has no separator at its end."""
    return folder if folder.endswith(os.sep) else folder + os.sep


def _identity(stat: os.stat_result) -> tuple[int, int, int]:
    return stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns


# -- the index file --------------------------------------------------------------------


def seal(key: bytes, payload: bytes) -> bytes:
    """The index file for ``payload``: ``FORMAT``, its MAC under ``key``, itself."""
    return FORMAT + _tag(key, payload) + payload


def unseal(key: bytes, blob: bytes) -> memoryview | None:
    """The payload of an index file that ``key`` sealed, else None. Checks the tag
    (in constant time) before anything reads the payload."""
    start = len(FORMAT) + _TAG_SIZE
    if len(blob) < start or not blob.startswith(FORMAT):
        return None
    payload = memoryview(blob)[start:]
    return payload if _same(_tag(key, payload), blob[len(FORMAT) : start]) else None


def read_index(root: Path) -> bytes | None:
    """The index file's bytes; None when there is none, or it is not a regular file of
    at most ``INDEX_LIMIT`` bytes (a link is never followed)."""
    try:
        folder = _open_cache_folder(root, create=False)
    except FileNotFoundError:
        return None
    try:
        fd = os.open(_INDEX, _READ, dir_fd=folder)
    except OSError as error:
        if error.errno in (errno.ENOENT, errno.ELOOP):
            return None  # none yet, or a link: replaced at the next save
        raise
    finally:
        os.close(folder)
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > INDEX_LIMIT:
            return None
        return file.read(info.st_size + 1)  # grown since: then its tag fails


def write_index(root: Path, blob: bytes) -> None:
    """Replace the index whole, and add the folder's ``.gitignore`` if it has none. A link
    in the folder is replaced (the index) or left alone (``.gitignore``), never followed."""
    if len(blob) > INDEX_LIMIT:
        return  # it would never be read
    folder = _open_cache_folder(root, create=True)
    try:
        with contextlib.suppress(FileExistsError):  # the user's own, or a link: left alone
            _create(folder, _IGNORE, b"# Created by event-lint.\n*\n", 0o666)
        temp = _create_temp(folder, ".index-", blob)
        try:
            os.replace(temp, _INDEX, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp, dir_fd=folder)
            raise
    finally:
        os.close(folder)


def _open_cache_folder(root: Path, create: bool) -> int:
    """A descriptor of ``root/.event_lint_cache``, opened without following a link."""
    root_fd = os.open(root, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    try:
        if create:
            with contextlib.suppress(FileExistsError):
                os.mkdir(CACHE_DIR, dir_fd=root_fd)
        return _open_folder(CACHE_DIR, root / CACHE_DIR, root_fd)
    finally:
        os.close(root_fd)


def _open_folder(name: str | Path, shown: Path, dir_fd: int | None = None) -> int:
    """Open a folder without following a link: ``Refused`` if it is a link or a file."""
    try:
        return os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=dir_fd)
    except OSError as error:
        if error.errno in (errno.ENOTDIR, errno.ELOOP):
            raise Refused(f"{shown} is a symlink or a file, not a folder") from None
        raise


# -- the per-user key -----------------------------------------------------------------


def key_folder() -> Path:
    """``$XDG_CACHE_HOME/event-lint``, else ``~/.cache/event-lint`` (a relative
    ``XDG_CACHE_HOME`` is ignored, as the XDG spec says). RuntimeError without a home."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    folder = (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "event-lint"
    if not folder.is_absolute():  # a relative HOME: never a folder where the run is
        raise RuntimeError("no home folder")
    return folder


# CI jobs start with a fresh home, so a key file never outlives the job and a cached
# .event_lint_cache would always be cold: the job can give the key as a secret instead.
KEY_VARIABLE = "EVENT_LINT_CACHE_KEY"
_MIN_SECRET = 32


def user_key(root: Path) -> bytes:
    """The secret that authenticates every index this user writes: ``$EVENT_LINT_CACHE_KEY``
    when set (a CI secret), else random bytes in a file only this user can read or
    replace, in a folder only this user can write, made on first use. Raises ``Refused``
    when the one there is not safe to trust, ``OSError`` when none can be had."""
    secret = os.environ.get(KEY_VARIABLE)
    if secret is not None:
        if len(secret) < _MIN_SECRET:
            raise Refused(f"${KEY_VARIABLE} is shorter than {_MIN_SECRET} characters")
        return _blake2b()(
            b"event-lint cache key\0" + secret.encode(), digest_size=_KEY_SIZE
        ).digest()
    folder = key_folder()
    if _inside(folder, root):  # a repository could then supply the key as well
        raise Refused(f"the key folder {folder} is inside the linted tree {root}")
    folder.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.mkdir(folder, 0o700)
    folder_fd = _open_folder(folder, folder)
    try:
        _check_private(os.fstat(folder_fd), folder, 0o022, "is writable by other users")
        try:
            return _read_key(folder_fd, folder / _KEY)
        except FileNotFoundError:
            _create_key(folder_fd)
            return _read_key(folder_fd, folder / _KEY)
    finally:
        os.close(folder_fd)


def _read_key(folder: int, path: Path) -> bytes:
    try:
        fd = os.open(_KEY, _READ, dir_fd=folder)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise Refused(f"{path} is a symlink") from None
        raise
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"{path} is not a regular file")
        _check_private(info, path, 0o077, "can be read or written by other users (chmod 600)")
        key = file.read(_KEY_SIZE + 1)
    if len(key) != _KEY_SIZE:
        raise Refused(f"{path} is not an event-lint key (delete it to make a new one)")
    return key


def _create_key(folder: int) -> None:
    """Write a new key under a temp name, then link it into place: a run at the same
    time sees no key or a whole one, and the first link wins."""
    temp = _create_temp(folder, ".key-", os.urandom(_KEY_SIZE), sync=True)
    try:
        with contextlib.suppress(FileExistsError):
            os.link(temp, _KEY, src_dir_fd=folder, dst_dir_fd=folder, follow_symlinks=False)
    finally:
        os.unlink(temp, dir_fd=folder)


def _check_private(info: os.stat_result, path: Path, others: int, problem: str) -> None:
    if info.st_uid != os.geteuid():
        raise Refused(f"{path} belongs to another user")
    if info.st_mode & others:
        raise Refused(f"{path} {problem}")


def _inside(folder: Path, root: Path) -> bool:
    folder_real, root_real = os.path.realpath(folder), os.path.realpath(root)
    return os.path.commonpath([folder_real, root_real]) == root_real


# -- files in a folder opened by descriptor -----------------------------------------------


def _create(folder: int, name: str, data: bytes, mode: int, sync: bool = False) -> None:
    """Write a new file ``name`` in ``folder``: FileExistsError if anything, even a
    dangling link, is already there."""
    fd = os.open(name, _CREATE, mode, dir_fd=folder)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if sync:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=folder)
        raise
    os.close(fd)


def _create_temp(folder: int, prefix: str, data: bytes, sync: bool = False) -> str:
    name = f"{prefix}{os.urandom(8).hex()}.tmp"
    _create(folder, name, data, 0o600, sync)
    return name


def now_ns() -> int:
    return time.time_ns()
