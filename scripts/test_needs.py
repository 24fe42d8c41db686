"""What `make test` needs besides Python, set up as `make run` sets up the app.

    python scripts/test_needs.py        # exit 0: all there (installed now if it can)

Debian's Chromium (the browser tests), HAProxy (the proxy tests) and PostgreSQL (the saved runs
on PostgreSQL; the tests start their own throwaway server from its programs). What is missing is
installed with apt-get, once, saying so, when this user may (root, or sudo without a password);
otherwise the script stops with one sentence per missing part and the command that adds it
(exit 1). `make test-quick` runs the tests that need none of them.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class Need:
    name: str                      # as a person says it
    package: str                   # Debian's package
    used_by: str                   # which tests need it
    present: Callable[[], bool]


NEEDS = (
    Need("Chromium", "chromium", "the browser tests", lambda: Path("/usr/bin/chromium").is_file()),
    Need("HAProxy", "haproxy", "the proxy tests",
         lambda: shutil.which("haproxy", path=os.environ.get("PATH", "") + ":/usr/sbin")
         is not None),
    Need("PostgreSQL", "postgresql", "the saved-runs tests on PostgreSQL",
         lambda: bool(glob.glob("/usr/lib/postgresql/*/bin/initdb"))),
)


def apt_prefix() -> list[str] | None:
    """How this user runs apt-get: [] as root, ["sudo", "-n"] with sudo without a password,
    None when it cannot."""
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True,
                                               stdin=subprocess.DEVNULL).returncode == 0:
        return ["sudo", "-n"]
    return None


def main(needs=NEEDS, prefix: Callable[[], list[str] | None] = apt_prefix,
         run: Callable[..., subprocess.CompletedProcess] = subprocess.run, out=sys.stdout) -> int:
    missing = [n for n in needs if not n.present()]
    if not missing:
        return 0
    packages = [n.package for n in missing]
    apt = prefix()
    if apt is None:
        print("make test needs what this machine lacks (or run `make test-quick`, the tests "
              "without them):", file=out)
        for n in missing:
            print(f"  {n.name} is not installed, for {n.used_by}: "
                  f"sudo apt-get install {n.package}", file=out)
        return 1
    print(f"make test: installing {', '.join(n.name for n in missing)} (Debian's "
          f"{' '.join(packages)}, for {', '.join(n.used_by for n in missing)}) with apt-get, "
          "once.", file=out, flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"],
                    ["apt-get", "install", "-y", "-qq", *packages]):
        done = run([*apt, *command], env=env, stdin=subprocess.DEVNULL)
        if done.returncode:
            print(f"make test: `{' '.join(command)}` failed (exit {done.returncode}); install "
                  f"them by hand: sudo apt-get install {' '.join(packages)}", file=out)
            return 1
    still = [n for n in missing if not n.present()]
    for n in still:
        print(f"  {n.name} is still missing after apt-get, for {n.used_by}: "
              f"sudo apt-get install {n.package}", file=out)
    return 1 if still else 0


if __name__ == "__main__":
    sys.exit(main())
