"""Start a real Broadsheet deployment on loopback: the embedded default (one `broadsheet serve`
on SQLite and local files) or the scale-out one (several `broadsheet serve` on one PostgreSQL,
one Redis and one file store, behind nginx, with the background worker as its own process).

Used by tests/scaleout/ and by bench/load.py; it imports no Django, only starts processes.
Every process is started in its own session, so it (and a gunicorn master's workers) can be
killed as a group; everything started is stopped when the context ends.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BROADSHEET = [sys.executable, "-m", "broadsheet.cli"]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"


# Under pytest-xdist (`make test`) each worker hands out ports from a block of its own, below
# the kernel's ephemeral range (32768-60999), so a port picked here for a server about to start
# is never picked by another worker, nor given to a client socket, before that server binds it.
PORT_BLOCK = 400
_next_port = [0]


def free_port() -> int:
    """A loopback port nothing listens on, for a process about to be started."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.removeprefix("gw").isdigit():
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return int(sock.getsockname()[1])
    first = 20000 + int(worker.removeprefix("gw")) * PORT_BLOCK
    for _ in range(PORT_BLOCK):
        port = first + _next_port[0] % PORT_BLOCK
        _next_port[0] += 1
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue  # in use (or lingering) since an earlier test: the next one
            return port
    raise RuntimeError(f"no free port in {first}-{first + PORT_BLOCK - 1}")


def wait_http(url: str, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    """Wait until `url` answers anything at all over HTTP (even 404)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def wait_port(port: int, process: subprocess.Popen[bytes], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {seconds} s")


def rss_kb(pid: int) -> int:
    """Resident memory of one process, from /proc (0 if it is gone)."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(p) for p in (task / "children").read_text().split()]
    return found


@dataclass
class Deployment:
    url: str  # where readers go: nginx, or the one server
    servers: list[str]  # each app server's own URL
    env: dict[str, str]  # the environment the app processes share
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    redis_url: str = ""
    root: Path = Path()  # the folder with every process's log (and nginx/nginx-error.log)

    def memory(self) -> dict[str, int]:
        """RSS in kB of every process of the deployment, gunicorn workers one by one."""
        sizes: dict[str, int] = {}
        for name, process in self.processes.items():
            if process.poll() is not None:
                continue
            sizes[name] = rss_kb(process.pid)
            if name.startswith("server"):
                for n, child in enumerate(sorted(children(process.pid)), 1):
                    sizes[f"{name}/worker-{n}"] = rss_kb(child)
        return sizes

    def kill(self, name: str) -> None:
        """Kill a process and everything it started at once (SIGKILL, no clean shutdown)."""
        process = self.processes[name]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _start(
    command: list[str], env: dict[str, str], log: Path, cwd: Path | None = None
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command,
        env=env,
        cwd=cwd,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def start_redis(root: Path) -> tuple[subprocess.Popen[bytes], str]:
    """A throwaway redis-server: no persistence, bounded memory, least recently used out."""
    port = free_port()
    work = root / "redis"
    work.mkdir(parents=True, exist_ok=True)
    command = [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(work)]
    command += ["--save", "", "--appendonly", "no", "--daemonize", "no"]
    command += ["--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"]
    process = _start(command, dict(os.environ), root / "redis.log")
    wait_port(port, process)
    return process, f"redis://127.0.0.1:{port}/0"


def s3_environment() -> dict[str, str] | None:
    """The object store of scripts/test-s3.sh (moto), if the script is there: the variables it
    prints (NAME=value lines), else None (the servers then share one local folder)."""
    script = ROOT / "scripts" / "test-s3.sh"
    if not script.exists():
        return None
    out = subprocess.run([str(script), "start"], check=True, capture_output=True, text=True)
    found: dict[str, str] = {}
    for line in out.stdout.splitlines():
        name, sep, value = line.removeprefix("export ").partition("=")
        if sep and name.strip().isidentifier():
            found[name.strip()] = value.strip().strip("'\"")
    return found or None


NGINX_CONF = """\
daemon off;
worker_processes 2;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log warn;
{user}
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    client_max_body_size 250m;
    # Page images and PDFs are public for 5 minutes, then nginx revalidates them by ETag (a
    # replaced page keeps its URLs); pages, articles and search are not kept here.
    proxy_cache_path {root}/cache levels=1:2 keys_zone=files:10m max_size=1g inactive=1h
                     use_temp_path=off;
    upstream broadsheet {{
{servers}
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port};
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_connect_timeout 2s;
        proxy_read_timeout 120s;
        # A server that is down or dies mid-request: try the next one. nginx never retries a
        # POST (non-idempotent) unless told to, so an upload is never sent twice.
        proxy_next_upstream error timeout http_502;
        proxy_next_upstream_tries 3;
        location / {{
            proxy_pass http://broadsheet;
        }}
        location ~ \\.(jpg|webp|pdf)$ {{
            proxy_pass http://broadsheet;
            proxy_cache {cache};
            proxy_cache_lock on;
            proxy_cache_revalidate on;
            proxy_cache_use_stale error timeout updating http_502;
            add_header X-Cache-Status $upstream_cache_status;
        }}
    }}
}}
"""


def start_nginx(
    root: Path, upstreams: list[int], file_cache: bool = True
) -> tuple[subprocess.Popen[bytes], int]:
    work = root / "nginx"
    work.mkdir(parents=True, exist_ok=True)
    port = free_port()
    servers = "\n".join(
        f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in upstreams
    )
    user = "user root;" if os.geteuid() == 0 else ""
    conf = work / "nginx.conf"
    cache = "files" if file_cache else "off"
    conf.write_text(
        NGINX_CONF.format(root=work, servers=servers, port=port, user=user, cache=cache)
    )
    command = [NGINX, "-p", str(work), "-e", str(work / "nginx-error.log"), "-c", str(conf)]
    process = _start(command, dict(os.environ), root / "nginx.log")
    wait_port(port, process)
    return process, port


def collect_static(env: dict[str, str], data_dir: Path, log: Path) -> None:
    subprocess.run(
        [*BROADSHEET, "collectstatic", "--noinput", "--verbosity", "0"],
        env={**env, "BROADSHEET_DATA_DIR": str(data_dir)},
        check=True,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def start_server(
    env: dict[str, str], data_dir: Path, port: int, web_workers: int, log: Path
) -> subprocess.Popen[bytes]:
    command = [*BROADSHEET, "serve", "--no-prepare", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", str(web_workers)]
    return _start(command, {**env, "BROADSHEET_DATA_DIR": str(data_dir)}, log)


def start_worker(
    env: dict[str, str], data_dir: Path, name: str, log: Path
) -> subprocess.Popen[bytes]:
    command = [*BROADSHEET, "db_worker", "--interval", "0.2", "--no-startup-delay"]
    command += ["--worker-id", name]
    return _start(command, {**env, "BROADSHEET_DATA_DIR": str(data_dir)}, log)


def _server_dir(root: Path, name: str, static: Path, files: Path | None) -> Path:
    """A server's own data folder: static files linked to the one collected copy, and (without
    an object store) the stored files linked to the one shared folder."""
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "static").symlink_to(static, target_is_directory=True)
    if files is not None:
        (folder / "files").symlink_to(files, target_is_directory=True)
    return folder


@contextlib.contextmanager
def scale_out(
    root: Path,
    env: dict[str, str],
    *,
    servers: int = 2,
    web_workers: int = 2,
    worker: bool = True,
    files: Path | None = None,
    file_cache: bool = True,
) -> Iterator[Deployment]:
    """Redis, `servers` × `broadsheet serve` (each its own data folder), the worker as its own
    process, nginx in front. `env` holds what they share: DATABASE_URL (PostgreSQL),
    BROADSHEET_SECRET_KEY and the object store's variables; without an object store, `files`
    is the folder all of them keep their files in. `file_cache`: nginx keeps page images and
    PDFs (as docs/scale-out.md recommends)."""
    started: list[subprocess.Popen[bytes]] = []
    try:
        redis, redis_url = start_redis(root)
        started.append(redis)
        shared = {
            **env,
            "BROADSHEET_REDIS_URL": redis_url,
            "BROADSHEET_TRUSTED_PROXIES": "127.0.0.1",
        }
        static = root / "static-build"
        collect_static(shared, static, root / "collectstatic.log")
        deployment = Deployment(url="", servers=[], env=shared, redis_url=redis_url, root=root)
        deployment.processes["redis"] = redis
        ports = [free_port() for _ in range(servers)]
        for n, port in enumerate(ports, 1):
            folder = _server_dir(root, f"server-{n}", static / "static", files)
            process = start_server(shared, folder, port, web_workers, root / f"server-{n}.log")
            started.append(process)
            deployment.processes[f"server-{n}"] = process
            deployment.servers.append(f"http://127.0.0.1:{port}")
        if worker:
            folder = _server_dir(root, "worker", static / "static", files)
            process = start_worker(shared, folder, "worker-1", root / "worker.log")
            started.append(process)
            deployment.processes["worker"] = process
        for n, url in enumerate(deployment.servers, 1):
            wait_http(url + "/robots.txt", deployment.processes[f"server-{n}"])
        nginx, port = start_nginx(root, ports, file_cache)
        started.append(nginx)
        deployment.processes["nginx"] = nginx
        deployment.url = f"http://127.0.0.1:{port}"
        yield deployment
    finally:
        for process in reversed(started):
            _stop(process)


@contextlib.contextmanager
def embedded(
    root: Path, data_dir: Path, env: dict[str, str], *, web_workers: int = 2, worker: bool = True
) -> Iterator[Deployment]:
    """The default: one `broadsheet serve` on the SQLite database and files in `data_dir`,
    per-process cache, with the worker started beside it."""
    env = {**env, "BROADSHEET_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    env.pop("BROADSHEET_REDIS_URL", None)
    started: list[subprocess.Popen[bytes]] = []
    try:
        collect_static(env, data_dir, root / "collectstatic.log")
        port = free_port()
        server = start_server(env, data_dir, port, web_workers, root / "server-1.log")
        started.append(server)
        url = f"http://127.0.0.1:{port}"
        deployment = Deployment(url=url, servers=[url], env=env, root=root)
        deployment.processes["server-1"] = server
        if worker:
            process = start_worker(env, data_dir, "worker-1", root / "worker.log")
            started.append(process)
            deployment.processes["worker"] = process
        wait_http(url + "/robots.txt", server)
        yield deployment
    finally:
        for process in reversed(started):
            _stop(process)
