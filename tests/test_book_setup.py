"""scripts/book.py installs a hash-pinned lock with an exact pip; it says what it takes from apt.

These tests read the lock files and run book.py's functions with the commands they would run
recorded instead of run: nothing is installed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
CUDA_LOCK = ROOT / "requirements-cuda.lock"
#: The CPU build of torch that machines of this project's kind keep on disk (pip's find-links).
CPU_TORCH = Path("/opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl")


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


book = _load("nnbook_book", ROOT / "scripts" / "book.py")


def _pins(path: Path) -> list[tuple[str, list[str]]]:
    """(pin line, its continuation lines) for every requirement line of a requirements file."""
    pins, current = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0].isspace() and current is not None:
            current[1].append(line.strip())
        else:
            current = (line, [])
            pins.append(current)
    return pins


# --- the lock files ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", [LOCK, CUDA_LOCK], ids=lambda p: p.name)
def test_every_locked_package_is_pinned_exactly_with_hashes(path):
    pins = _pins(path)
    if path == LOCK:
        assert len(pins) > 100
    for line, rest in pins:
        assert re.match(r"^[A-Za-z0-9][\w.-]*==[^\s\\;]+ \\$", line), (
            f"{path.name}: `{line}` is not an exact pin followed by its hashes"
        )
        hashes = [h for h in rest if h.startswith("--hash=")]
        assert hashes, f"{path.name}: `{line}` has no --hash"
        for h in hashes:
            assert re.fullmatch(r"--hash=sha256:[0-9a-f]{64}( \\)?", h), h


def test_the_lock_pins_pip_and_the_tool_that_makes_it():
    entries = book.lock_entries(LOCK.read_text(encoding="utf-8"))
    assert {"pip", "pip-tools", "setuptools"} <= set(entries)
    assert re.fullmatch(r"\d+(\.\d+)+", entries["pip"]["version"])
    tools = book.closure(entries, "pip-tools")
    assert {"pip-tools", "pip", "build", "click"} <= set(tools)
    assert "numpy" not in tools and "torch" not in tools


def test_the_lock_satisfies_pyproject():
    """Every dependency of the package and of the `all` extras is locked within its range."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    entries = book.lock_entries(LOCK.read_text(encoding="utf-8"))
    wanted = list(project["dependencies"])
    for extra in book.extras_of_all():
        wanted += project["optional-dependencies"][extra]
    for text in wanted:
        requirement = Requirement(text)
        entry = entries.get(canonicalize_name(requirement.name))
        assert entry, f"requirements.lock does not pin {requirement.name}"
        assert requirement.specifier.contains(entry["version"], prereleases=True), (
            f"{requirement.name}=={entry['version']} is outside pyproject.toml's `{text}`"
        )


def test_torch_is_locked_for_the_cpu_build_and_for_pypi():
    entry = book.lock_entries(LOCK.read_text(encoding="utf-8"))["torch"]
    assert entry["version"] == "2.13.0"  # the public version: installable from PyPI
    assert entry.get("local_build") == "2.13.0+cpu"
    assert len(entry["hashes"]) > 2  # the CPU build's file and PyPI's files
    cuda = book.lock_entries(CUDA_LOCK.read_text(encoding="utf-8"))
    assert cuda, "requirements-cuda.lock is empty: where does PyPI's torch get its CUDA libraries?"
    assert not set(cuda) & set(book.lock_entries(LOCK.read_text(encoding="utf-8")))
    assert "triton" in cuda and any(name.startswith("nvidia-") for name in cuda)


@pytest.mark.skipif(not CPU_TORCH.exists(), reason=f"no {CPU_TORCH} on this machine")
def test_the_cpu_build_on_disk_is_one_of_the_locked_files():
    digest = hashlib.sha256(CPU_TORCH.read_bytes()).hexdigest()
    entry = book.lock_entries(LOCK.read_text(encoding="utf-8"))["torch"]
    assert f"sha256:{digest}" in entry["hashes"]


# --- what setup runs --------------------------------------------------------------------------


class Recorder:
    """Stands in for book.run and subprocess.run: records commands, runs nothing."""

    def __init__(self, check_failures: int = 0, picked: str | None = None):
        self.commands: list[list[str]] = []
        self.files: dict[str, str] = {}
        self.check_failures = check_failures
        self.picked = picked

    def run(self, cmd, **kw):
        cmd = [str(c) for c in cmd]
        self.commands.append(cmd)
        if "-r" in cmd:
            path = Path(cmd[cmd.index("-r") + 1])
            self.files[str(path)] = path.read_text(encoding="utf-8")

    def subprocess_run(self, cmd, **kw):
        cmd = [str(c) for c in cmd]
        self.commands.append(cmd)
        if cmd[-1] == "check":
            failing = self.check_failures > 0
            self.check_failures -= 1
            out = "torch 2.13.0 requires triton, which is not installed.\n" if failing else ""
            return subprocess.CompletedProcess(cmd, int(failing), out, "")
        if "--dry-run" in cmd:
            report = Path(cmd[cmd.index("--report") + 1])
            version = self.picked or cmd[-1].split("==")[1]
            report.write_text(json.dumps({"install": [{"metadata": {"version": version}}]}))
            return subprocess.CompletedProcess(cmd, 0, "", "")
        raise AssertionError(f"unexpected command {cmd}")


def _installs(commands):
    return [c for c in commands if c[1:4] == ["-m", "pip", "install"] and "--dry-run" not in c]


def _setup_commands(monkeypatch, tmp_path, **recorder_args) -> Recorder:
    recorder = Recorder(**recorder_args)
    monkeypatch.setattr(book, "run", recorder.run)
    monkeypatch.setattr(book.subprocess, "run", recorder.subprocess_run)
    book.install_locked(Path("/venv/bin/python"), tmp_path)
    return recorder


def test_setup_installs_the_exact_pip_first_then_the_lock_with_hashes(monkeypatch, tmp_path):
    recorder = _setup_commands(monkeypatch, tmp_path, picked="2.13.0+cpu")
    installs = _installs(recorder.commands)
    assert len(installs) == 2
    for cmd in installs:
        assert "--require-hashes" in cmd and "--no-deps" in cmd and "--upgrade" not in cmd
    pip_file = recorder.files[installs[0][installs[0].index("-r") + 1]]
    version = book.lock_entries(LOCK.read_text(encoding="utf-8"))["pip"]["version"]
    assert pip_file.startswith(f"pip=={version} \\\n    --hash=sha256:")
    assert list(book.lock_entries(pip_file)) == ["pip"]
    # where pip offers the CPU build, the lock is installed with torch pinned to it
    lock_text = recorder.files[installs[1][installs[1].index("-r") + 1]]
    assert re.search(r"^torch==2\.13\.0\+cpu \\$", lock_text, re.M)
    assert lock_text.replace("torch==2.13.0+cpu", "torch==2.13.0") == LOCK.read_text("utf-8")
    assert recorder.commands[-1][-2:] == ["pip", "check"]


def test_without_the_cpu_build_the_cuda_packages_come_from_their_lock(monkeypatch, tmp_path):
    recorder = _setup_commands(monkeypatch, tmp_path, check_failures=1)
    installs = _installs(recorder.commands)
    assert installs[1][-1] == str(LOCK)  # the lock as it is: PyPI's torch
    assert installs[-1][-2:] == ["-r", str(CUDA_LOCK)]
    assert "--require-hashes" in installs[-1]
    assert [c[-1] for c in recorder.commands].count("check") == 2


def test_an_incomplete_environment_stops_setup(monkeypatch, tmp_path):
    with pytest.raises(SystemExit, match="pip check"):
        _setup_commands(monkeypatch, tmp_path, check_failures=2)


def test_no_pip_install_in_book_py_goes_unchecked():
    """Every `pip install` of book.py checks hashes, but nnbook's own editable install, which
    uses no build isolation (so nothing unpinned is fetched) and no dependencies."""
    source = (ROOT / "scripts" / "book.py").read_text(encoding="utf-8")
    assert "--upgrade" not in re.sub(r'""".*?"""|#.*', "", source, flags=re.S)
    calls = re.findall(r'"pip",\s*"install",([^\]]*)\]', source)
    assert calls
    for call in calls:
        if '"-e"' in call:
            assert '"--no-deps"' in call and '"--no-build-isolation"' in call
        elif '"--dry-run"' not in call:
            assert "*LOCKED" in call or '"--require-hashes"' in call, call
    assert book.LOCKED == ["--require-hashes", "--no-deps"]


# --- system packages --------------------------------------------------------------------------


def _apt(monkeypatch, *, root: bool, skip: bool = False, apt: bool = True):
    commands = []
    monkeypatch.setattr(book, "_found", lambda program: False)
    monkeypatch.setattr(book.os, "geteuid", lambda: 0 if root else 1000)
    tools = {"apt-get": "/usr/bin/apt-get" if apt else None, "sudo": "/usr/bin/sudo"}
    monkeypatch.setattr(book.shutil, "which", lambda name: tools.get(name))
    monkeypatch.setattr(book, "run", lambda cmd, **kw: commands.append([str(c) for c in cmd]))
    book.apt_packages(["dot", "chromium"], skip=skip)
    return commands


def test_apt_says_what_it_installs_and_why_and_that_it_uses_sudo(monkeypatch, capsys):
    commands = _apt(monkeypatch, root=False)
    said = capsys.readouterr().out
    assert said.index("graphviz") < said.index("chromium")
    assert "`dot`" in said and "computational graphs" in said and "browser tests" in said
    assert "sudo" in said and "NNBOOK_SKIP_APT=1" in said and "--no-system-packages" in said
    assert commands[0][:2] == ["sudo", "apt-get"]
    assert commands[-1][0] == "sudo" and commands[-1][-2:] == ["graphviz", "chromium"]


def test_apt_as_root_needs_no_sudo(monkeypatch, capsys):
    commands = _apt(monkeypatch, root=True)
    assert all(c[0] == "apt-get" for c in commands)
    assert "sudo" not in capsys.readouterr().out


def test_apt_can_be_skipped(monkeypatch, capsys):
    assert _apt(monkeypatch, root=False, skip=True) == []
    assert "Skipping" in capsys.readouterr().out


def test_without_apt_it_names_the_packages_and_stops(monkeypatch):
    with pytest.raises(SystemExit, match="graphviz"):
        _apt(monkeypatch, root=True, apt=False)


@pytest.mark.parametrize(
    "argv, env, skipped",
    [
        (["setup"], {}, False),
        (["--no-system-packages", "setup"], {}, True),
        (["test", "--no-system-packages", "-k", "mlp"], {}, True),
        (["setup"], {"NNBOOK_SKIP_APT": "1"}, True),
        (["setup"], {"NNBOOK_SKIP_APT": "0"}, False),
    ],
)
def test_the_skip_switches(monkeypatch, argv, env, skipped):
    seen = {}
    monkeypatch.delenv("NNBOOK_SKIP_APT", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(
        book, "setup", lambda with_browser, skip_system: seen.update(skip=skip_system)
    )

    def fake_run(cmd, **kw):
        seen["pytest"] = cmd
        return subprocess.CompletedProcess(cmd, 0)

    monkeypatch.setattr(book.subprocess, "run", fake_run)
    book.main(argv)
    assert seen["skip"] is skipped
    if argv[0] == "test":
        assert seen["pytest"][-2:] == ["-k", "mlp"]  # the flag is not passed on to pytest


def test_chromium_is_looked_for_where_the_browser_tests_look():
    from nnbook_site import page_weights

    assert book.CHROMIUM == page_weights.CHROMIUM


# --- how the lock is made ---------------------------------------------------------------------

MAIN = """\
#
#    python3 scripts/book.py lock
#
filelock==4.3.1 \\
    --hash=sha256:{a}
    # via torch
torch==2.13.0+cpu \\
    --hash=sha256:{b}
    # via nnbook (pyproject.toml)
"""
CUDA = """\
filelock==4.3.1 \\
    --hash=sha256:{a}
    # via
    #   -c pins.txt
    #   torch
torch==2.13.0 \\
    --hash=sha256:{c} \\
    --hash=sha256:{d}
    # via -r torch.in
triton==3.7.1 \\
    --hash=sha256:{e}
    # via torch
"""


def test_merge_pins_the_public_version_with_the_hashes_of_both_builds():
    h = {k: k * 64 for k in "abcde"}
    main = book.lock_entries(MAIN.format(**h))
    cuda = book.lock_entries(CUDA.format(**h))
    main_text, cuda_text = book.merge_locks("# header\n", main, cuda)
    merged = book.lock_entries(main_text)
    assert merged["torch"]["version"] == "2.13.0"
    assert merged["torch"]["local_build"] == "2.13.0+cpu"
    assert merged["torch"]["hashes"] == [f"sha256:{h[k]}" for k in "bcd"]
    assert list(book.lock_entries(cuda_text)) == ["triton"]
    assert "-c pins.txt" not in cuda_text and "-r torch.in" not in cuda_text
    assert main_text.startswith("# header\n# Installed by")
