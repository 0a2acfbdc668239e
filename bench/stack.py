"""The production stack the benchmark runs against, on this machine: a dedicated
PostgreSQL database, a dedicated Redis (append-only, so a stop/start keeps the Celery
queue), gunicorn serving the app with whitenoise, one Celery worker."""

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"
VAR = ROOT / "var" / "bench"


@dataclass
class StackConfig:
    db: str = "mentor_bench"
    port: int = 8200
    redis_port: int = 6390
    workers: int = 4
    threads: int = 1
    pg_host: str = "127.0.0.1"

    @property
    def database_url(self) -> str:
        return f"postgres://postgres@{self.pg_host}:5432/{self.db}"

    @property
    def host(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def secret_key() -> str:
    VAR.mkdir(parents=True, exist_ok=True)
    path = VAR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
    return path.read_text().strip()


def environment(cfg: StackConfig) -> dict[str, str]:
    """Production settings (DEBUG off, Redis cache, Celery on Redis, Argon2id), on plain
    HTTP behind one trusted proxy hop (the load generator plays the load balancer)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mentor.settings",
        "DATABASE_URL": cfg.database_url,
        "REDIS_URL": f"redis://127.0.0.1:{cfg.redis_port}/0",
        "SECRET_KEY": secret_key(),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_COOKIES": "false",
        "SECURE_SSL_REDIRECT": "false",
        "TRUSTED_PROXY_COUNT": "1",
        "MENTOR_VAR_DIR": str(VAR),
        "SITE_URL": cfg.host,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(VAR / "mail"),
        "LOG_LEVEL": "WARNING",
        # Persistent connections outliving a probe window (production keeps them 60 s): the
        # same PostgreSQL backends serve it from start to end, so their CPU is measured.
        "CONN_MAX_AGE": "600",
    }


def manage(env: dict, *args: str, log: Path) -> float:
    """Run a management command, its output appended to ``log``; returns its duration."""
    started = time.monotonic()
    with log.open("a") as out:
        subprocess.run(  # noqa: S603
            [str(VENV_BIN / "python"), "manage.py", *args],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=True,
        )
    return time.monotonic() - started


def solo_worker(
    env: dict, queue: str, *, name: str = "", loglevel: str = "WARNING", **popen
) -> subprocess.Popen:
    """One Celery worker of this virtualenv consuming ``queue`` alone (named ``name``,
    the queue's name by default): solo pool, one message prefetched at a time, so that
    several such workers share the chains of that queue one each; in its own process group,
    so that killing the group kills it whole. ``popen`` goes to ``subprocess.Popen``."""
    return subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "mentor",
            "worker",
            "-Q",
            queue,
            "--pool",
            "solo",
            "-n",
            f"{name or queue}@%h",
            "--prefetch-multiplier",
            "1",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "--loglevel",
            loglevel,
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        **popen,
    )


def database_ensure(cfg: StackConfig) -> bool:
    """Create the benchmark database when missing; True when it was created."""
    import psycopg

    with psycopg.connect(
        f"host={cfg.pg_host} user=postgres dbname=postgres", autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg.db]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{cfg.db}"')
    return not exists


@dataclass
class Stack:
    cfg: StackConfig
    env: dict
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    # --- Redis --------------------------------------------------------------------------
    def redis_start(self) -> None:
        server = shutil.which("redis-server")
        if server is None:
            sys.exit("redis-server is missing: install Debian's redis-server package")
        folder = VAR / "redis"
        folder.mkdir(parents=True, exist_ok=True)
        self.processes["redis"] = subprocess.Popen(  # noqa: S603
            [
                server,
                "--port", str(self.cfg.redis_port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "yes",
                "--dir", str(folder),
                "--logfile", str(VAR / "redis.log"),
            ],
            cwd=folder,
        )  # fmt: skip
        self._wait(lambda: self.redis().ping(), "Redis")

    def redis_stop(self) -> None:
        process = self.processes.pop("redis", None)
        if process and process.poll() is None:
            process.send_signal(signal.SIGTERM)  # graceful: the append-only file is synced
            process.wait(timeout=30)

    def redis(self):
        import redis

        return redis.Redis(port=self.cfg.redis_port, socket_connect_timeout=1)

    def queue_length(self) -> int:
        try:
            return int(self.redis().llen("celery"))
        except Exception:  # noqa: BLE001  (Redis down: unknown)
            return -1

    # --- the web and the worker ---------------------------------------------------------
    def web_start(self) -> None:
        self.access_log = VAR / "access.log"
        self.access_log.write_text("")
        self.processes["web"] = subprocess.Popen(  # noqa: S603
            [
                str(VENV_BIN / "gunicorn"), "mentor.wsgi:application",
                "--workers", str(self.cfg.workers),
                *(["--worker-class", "gthread", "--threads", str(self.cfg.threads)]
                  if self.cfg.threads > 1 else []),
                "--bind", f"127.0.0.1:{self.cfg.port}",
                "--backlog", "4096",
                "--timeout", "60",
                "--access-logfile", str(self.access_log),
                # method, path, query, status, server time in microseconds
                "--access-logformat", "%(m)s %(U)s %(q)s %(s)s %(D)s",
                "--error-logfile", str(VAR / "gunicorn.log"),
            ],
            cwd=ROOT,
            env=self.env,
        )  # fmt: skip
        # Workers import the whole app: on a loaded machine that takes more than a minute.
        self._wait(lambda: _get(f"{self.cfg.host}/healthz") == 200, "gunicorn", timeout=300)

    def worker_start(self) -> None:
        log = (VAR / "celery.log").open("a")
        self.processes["worker"] = subprocess.Popen(  # noqa: S603
            [
                str(VENV_BIN / "celery"), "-A", "mentor", "worker",
                "--concurrency", "1", "--loglevel", "WARNING",
                "--without-gossip", "--without-mingle",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip

    def web_worker_pids(self) -> list[int]:
        master = self.processes["web"].pid
        children = Path(f"/proc/{master}/task/{master}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def stop(self) -> None:
        for name in ("web", "worker"):
            process = self.processes.pop(name, None)
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
        self.redis_stop()

    @staticmethod
    def _wait(ready, what: str, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if ready():
                    return
            except Exception:  # noqa: BLE001, S110  (not up yet)
                pass
            time.sleep(0.3)
        sys.exit(f"{what} did not start in {timeout:.0f}s (see {VAR})")


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310  (loopback)
        return response.status


def peak_rss_mb(pid: int) -> float | None:
    """VmHWM: the peak resident set size of a process, in MiB."""
    return _status_mb(pid, "VmHWM:")


def rss_mb(pid: int) -> float | None:
    """VmRSS: the resident set size of a process now, in MiB."""
    return _status_mb(pid, "VmRSS:")


def _status_mb(pid: int, field: str) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None
