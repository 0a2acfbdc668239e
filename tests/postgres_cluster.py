"""A private, throwaway PostgreSQL cluster for the tests that need more connections than
the shared server can spare (its ``max_connections`` is 100, and the other test workers and
the application use some): initdb in a temporary folder, started on a free port of
127.0.0.1 with the connections asked for, stopped and removed at the end.

It uses the PostgreSQL binaries of the machine (``initdb``/``pg_ctl`` on the ``PATH`` or in
``/usr/lib/postgresql/<version>/bin``). initdb refuses to run as root: as root (CI), the
cluster is created and run as the ``postgres`` operating-system user (``runuser``)."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


class ClusterUnavailable(RuntimeError):
    pass


def _bindir() -> Path:
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if not versions:
        raise ClusterUnavailable(
            "initdb not found (PATH, /usr/lib/postgresql/*/bin): install the PostgreSQL server"
        )
    return versions[-1].parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateCluster:
    """``with PrivateCluster(max_connections=150) as cluster:`` then ``cluster.port``."""

    def __init__(self, *, max_connections: int) -> None:
        self.max_connections = max_connections
        self.bindir = _bindir()
        self.runas: list[str] = []
        self.owner: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            try:
                self.owner = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise ClusterUnavailable(
                    "running as root and there is no 'postgres' user to run initdb as"
                ) from exc
            self.runas = ["runuser", "-u", "postgres", "--"]
        self.folder = Path(tempfile.mkdtemp(prefix="mentor-pg-"))
        self.port = 0

    def _run(self, *args: str) -> None:
        result = subprocess.run(  # noqa: S603  (the machine's own binaries, fixed arguments)
            [*self.runas, *args], capture_output=True, text=True, check=False
        )
        if result.returncode:
            raise ClusterUnavailable(f"{args[0]} failed: {result.stdout}{result.stderr}")

    def start(self) -> PrivateCluster:
        if self.owner:
            os.chown(self.folder, self.owner.pw_uid, self.owner.pw_gid)
        data = self.folder / "data"
        self._run(
            str(self.bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        # A port found free may be taken before the server binds it: try a few.
        for _attempt in range(5):
            self.port = _free_port()
            options = (
                f"-p {self.port} -h 127.0.0.1 -k {self.folder} "
                f"-c max_connections={self.max_connections} "
                # A throwaway cluster: durability is not what the tests measure.
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            try:
                self._run(
                    str(self.bindir / "pg_ctl"), "-D", str(data), "-l",
                    str(self.folder / "server.log"), "-w", "-t", "60", "-o", options, "start",
                )  # fmt: skip
            except ClusterUnavailable:
                continue
            return self
        raise ClusterUnavailable(
            "the private PostgreSQL did not start: " + (self.folder / "server.log").read_text()
        )

    def stop(self) -> None:
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"),
                      "-m", "immediate", "stop")  # fmt: skip
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> PrivateCluster:
        try:
            return self.start()
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise

    def __exit__(self, *_exc) -> None:
        self.stop()
