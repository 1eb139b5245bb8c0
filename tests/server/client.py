"""A small LSP client for the tests: the real ``event-lint server`` in a subprocess,
spoken to over stdio with Content-Length framed JSON-RPC, as an editor does.
Every wait is bounded; a server that does not answer fails the test."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from commands import EVENT_LINT

WAIT = 60.0  # seconds: a lint forks a worker and may load the registry first (2 busy cores)

Message = dict[str, Any]


class Client:
    def __init__(self, cwd: Path, *args: str, command: Path = EVENT_LINT) -> None:
        self.process = subprocess.Popen(
            [str(command), *args],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.incoming: queue.Queue[Message | None] = queue.Queue()
        self.seen: list[Message] = []  # notifications read but not yet waited for
        self.next_id = 0
        assert self.process.stdout is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()

    # -- sending --------------------------------------------------------------------

    def send(self, message: Message) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = WAIT) -> Any:
        self.next_id += 1
        number = self.next_id
        self.send({"id": number, "method": method, "params": params})
        reply = self.wait(lambda m: m.get("id") == number and "method" not in m, timeout)
        assert "error" not in reply, reply["error"]
        return reply.get("result")

    # -- receiving ------------------------------------------------------------------

    def wait(self, wanted: Callable[[Message], bool], timeout: float = WAIT) -> Message:
        for index, message in enumerate(self.seen):
            if wanted(message):
                return self.seen.pop(index)
        for message in self._incoming(timeout):
            if wanted(message):
                return message
            self.seen.append(message)
        raise AssertionError(f"no such message within {timeout} s; got {self.seen}")

    def barrier(self) -> None:
        """Wait until the server has answered a request sent now: every message it sent
        before (a publish that follows one waited for, a message) is then in ``seen``.
        The server answers a method it does not know at once, with an error."""
        self.next_id += 1
        number = self.next_id
        self.send({"id": number, "method": "event-lint/barrier", "params": None})
        self.wait(lambda m: m.get("id") == number and "method" not in m)

    def published(self) -> list[Message]:
        """The diagnostics published and not waited for (call ``barrier`` first); other
        messages stay in ``seen``."""
        published = [m for m in self.seen if m.get("method") == "textDocument/publishDiagnostics"]
        self.seen = [m for m in self.seen if m not in published]
        return published

    def _incoming(self, seconds: float) -> Iterator[Message]:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = self.incoming.get(timeout=left)
            except queue.Empty:
                return
            if message is None:
                raise AssertionError(f"the server exited: {self.stderr()}")
            yield message

    def diagnostics(self, uri: str, timeout: float = WAIT) -> list[Message]:
        """The next diagnostics published for ``uri``."""
        found: list[Message] = self.publication(uri, timeout)["diagnostics"]
        return found

    def publication(self, uri: str, timeout: float = WAIT) -> Message:
        """The next ``publishDiagnostics`` parameters for ``uri`` (its version too)."""
        message = self.wait(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
            ),
            timeout,
        )
        params: Message = message["params"]
        return params

    def _read(self, stream: IO[bytes]) -> None:
        while True:
            length = None
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not line or length is None:
                self.incoming.put(None)
                return
            message = json.loads(stream.read(length))
            if "method" in message and "id" in message:  # a request to the client
                self.send({"id": message["id"], "result": None})
            self.incoming.put(message)

    # -- the session ----------------------------------------------------------------

    def initialize(self, root: Path, options: Any = None, capabilities: Any = None) -> Any:
        result = self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "capabilities": capabilities or {},
                "initializationOptions": options,
            },
        )
        self.notify("initialized", {})
        return result

    def open(self, path: Path, text: str, language: str = "python") -> str:
        uri = path.resolve().as_uri()
        document = {"uri": uri, "languageId": language, "version": 1, "text": text}
        self.notify("textDocument/didOpen", {"textDocument": document})
        return uri

    def change(self, uri: str, version: int, text: str) -> None:
        self.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]},
        )

    def close(self) -> int:
        """Shut down as an editor does; the exit status."""
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            return self.process.wait(timeout=10)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait(timeout=10)

    def stderr(self) -> str:
        if self.process.poll() is None:
            return "(still running)"
        assert self.process.stderr is not None
        return self.process.stderr.read().decode(errors="replace")
