"""scripts/test_needs.py, what `make test` runs first: nothing when all is there; apt-get update and
one apt-get install of the missing packages when it may; otherwise one sentence per missing part
with its command and exit 1. Absence is faked here (nothing is installed or removed)."""
import io
import subprocess

from scripts import test_needs
from scripts.test_needs import Need

THERE = Need("Chromium", "chromium", "the browser tests", lambda: True)


def absent(name, package, used_by, installed: set):
    """A part that is missing until the fake apt-get puts ``package`` in ``installed``."""
    return Need(name, package, used_by, lambda: package in installed)


class FakeApt:
    def __init__(self, installs: set, code=0):
        self.calls, self.installs, self.code = [], installs, code

    def __call__(self, command, **kwargs):
        self.calls.append(command)
        if "install" in command and not self.code:
            self.installs.update(command[command.index("-qq") + 1:])
        return subprocess.CompletedProcess(command, self.code)


def test_nothing_is_run_when_everything_is_there():
    apt, out = FakeApt(set()), io.StringIO()
    assert test_needs.main([THERE], prefix=lambda: [], run=apt, out=out) == 0
    assert apt.calls == [] and out.getvalue() == ""


def test_root_installs_what_is_missing_once_and_says_so():
    installed = set()
    haproxy = absent("HAProxy", "haproxy", "the proxy tests", installed)
    pg = absent("PostgreSQL", "postgresql", "the saved-runs tests", installed)
    apt, out = FakeApt(installed), io.StringIO()
    assert test_needs.main([THERE, haproxy, pg], prefix=lambda: [], run=apt, out=out) == 0
    assert apt.calls == [["apt-get", "update", "-qq"],
                         ["apt-get", "install", "-y", "-qq", "haproxy", "postgresql"]]
    said = out.getvalue()
    assert said.count("\n") == 1 and "installing HAProxy, PostgreSQL" in said
    again = FakeApt(installed)
    assert test_needs.main([THERE, haproxy, pg], prefix=lambda: [], run=again) == 0
    assert again.calls == []                                          # once


def test_sudo_without_a_password_is_used():
    installed = set()
    apt = FakeApt(installed)
    chromium = absent("Chromium", "chromium", "the browser tests", installed)
    assert test_needs.main([chromium], prefix=lambda: ["sudo", "-n"], run=apt,
                           out=io.StringIO()) == 0
    assert [c[:3] for c in apt.calls] == [["sudo", "-n", "apt-get"]] * 2


def test_without_rights_it_stops_with_one_sentence_per_missing_part():
    chromium = absent("Chromium", "chromium", "the browser tests", set())
    pg = absent("PostgreSQL", "postgresql", "the saved-runs tests on PostgreSQL", set())
    apt, out = FakeApt(set()), io.StringIO()
    assert test_needs.main([chromium, THERE, pg], prefix=lambda: None, run=apt, out=out) == 1
    assert apt.calls == []
    lines = out.getvalue().splitlines()
    assert "make test-quick" in lines[0]
    assert lines[1:] == [
        "  Chromium is not installed, for the browser tests: sudo apt-get install chromium",
        "  PostgreSQL is not installed, for the saved-runs tests on PostgreSQL: "
        "sudo apt-get install postgresql"]


def test_a_failed_apt_get_stops_with_the_command_to_run():
    installed = set()
    chromium = absent("Chromium", "chromium", "the browser tests", installed)
    apt, out = FakeApt(installed, code=100), io.StringIO()
    assert test_needs.main([chromium], prefix=lambda: [], run=apt, out=out) == 1
    assert "sudo apt-get install chromium" in out.getvalue()

