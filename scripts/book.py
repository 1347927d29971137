#!/usr/bin/env python3
"""Set up, build, serve and test nnbook with one command (standard library only).

    python3 scripts/book.py serve    # set up, then build and serve the site on http://127.0.0.1:8000/nnbook/
    python3 scripts/book.py test     # set up, then run every test (builds the site strictly)
    python3 scripts/book.py build    # set up, then build the site into site/
    python3 scripts/book.py setup    # only set up
    python3 scripts/book.py lock     # refresh requirements.lock (hash-pinned) with pip-compile
    python3 scripts/book.py lock --upgrade   # ... taking the newest releases pyproject.toml allows

Setting up means, each step skipped when already done:

1. system packages from apt, each said before it is installed: graphviz (its `dot` program
   draws the computational graphs) and, for the browser tests, chromium. apt-get runs as root,
   or with sudo (said first). Skip the step with NNBOOK_SKIP_APT=1 or --no-system-packages,
   e.g. when your system has them under other names;
2. a virtual environment in .venv: first the exact pip that requirements.lock pins, then every
   package of requirements.lock, hash-checked (`pip install --require-hashes --no-deps`), then
   `pip check`. torch: where pip offers the CPU build the lock was made with (2.13.0+cpu, e.g.
   a wheel in pip's find-links), that build is pinned; elsewhere pip takes PyPI's release, and
   where that is a CUDA build, the CUDA packages it needs come from requirements-cuda.lock,
   hash-checked too. Last, nnbook itself in editable mode (no build isolation: nothing
   unpinned is downloaded);
3. MathJax from npm (package-lock.json) into node_modules/, which the build runs to typeset
   maths as SVG (nothing of it is copied into the site).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
LOCK = ROOT / "requirements.lock"
#: What PyPI's Linux build of torch needs beyond the lock (the CUDA libraries), hash-pinned.
CUDA_LOCK = ROOT / "requirements-cuda.lock"
#: Where the browser tests look for Chromium (nnbook_site/page_weights.py).
CHROMIUM = "/usr/bin/chromium"
#: program -> (Debian package, what the book needs it for)
SYSTEM_PACKAGES = {
    "dot": ("graphviz", "its `dot` program draws the computational graphs of the autodiff pages"),
    "chromium": ("chromium", "the browser tests open the built site in headless Chromium"),
}
SKIP_APT_FLAG = "--no-system-packages"
#: The pip install options every locked install uses: exact files, checked against the lock's
#: hashes; no resolution (the lock is complete, `pip check` proves it afterwards).
LOCKED = ["--require-hashes", "--no-deps"]


def run(cmd: list, **kw) -> None:
    print("+", " ".join(map(str, cmd)), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=kw.pop("cwd", ROOT), **kw)


def _digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes() if p.exists() else b"")
    return h.hexdigest()


def _stamp_ok(stamp: Path, digest: str) -> bool:
    return stamp.exists() and stamp.read_text().strip() == digest


# --- system packages --------------------------------------------------------------------------


def _found(program: str) -> bool:
    if program == "chromium":
        return Path(CHROMIUM).exists()
    return shutil.which(program) is not None


def apt_packages(programs: list[str], skip: bool = False) -> None:
    """Install the Debian packages that provide ``programs``, saying which and why first."""
    missing = [p for p in programs if not _found(p)]
    if not missing:
        return
    lines = "\n".join(f"  {SYSTEM_PACKAGES[p][0]:<9} {SYSTEM_PACKAGES[p][1]}" for p in missing)
    if skip:
        print(
            f"Skipping system packages (NNBOOK_SKIP_APT=1 or {SKIP_APT_FLAG}); not found:\n"
            f"{lines}\n(`dot` is looked for on PATH, Chromium at {CHROMIUM}.)",
            flush=True,
        )
        return
    if shutil.which("apt-get") is None:
        sys.exit(
            f"Please install these with your system's package manager:\n{lines}\n"
            f"then run this command again (NNBOOK_SKIP_APT=1 skips this check)."
        )
    as_root = os.geteuid() == 0
    print(f"System packages to install with apt-get:\n{lines}", flush=True)
    if not as_root:
        if shutil.which("sudo") is None:
            sys.exit("Not root and no sudo: install them as root, or set NNBOOK_SKIP_APT=1.")
        print("Not running as root: apt-get runs with sudo, which may ask for your password.")
    print(f"(NNBOOK_SKIP_APT=1 or {SKIP_APT_FLAG} skips this step.)", flush=True)
    sudo = [] if as_root else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    packages = [SYSTEM_PACKAGES[p][0] for p in missing]
    run(sudo + ["apt-get", "update", "-qq"], env=env)
    run(sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages], env=env)


# --- reading the lock files -------------------------------------------------------------------

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s\\;]+)")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_entries(text: str) -> dict[str, dict]:
    """The pinned packages of a pip-compile file: normalised name -> its entry.

    An entry holds the ``name``, ``version``, ``hashes`` (``sha256:...``), ``via`` (the
    packages that need it, from pip-compile's annotations), ``lines`` (its text) and, where
    the lock was made from a build with a local label (``2.13.0+cpu``), ``local_build``.
    """
    entries: dict[str, dict] = {}
    current = None
    for line in text.splitlines():
        pin = _PIN.match(line)
        if pin:
            current = {
                "name": pin.group(1),
                "version": pin.group(3),
                "hashes": [],
                "via": [],
                "lines": [line],
            }
            entries[_norm(pin.group(1))] = current
        elif current is not None and line.startswith((" ", "\t")):
            current["lines"].append(line)
            stripped = line.strip()
            current["hashes"] += re.findall(r"--hash=(sha256:[0-9a-f]{64})", stripped)
            local = re.match(r"#\s+local build:\s+(\S+)", stripped)
            if local:
                current["local_build"] = local.group(1)
                continue
            via = re.match(r"#\s+(?:via\s+)?([A-Za-z0-9][A-Za-z0-9._-]*)(?:\s|$)", stripped)
            if via and via.group(1) != "via":
                current["via"].append(_norm(via.group(1)))
        else:
            current = None
    return entries


def _entry_text(entry: dict, version: str | None = None, hashes=None) -> str:
    """An entry as pip-compile writes it, with another version or hashes if given."""
    version = version or entry["version"]
    hashes = sorted(set(entry["hashes"] if hashes is None else hashes))
    comments = [ln for ln in entry["lines"][1:] if ln.strip().startswith("#")]
    comments = [ln for ln in comments if not re.search(r"\s-[cr]\s", ln)]
    if comments == ["    # via"]:
        comments = []
    lines = [f"{entry['name']}=={version}" + (" \\" if hashes else "")]
    lines += [
        f"    --hash={h}" + (" \\" if i < len(hashes) - 1 else "") for i, h in enumerate(hashes)
    ]
    return "\n".join(lines + comments) + "\n"


def closure(entries: dict[str, dict], root: str) -> list[str]:
    """``root`` and every locked package it needs, from pip-compile's ``# via`` annotations."""
    found = {_norm(root)}
    grew = True
    while grew:
        grew = False
        for key, entry in entries.items():
            if key not in found and found.intersection(entry["via"]):
                found.add(key)
                grew = True
    return sorted(found & set(entries))


def _requirements_file(entries: dict[str, dict], names: list[str], path: Path) -> Path:
    """Write the entries of ``names`` (hashes included) to the requirements file ``path``."""
    path.write_text("".join(_entry_text(entries[_norm(n)]) for n in names))
    return path


def _pip_check(py: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(py), "-m", "pip", "check"], capture_output=True, text=True)


# --- the Python environment -------------------------------------------------------------------


def install_pip(py: Path, entries: dict[str, dict], tmp: Path) -> None:
    """The exact pip of the lock, hash-checked, into the environment of ``py``."""
    if "pip" not in entries:
        sys.exit("requirements.lock pins no pip (pip-tools, in the dev extra, brings it).")
    pip_file = _requirements_file(entries, ["pip"], tmp / "pip.txt")
    run([py, "-m", "pip", "install", "--quiet", *LOCKED, "-r", pip_file])


def local_builds_offered(py: Path, entries: dict[str, dict]) -> dict[str, str]:
    """The local builds of the lock (``torch==2.13.0+cpu``) that pip would pick here.

    In hash-checking mode pip prefers the files whose hash the index announces (PyPI's) over
    a local file (find-links announce none), so it would take PyPI's CUDA build of torch even
    where the CPU build lies on disk. Asked without hashes (a dry run, nothing installed), pip
    ranks by version, and ``2.13.0+cpu`` comes before ``2.13.0``: that is the build to pin.
    """
    offered = {}
    for entry in entries.values():
        if "local_build" not in entry:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            report = Path(tmp) / "report.json"
            requirement = f"{entry['name']}=={entry['version']}"
            subprocess.run(
                [
                    str(py),
                    "-m",
                    "pip",
                    "install",
                    "--dry-run",
                    "--no-deps",
                    "--ignore-installed",
                    "--quiet",
                    "--report",
                    str(report),
                    requirement,
                ],
                check=True,
            )
            picked = json.loads(report.read_text())["install"][0]["metadata"]["version"]
        if picked == entry["local_build"]:
            offered[entry["name"]] = picked
    return offered


def install_locked(py: Path, tmp: Path) -> None:
    """The locked pip, then every package of requirements.lock, hash-checked; then `pip check`."""
    entries = lock_entries(LOCK.read_text())
    install_pip(py, entries, tmp)
    lock_file, text = LOCK, LOCK.read_text()
    for name, version in local_builds_offered(py, entries).items():
        print(f"{name}: pip finds the build {version} here; installing it (its hash is locked)")
        pin = rf"^{re.escape(name)}=={re.escape(entries[_norm(name)]['version'])}(?=[ \\]|$)"
        text = re.sub(pin, f"{name}=={version}", text, flags=re.M)
        lock_file = tmp / "requirements.lock"
        lock_file.write_text(text)
    run([py, "-m", "pip", "install", "--quiet", *LOCKED, "-r", lock_file])
    check = _pip_check(py)
    if check.returncode != 0 and CUDA_LOCK.exists() and lock_entries(CUDA_LOCK.read_text()):
        print(
            "pip took PyPI's build of torch (no CPU build offered here), which needs the CUDA "
            f"packages of {CUDA_LOCK.name}:\n{check.stdout.strip()}",
            flush=True,
        )
        run([py, "-m", "pip", "install", "--quiet", *LOCKED, "-r", CUDA_LOCK])
        check = _pip_check(py)
    if check.returncode != 0:
        sys.exit(f"The locked environment is incomplete (pip check):\n{check.stdout}")


def python_env() -> None:
    if not PY.exists():
        run([sys.executable, "-m", "venv", VENV])
    stamp = VENV / ".nnbook-installed"
    digest = _digest(LOCK, CUDA_LOCK, ROOT / "pyproject.toml")
    if _stamp_ok(stamp, digest):
        return
    with tempfile.TemporaryDirectory() as tmp:
        install_locked(PY, Path(tmp))
    # setuptools comes from the lock: no build isolation, so nothing unpinned is fetched.
    run([PY, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "-e", "."])
    stamp.write_text(digest)


def node_env() -> None:
    stamp = ROOT / "node_modules" / ".nnbook-installed"
    digest = _digest(ROOT / "package-lock.json")
    if _stamp_ok(stamp, digest):
        return
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm is needed to install MathJax (install Node.js 18 or newer).")
    run([npm, "ci", "--no-audit", "--no-fund"])
    stamp.write_text(digest)


def setup(with_browser: bool, skip_system: bool = False) -> None:
    apt_packages(["dot", "chromium"] if with_browser else ["dot"], skip=skip_system)
    python_env()
    node_env()


# --- the lock ---------------------------------------------------------------------------------


def extras_of_all() -> list[str]:
    """The extras that pyproject.toml's ``all`` extra stands for (``nnbook[tf,torch,...]``)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = []
    for requirement in project["optional-dependencies"]["all"]:
        self_ref = re.fullmatch(rf"{project['name']}\[([^\]]+)\]", requirement.replace(" ", ""))
        if not self_ref:
            sys.exit(f"pyproject.toml: `all` may only name extras of nnbook, not {requirement}")
        extras += self_ref.group(1).split(",")
    return extras


#: pip-compile's options for both locks: hashes of every file of each pinned release, pip and
#: setuptools pinned too (torch needs setuptools), no machine-specific index or find-links lines.
COMPILE = [
    "--quiet",
    "--generate-hashes",
    "--allow-unsafe",
    "--strip-extras",
    "--no-emit-index-url",
    "--no-emit-find-links",
    "--no-build-isolation",
    # dependency metadata by HTTP range requests: no GB of CUDA wheels downloaded to read it
    "--pip-args=--use-feature=fast-deps",
]
HEADER_NOTE = """\
# Installed by `python3 scripts/book.py setup` with `pip install --require-hashes --no-deps`,
# after the exact pip pinned below; `pip check` then proves the set complete.
# torch: its hashes are those of the CPU build found where the lock was made (its `local
# build`, e.g. from pip's find-links) and of every file of PyPI's release. Where pip offers the
# CPU build, book.py pins it (torch==X+cpu); elsewhere pip takes PyPI's release, and on Linux,
# where that is a CUDA build, book.py also installs requirements-cuda.lock.
"""
CUDA_HEADER = """\
# What PyPI's Linux build of torch needs beyond requirements.lock: its CUDA libraries.
# Installed by `python3 scripts/book.py setup` only where pip picked that build (no CPU build
# found) and `pip check` reports them missing. Hash-pinned, resolved against PyPI alone with
# requirements.lock's versions as constraints. Refresh with: python3 scripts/book.py lock
"""


def lock(extra_args: list[str]) -> None:
    """Refresh requirements.lock and requirements-cuda.lock with pip-compile.

    pip-compile keeps the versions of the current lock that pyproject.toml still allows (pass
    ``--upgrade`` or ``--upgrade-package NAME`` to move them). It runs in a temporary venv that
    holds the exact pip and pip-tools of the current lock, installed hash-checked.
    """
    entries = lock_entries(LOCK.read_text()) if LOCK.exists() else {}
    if "pip-tools" not in entries:
        sys.exit("requirements.lock pins no pip-tools (the dev extra needs `pip-tools`).")
    env = {**os.environ, "CUSTOM_COMPILE_COMMAND": "python3 scripts/book.py lock"}
    # The resolution of step 2 sees PyPI alone: no pip configuration, no local sources.
    pypi_env = {k: v for k, v in env.items() if k not in PIP_LOCAL_SOURCES}
    pypi_env["PIP_CONFIG_FILE"] = os.devnull
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        run([sys.executable, "-m", "venv", tmp / "venv"])
        py = tmp / "venv" / ("Scripts" if os.name == "nt" else "bin") / "python"
        install_pip(py, entries, tmp)
        tools = _requirements_file(entries, closure(entries, "pip-tools"), tmp / "tools.txt")
        run([py, "-m", "pip", "install", "--quiet", "--require-hashes", "-r", tools])
        pip_compile = [py, "-m", "piptools", "compile", *COMPILE]

        # 1. Every extra of `all`, as pip resolves it here (this machine's pip configuration).
        # pip-compile keeps the pins of its output file where it can. Plain pins, no hashes:
        # with hashes pip would prefer PyPI's torch to the CPU build (see local_builds_offered).
        main_out = tmp / "requirements.lock"
        main_out.write_text("".join(f"{e['name']}=={e['version']}\n" for e in entries.values()))
        extras = [f"--extra={e}" for e in extras_of_all()]
        run(
            [*pip_compile, *extras, *extra_args, f"--output-file={main_out}", "pyproject.toml"],
            env=env,
        )
        main = lock_entries(main_out.read_text())
        text = main_out.read_text().splitlines(keepends=True)
        header = "".join(itertools.takewhile(lambda line: line.startswith("#"), text))

        # 2. The same torch as a machine without a local CPU build sees it, same versions.
        public = {k: e["version"].split("+")[0] for k, e in main.items()}
        (tmp / "pins.txt").write_text("".join(f"{k}=={v}\n" for k, v in public.items()))
        (tmp / "torch.in").write_text(f"torch=={public['torch']}\n-c pins.txt\n")
        cuda_out = tmp / "requirements-cuda.lock"
        run([*pip_compile, f"--output-file={cuda_out}", "torch.in"], env=pypi_env, cwd=tmp)
        cuda = lock_entries(cuda_out.read_text())

    if "+" not in main["torch"]["version"]:
        print(
            "warning: torch resolved to PyPI's build here, not a CPU build: the lock pins its "
            "CUDA packages for every machine. Commit a lock made where pip finds the CPU build "
            "(torch==X+cpu, e.g. with PIP_FIND_LINKS=<folder with its wheel>)."
        )
    main_text, cuda_text = merge_locks(header, main, cuda)
    LOCK.write_text(main_text)
    CUDA_LOCK.write_text(cuda_text)
    print(
        f"wrote {LOCK.name} ({len(main)} packages, {main_text.count('--hash=')} hashes) and "
        f"{CUDA_LOCK.name} ({len(lock_entries(cuda_text))} packages)"
    )


#: Environment variables that add local package sources to pip (dropped for the PyPI resolution).
PIP_LOCAL_SOURCES = {"PIP_FIND_LINKS", "PIP_EXTRA_INDEX_URL", "PIP_CONSTRAINT", "PIP_NO_INDEX"}


def merge_locks(header: str, main: dict, cuda: dict) -> tuple[str, str]:
    """requirements.lock and requirements-cuda.lock from the two resolutions.

    A pin with a local label (``torch==2.13.0+cpu``) becomes the public version
    (``torch==2.13.0``, which pip still resolves to the local build where it is offered) with
    the hashes of both: the local file's and every file of PyPI's release.
    """
    body = []
    for key, entry in sorted(main.items()):
        public = entry["version"].split("+")[0]
        if public != entry["version"] and key in cuda and cuda[key]["version"] == public:
            entry["lines"].append(f"    # local build: {entry['version']}")
            body.append(_entry_text(entry, public, entry["hashes"] + cuda[key]["hashes"]))
        else:
            body.append(_entry_text(entry))
    extra = [_entry_text(e) for k, e in sorted(cuda.items()) if k not in main]
    return header + HEADER_NOTE + "\n" + "".join(body), CUDA_HEADER + "\n" + "".join(extra)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        SKIP_APT_FLAG,
        action="store_true",
        help="do not install graphviz and chromium with apt (same as NNBOOK_SKIP_APT=1)",
    )
    parser.add_argument("command", choices=["setup", "serve", "build", "test", "lock"])
    parser.add_argument(
        "args", nargs=argparse.REMAINDER, help="passed on to pytest, mkdocs or pip-compile"
    )
    ns = parser.parse_args(argv)
    skip_system = ns.no_system_packages or os.environ.get("NNBOOK_SKIP_APT", "") not in ("", "0")
    if SKIP_APT_FLAG in ns.args:  # also accepted after the command
        ns.args.remove(SKIP_APT_FLAG)
        skip_system = True
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if ns.command == "lock":
        lock(ns.args)
        return 0
    setup(with_browser=ns.command in ("test", "setup"), skip_system=skip_system)
    if ns.command == "serve":
        run([BIN / "mkdocs", "serve", "--livereload", "-a", "127.0.0.1:8000", *ns.args])
    elif ns.command == "build":
        run([BIN / "mkdocs", "build", "--strict", *ns.args])
    elif ns.command == "test":
        result = subprocess.run([str(PY), "-m", "pytest", *ns.args], cwd=ROOT)
        return result.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
