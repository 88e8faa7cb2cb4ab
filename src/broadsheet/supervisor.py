"""`broadsheet serve --with-worker`: the web server and the background worker as children of
one small supervisor, which restarts the worker whenever it dies.

The web server decides: when it exits, the worker is stopped and the supervisor exits with
its status. SIGTERM, SIGINT and SIGHUP are passed on to both. A worker that keeps dying at
once is restarted with a growing pause (1 s, 2 s, … up to 30 s), so a broken configuration
does not spin the machine.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from types import FrameType

POLL = 0.5
MAX_PAUSE = 30.0
HEALTHY_AFTER = 60.0  # a worker that lived this long starts the pauses over


def _describe(code: int) -> str:
    if code < 0:
        try:
            return f"signal {-code} ({signal.Signals(-code).name})"
        except ValueError:
            return f"signal {-code}"
    return f"exit status {code}"


def supervise(server: list[str], worker: list[str]) -> int:
    stopping = False
    children: dict[str, subprocess.Popen[bytes]] = {}

    def forward(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signum)

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, forward)

    children["server"] = subprocess.Popen(server)
    children["worker"] = subprocess.Popen(worker)
    started, pause, restart_at = time.monotonic(), 0.5, 0.0
    try:
        while True:
            code = children["server"].poll()
            if code is not None:
                return code
            if stopping:
                time.sleep(POLL)
                continue
            worker_code = children["worker"].poll()
            now = time.monotonic()
            if worker_code is not None and restart_at == 0.0:
                lived = now - started
                pause = 1.0 if lived > HEALTHY_AFTER else min(MAX_PAUSE, pause * 2)
                print(
                    f"broadsheet: the background worker stopped ({_describe(worker_code)}) "
                    f"after {lived:.0f} s; restarting it in {pause:.0f} s",
                    file=sys.stderr,
                    flush=True,
                )
                restart_at = now + pause
            if restart_at and now >= restart_at:
                children["worker"] = subprocess.Popen(worker)
                started, restart_at = now, 0.0
            time.sleep(POLL)
    finally:
        for child in children.values():
            if child.poll() is None:
                child.terminate()
        deadline = time.monotonic() + 20
        for child in children.values():
            try:
                child.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
