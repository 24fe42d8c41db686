"""A throwaway PostgreSQL server for the tests, from Debian's binaries (/usr/lib/postgresql/*/bin).

    with PostgresServer() as server:       # initdb + pg_ctl start in a new folder of /tmp
        server.url                         # postgresql+psycopg://postgres@/nn_test?host=<folder>

The server listens on a Unix socket in its own folder only (no TCP port to collide with another
test process), trusts its local users, and runs with fsync off: its data live as long as the
block. PostgreSQL refuses to run as root: as root, the folder is given to the ``postgres`` user
and every command runs as that user (runuser), as Debian's own scripts do. Nothing outside the
folder is touched; the server is stopped (immediate mode) and the folder removed at the end.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

#: Where Debian installs each PostgreSQL version's programs.
BIN_GLOB = "/usr/lib/postgresql/*/bin"
INSTALL_HINT = "PostgreSQL is not installed (Debian: apt-get install postgresql)"


def bindir(pattern: str = BIN_GLOB) -> Path | None:
    """The newest installed PostgreSQL's bin folder (with initdb), or None."""
    found = [Path(d) for d in glob.glob(pattern) if (Path(d) / "initdb").is_file()]
    return max(found, key=lambda d: [int(p) if p.isdigit() else 0 for p in d.parent.name.split(".")],
               default=None)


class PostgresServer:
    """One PostgreSQL cluster with one empty database ``nn_test``, as a context manager."""

    def __init__(self, database: str = "nn_test"):
        self.database = database
        self.bin = bindir()
        if self.bin is None:
            raise RuntimeError(INSTALL_HINT)
        self.as_root = os.geteuid() == 0
        self.dir: Path | None = None

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@/{self.database}?host={self.dir}"

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode:
            log = self.dir / "server.log"
            raise RuntimeError(f"{' '.join(args[:1])} failed ({done.returncode}): "
                               f"{done.stdout}{done.stderr}"
                               f"{log.read_text()[-2000:] if log.exists() else ''}")

    def __enter__(self) -> PostgresServer:
        self.dir = Path(tempfile.mkdtemp(prefix="nn-test-pg."))
        try:
            if self.as_root:
                shutil.chown(self.dir, "postgres", "postgres")
            self._run("initdb", "-D", f"{self.dir}/data", "-U", "postgres", "-A", "trust",
                      "-E", "UTF8", "--no-locale", "--no-sync")
            self._run("pg_ctl", "-D", f"{self.dir}/data", "-l", f"{self.dir}/server.log", "-w",
                      "-t", "120", "-o", f"-c listen_addresses='' -k {self.dir} -c fsync=off "
                      "-c synchronous_commit=off -c full_page_writes=off", "start")
            self._run("createdb", "-h", str(self.dir), "-U", "postgres", self.database)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        if self.dir is None:
            return
        if (self.dir / "data" / "postmaster.pid").exists():
            try:
                self._run("pg_ctl", "-D", f"{self.dir}/data", "-m", "immediate", "-w", "stop")
            except (RuntimeError, subprocess.TimeoutExpired):
                pass
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None
