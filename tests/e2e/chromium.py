"""Headless Chromium for the HTML report tests: screenshots, the rendered DOM, and console and log
errors through the DevTools protocol on a pipe (``--remote-debugging-pipe``: JSON messages ending
in a NUL byte, commands on fd 3, replies and events on fd 4).

Chromium comes from the system packages (``.ci/run`` installs it); a missing browser fails the
tests with the command to install it, never skips them.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

INSTALL_HINT = "chromium is not installed: apt-get update && apt-get install -y chromium"
FLAGS = ("--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars")
# Nothing may be fetched: every host name fails to resolve.
OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND"


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found is not None, INSTALL_HINT
    return found


def run(args: list[str], timeout: float = 90) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [chromium(), *FLAGS, OFFLINE, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def screenshot(url: str, out: Path, width: int, height: int) -> str:
    """A PNG of the page at ``width`` x ``height``; returns stderr (with ``--enable-logging``,
    console messages show there as ``INFO:CONSOLE`` lines)."""
    done = run(
        [
            f"--screenshot={out}",
            f"--window-size={width},{height}",
            "--enable-logging=stderr",
            "--v=0",
            url,
        ]
    )
    assert out.exists(), f"no screenshot written:\n{done.stderr[-2000:]}"
    return done.stderr


def dump_dom(url: str) -> str:
    done = run(["--dump-dom", "--virtual-time-budget=2000", url])
    assert done.stdout.strip(), f"no DOM dumped:\n{done.stderr[-2000:]}"
    return done.stdout


def console_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


# ---------------------------------------------------------------- PNG pixels, without Pillow
def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB(A) bytes) of an 8-bit RGB or RGBA PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    pos, idat = 8, b""
    width = height = channels = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), f"unexpected PNG type {depth}/{colour}"
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    prior = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = prior[i], prior[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prior = line
    return width, height, [bytes(r[: width * channels : 1]) for r in rows]


def colours(path: Path, every: int = 7) -> dict[bytes, int]:
    """Colour -> count over a grid of sampled pixels."""
    width, _height, rows = png_pixels(path)
    channels = len(rows[0]) // width
    counts: dict[bytes, int] = {}
    for row in rows[::every]:
        for x in range(0, width, every):
            pixel = row[x * channels : x * channels + 3]
            counts[pixel] = counts.get(pixel, 0) + 1
    return counts


# ---------------------------------------------------------------- DevTools protocol on a pipe
@dataclass
class Page:
    """One page of a browser driven over ``--remote-debugging-pipe``."""

    process: subprocess.Popen[bytes]
    send_fd: int
    recv_fd: int
    session: str = ""
    events: list[dict[str, Any]] = field(default_factory=list)
    _next: int = 0
    _buffer: bytes = b""

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self.recv_fd, 65536)
            assert chunk, "chromium closed the DevTools pipe"
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def call(self, method: str, session: bool = True, **params: Any) -> dict[str, Any]:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.send_fd, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next:
                assert "error" not in reply, f"{method}: {reply['error']}"
                result: dict[str, Any] = reply.get("result", {})
                return result
            self.events.append(reply)

    def wait_for(self, method: str) -> dict[str, Any]:
        for event in self.events:
            if event.get("method") == method:
                return event
        while True:
            event = self._read()
            self.events.append(event)
            if event.get("method") == method:
                return event

    def evaluate(self, expression: str) -> Any:
        reply = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in reply, reply["exceptionDetails"]
        return reply["result"].get("value")

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and browser log errors (failed loads, CSP...)."""
        out = []
        for e in self.events:
            method, params = e.get("method"), e.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                out.append(" ".join(str(a.get("value", a)) for a in params.get("args", [])))
            elif method == "Runtime.exceptionThrown":
                out.append(str(params["exceptionDetails"].get("text")))
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                out.append(f"{params['entry'].get('text')} {params['entry'].get('url', '')}")
        return out


@contextmanager
def open_page(url: str, width: int, height: int) -> Iterator[Page]:
    """The page loaded at ``url`` in a ``width`` x ``height`` window, its events collected."""
    ours_read, theirs_write = os.pipe()  # chromium writes replies on its fd 4
    theirs_read, ours_write = os.pipe()  # and reads commands on its fd 3
    # bash puts the pipe ends on the fds chromium expects, then becomes chromium (dash would
    # not do: it redirects one-digit fds only)
    redirect = f'exec "$0" "$@" 3<&{theirs_read} 4>&{theirs_write}'
    args = [*FLAGS, OFFLINE, "--remote-debugging-pipe", f"--window-size={width},{height}"]
    process = subprocess.Popen(
        ["bash", "-c", redirect, chromium(), *args, "about:blank"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(theirs_read, theirs_write),
    )
    os.close(theirs_read)
    os.close(theirs_write)
    page = Page(process, ours_write, ours_read)
    try:
        target = page.call("Target.createTarget", session=False, url="about:blank")
        attached = page.call(
            "Target.attachToTarget", session=False, targetId=target["targetId"], flatten=True
        )
        page.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            page.call(f"{domain}.enable")
        page.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=width < 600,
        )
        page.call("Page.navigate", url=url)
        page.wait_for("Page.loadEventFired")
        yield page
    finally:
        with suppress(AssertionError, OSError):  # already gone
            page.call("Browser.close", session=False)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        os.close(ours_read)
        os.close(ours_write)
