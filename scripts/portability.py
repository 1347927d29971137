#!/usr/bin/env python3
"""Run the numerical tests and the lessons under several BLAS kernels and thread counts.

NumPy's wheels ship OpenBLAS built for every x86-64 CPU at once: at import it picks the kernel
(the hand-written matrix-product code) that suits the CPU it runs on.  Kernels add the terms of
a product in different orders, with or without fused multiply-adds, so their results differ in
the last bits; a long training run can amplify that into a different model (issue 12: a test
that passed on one CPU failed on another).  ``OPENBLAS_CORETYPE`` forces a kernel, so one
machine can stand in for several CPUs.

Each setting is one kernel and one number of BLAS threads.  For each, in subprocesses:

1. the numerical tests (``NUMERICAL``: not those of the site build, the browser, the workflows
   or the lesson checker) with ``pytest -m "not site"``, Hypothesis seeded so that every setting
   draws the same examples;
2. each selected lesson (``docs/<section>/<slug>.py``) as a plain Python script, from a copy in
   a temporary folder, so nothing is written into ``docs/``.  A lesson passes when no cell
   raises (an ``assert`` on a number the prose states included); its printed output is compared
   across settings and the lines that differ are listed.

    .venv/bin/python scripts/portability.py                  # 8 settings: tests and lessons
    .venv/bin/python scripts/portability.py --quick          # 8 settings: tests only
    .venv/bin/python scripts/portability.py --kernels Haswell,Nehalem --threads 1 \\
        --lessons architectures/                             # some settings, some lessons
    .venv/bin/python scripts/portability.py --quick -- tests/architectures -k rnn
    .venv/bin/python scripts/portability.py --quick -- --ignore=tests/test_x.py -x
    .venv/bin/python scripts/portability.py --list           # what would run

Prints a table of setting -> pass/fail and duration; exits 1 if any run failed.  Logs of every
run are kept in ``--log-dir`` (a new temporary folder by default).  The kernels need the CPU's
instructions: SkylakeX (AVX-512) dies with SIGILL on a CPU without them, which is reported as a
failure of that setting.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import difflib
import itertools
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
VENV_PY = ROOT / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")

#: Kernels of NumPy's OpenBLAS that any x86-64 CPU with AVX2 can run, newest first.
KERNELS = ("Haswell", "Sandybridge", "Prescott", "Nehalem")
THREADS = (1, 2)
#: The name OpenBLAS reports may differ from the one it was given: in NumPy's build Katmai,
#: Coppermine, Northwood and Prescott share one kernel table (``#define gotoblas_KATMAI
#: gotoblas_PRESCOTT`` in OpenBLAS's driver/other/dynamic.c), reported under the first name.
ALIASES = {"prescott": {"prescott", "katmai"}}
#: The numerical tests (globs under ROOT): the package's and the architectures' tests, the
#: per-lesson tests, the docstring examples of nnbook/ and the Python blocks of the Markdown pages.
#: Not the tests of the site build, the browser, the bibliography, the workflows, the set-up or
#: the lesson checker, which check text and files, not numbers.  A new test file of numbers at
#: the top of tests/ needs adding here.
NUMERICAL = (
    "tests/architectures",
    "tests/autodiff",
    "tests/lessons",
    "tests/test_mlp.py",
    "tests/test_frameworks.py",
    "tests/test_tensors*.py",
    "tests/test_datasets.py",
    "nnbook",
    "docs",
)

PROBE = (
    "import numpy, threadpoolctl; "
    "print(','.join(str(i.get('architecture')) for i in threadpoolctl.threadpool_info() "
    "if i.get('internal_api') == 'openblas') or 'no OpenBLAS')"
)


@dataclass(frozen=True)
class Setting:
    kernel: str  # an OPENBLAS_CORETYPE value, or "default": the kernel OpenBLAS picks itself
    threads: int

    @property
    def name(self) -> str:
        return f"{self.kernel}/{self.threads}"

    @property
    def slug(self) -> str:
        return f"{self.kernel}-{self.threads}thread"

    def env(self, base: dict) -> dict:
        env = {k: v for k, v in base.items() if k != "OPENBLAS_CORETYPE"}
        if self.kernel != "default":
            env["OPENBLAS_CORETYPE"] = self.kernel
        env["OPENBLAS_NUM_THREADS"] = str(self.threads)
        return env


@dataclass
class Run:
    what: str  # "probe", "tests" or a lesson's path under docs/
    ok: bool
    seconds: float
    summary: str
    log: Path | None = None
    stdout: str = ""


@dataclass
class Result:
    setting: Setting
    blas: str = "?"
    runs: list[Run] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.runs)

    @property
    def seconds(self) -> float:
        return sum(r.seconds for r in self.runs)


def _signal_name(code: int) -> str:
    try:
        return signal.Signals(-code).name
    except ValueError:
        return f"signal {-code}"


def _run(cmd, *, env, cwd, timeout, log: Path) -> tuple[int | None, float, str]:
    """Run ``cmd`` with its output in ``log``: (exit code, None on timeout; seconds; stdout)."""
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            [str(c) for c in cmd],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        code, out, err = proc.returncode, proc.stdout, proc.stderr
    except subprocess.TimeoutExpired as exc:
        code = None
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else exc.stderr or ""
    seconds = time.perf_counter() - start
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(
        f"$ {' '.join(map(str, cmd))}\n# cwd {cwd}\n# exit {code}, {seconds:.1f} s\n"
        f"# --- stdout\n{out}\n# --- stderr\n{err}",
        encoding="utf-8",
    )
    return code, seconds, out if code is not None else out + err


def _failure(code: int | None, timeout: float) -> str:
    if code is None:
        return f"timed out after {timeout:g} s"
    if code < 0:
        name = _signal_name(code)
        hint = " (this CPU lacks the kernel's instructions)" if name == "SIGILL" else ""
        return f"killed by {name}{hint}"
    return f"exit {code}"


def _kernel_applied(requested: str, reported: str) -> bool:
    names = ALIASES.get(requested.lower(), {requested.lower()})
    return requested == "default" or any(r.lower() in names for r in reported.split(","))


def probe(setting: Setting, py: Path, env: dict, logs: Path) -> Run:
    """Which kernel OpenBLAS uses under ``setting`` (and that NumPy imports at all)."""
    code, seconds, out = _run(
        [py, "-c", PROBE], env=env, cwd=ROOT, timeout=120, log=logs / "probe.log"
    )
    reported = out.strip().splitlines()[-1] if code == 0 and out.strip() else ""
    if code != 0:
        return Run("probe", False, seconds, f"numpy does not start: {_failure(code, 120)}")
    if not _kernel_applied(setting.kernel, reported):
        return Run(
            "probe",
            False,
            seconds,
            f"asked for {setting.kernel}, OpenBLAS uses {reported}: the kernel was not applied",
        )
    return Run("probe", True, seconds, reported)


def _pytest_summary(out: str) -> str:
    lines = [ln.strip("= ") for ln in out.strip().splitlines() if ln.strip()]
    found = [ln for ln in lines if re.search(r"\d+ (passed|failed|error)|no tests ran", ln)]
    return found[-1] if found else (lines[-1] if lines else "no output")


def run_tests(py: Path, env: dict, logs: Path, pytest_args: list[str], timeout: float) -> Run:
    env = {**env, "HYPOTHESIS_STORAGE_DIRECTORY": str(logs / "hypothesis")}
    numerical = [str(p.relative_to(ROOT)) for g in NUMERICAL for p in sorted(ROOT.glob(g))]
    # Paths among pytest_args replace the default ones; options are added to them.
    paths = [a for a in pytest_args if not a.startswith("-") and (ROOT / a.split("::")[0]).exists()]
    args = [*(paths or numerical), *(a for a in pytest_args if a not in paths)]
    cmd = [py, "-m", "pytest", *args, "-m", "not site", "-q", "-p", "no:cacheprovider"]
    cmd += ["--hypothesis-seed=0", "--no-header", "-rfE"]
    code, seconds, out = _run(cmd, env=env, cwd=ROOT, timeout=timeout, log=logs / "tests.log")
    summary = _pytest_summary(out)
    if code not in (0, 1):  # 1: some tests failed, reported in the summary
        summary = f"{_failure(code, timeout)}; {summary}"
    return Run("tests", code == 0, seconds, summary, logs / "tests.log")


def run_lesson(lesson: Path, py: Path, env: dict, logs: Path, timeout: float) -> Run:
    """Run a copy of ``lesson`` in a temporary folder, with the lesson's folder importable."""
    rel = lesson.relative_to(DOCS).as_posix()
    log = logs / "lessons" / (rel.replace("/", "__") + ".log")
    with tempfile.TemporaryDirectory(prefix="nnbook-lesson-") as tmp:
        copy = Path(tmp) / lesson.name
        shutil.copyfile(lesson, copy)
        lesson_env = {
            **env,
            "MPLBACKEND": "Agg",
            "PYTHONDONTWRITEBYTECODE": "1",  # nothing cached next to an imported module in docs/
            # this checkout's nnbook first (as pytest, run from ROOT, imports it), then the
            # lesson's folder, as when the lesson runs from there
            "PYTHONPATH": os.pathsep.join(
                p for p in (str(ROOT), str(lesson.parent), env.get("PYTHONPATH", "")) if p
            ),
        }
        code, seconds, out = _run(
            [py, copy.name], env=lesson_env, cwd=tmp, timeout=timeout, log=log
        )
    if code == 0:
        return Run(rel, True, seconds, "passed", log, out)
    text = log.read_text(encoding="utf-8")
    last = next((ln for ln in reversed(text.splitlines()) if ln.strip()), "")
    return Run(rel, False, seconds, f"{_failure(code, timeout)}: {last.strip()}", log, out)


def run_setting(setting: Setting, args, lessons: list[Path], log_dir: Path, say) -> Result:
    logs = log_dir / setting.slug
    env = setting.env(dict(os.environ))
    result = Result(setting)
    checked = probe(setting, args.python, env, logs)
    result.blas = checked.summary if checked.ok else "-"
    if not checked.ok:
        result.runs.append(checked)
        say(f"[{setting.name}] {checked.summary}")
        return result
    say(f"[{setting.name}] OpenBLAS kernel: {checked.summary}")
    if not args.no_tests:
        run = run_tests(args.python, env, logs, args.pytest_args, args.test_timeout)
        result.runs.append(run)
        say(
            f"[{setting.name}] tests: {'pass' if run.ok else 'FAIL'} in {run.seconds:.0f} s: "
            f"{run.summary}"
        )
    for lesson in lessons:
        run = run_lesson(lesson, args.python, env, logs, args.lesson_timeout)
        result.runs.append(run)
        say(
            f"[{setting.name}] {run.what}: {'pass' if run.ok else 'FAIL'} in {run.seconds:.0f} s"
            + ("" if run.ok else f": {run.summary}")
        )
    return result


def select_lessons(patterns: list[str] | None) -> list[Path]:
    """Lessons whose path under docs/ contains one of ``patterns`` (all for None)."""
    every = sorted(DOCS.glob("*/*.py"))
    if patterns is None:
        return every
    chosen = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_file():
            matches = [path.resolve()]
        else:
            matches = [p for p in every if pattern in p.relative_to(DOCS).as_posix()]
        if not matches:
            raise SystemExit(f"no lesson matches {pattern!r} (lessons are docs/<section>/*.py)")
        chosen += [m for m in matches if m not in chosen]
    return chosen


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def report(results: list[Result], lessons: list[Path], log_dir: Path) -> str:
    rows = [["setting", "OpenBLAS kernel", "tests", "lessons", "result", "time"]]
    for res in results:
        tests = next((r for r in res.runs if r.what == "tests"), None)
        lesson_runs = [r for r in res.runs if r.what not in ("probe", "tests")]
        probe_failed = any(r.what == "probe" and not r.ok for r in res.runs)
        if tests is None:
            tests_cell = "-"
        else:
            tests_cell = f"{'pass' if tests.ok else 'FAIL'} ({tests.seconds:.0f} s)"
        if probe_failed:
            lessons_cell = "-"
        elif lessons:
            passed = sum(r.ok for r in lesson_runs)
            total = sum(r.seconds for r in lesson_runs)
            lessons_cell = f"{passed}/{len(lesson_runs)} pass ({total:.0f} s)"
        else:
            lessons_cell = "-"
        rows.append(
            [
                res.setting.name,
                res.blas,
                tests_cell,
                lessons_cell,
                "pass" if res.ok else "FAIL",
                f"{res.seconds:.0f} s",
            ]
        )
    out = [_table(rows)]
    if lessons and len(results) > 1:
        lesson_rows = [["lesson", *(r.setting.name for r in results)]]
        for lesson in lessons:
            rel = lesson.relative_to(DOCS).as_posix()
            cells = []
            for res in results:
                run = next((r for r in res.runs if r.what == rel), None)
                cells.append(
                    "-" if run is None else f"{'ok' if run.ok else 'FAIL'} {run.seconds:.0f}s"
                )
            lesson_rows.append([rel, *cells])
        out += ["", "Lessons (result, seconds):", _table(lesson_rows)]
    failures = [(res, r) for res in results for r in res.runs if not r.ok]
    if failures:
        out += ["", "Failures:"]
        for res, r in failures:
            where = f"\n    log: {r.log}" if r.log else ""
            out.append(f"  {res.setting.name} {r.what}: {r.summary}{where}")
    differ = output_differences(results, lessons)
    if differ:
        out += [
            "",
            "Lessons whose printed output depends on the setting (not a failure; check that the "
            "prose does not state a number that only one CPU prints):",
        ]
        out += [f"  {line}" for line in differ]
    out += ["", f"logs: {log_dir}"]
    return "\n".join(out)


def output_differences(results: list[Result], lessons: list[Path]) -> list[str]:
    """For each lesson that passed everywhere, the first line whose output differs by setting."""
    lines = []
    for lesson in lessons:
        rel = lesson.relative_to(DOCS).as_posix()
        outs = {}
        for res in results:
            run = next((r for r in res.runs if r.what == rel and r.ok), None)
            if run is not None:
                outs[res.setting.name] = run.stdout
        if len(set(outs.values())) <= 1:
            continue
        (ref_name, ref), *others = outs.items()
        for name, text in others:
            if text == ref:
                continue
            a, b = ref.splitlines(), text.splitlines()
            matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
            changed = [op for op in matcher.get_opcodes() if op[0] != "equal"]
            tag, i1, i2, j1, j2 = changed[0]
            first = " ".join(a[i1:i2][:1]).strip() or "(nothing)"
            second = " ".join(b[j1:j2][:1]).strip() or "(nothing)"
            lines.append(
                f"{rel}, line {i1 + 1} ({len(changed)} place(s) differ): "
                f"{ref_name} {first[:90]!r} vs {name} {second[:90]!r}"
            )
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--kernels",
        default=",".join(KERNELS),
        help="comma-separated OPENBLAS_CORETYPE values; 'default' lets OpenBLAS choose "
        f"(default: {','.join(KERNELS)})",
    )
    parser.add_argument(
        "--threads",
        default=",".join(map(str, THREADS)),
        help="comma-separated OPENBLAS_NUM_THREADS values (default: 1,2)",
    )
    parser.add_argument(
        "--lessons",
        nargs="+",
        metavar="PATTERN",
        help="lessons whose path under docs/ contains PATTERN (e.g. architectures/ or rnn.py), "
        "or lesson files; default: every lesson",
    )
    parser.add_argument("--quick", action="store_true", help="run only the tests, no lessons")
    parser.add_argument("--no-tests", action="store_true", help="run only the lessons")
    parser.add_argument(
        "--jobs", type=int, default=1, help="settings run at the same time (default 1)"
    )
    parser.add_argument("--test-timeout", type=float, default=3600, help="seconds (3600)")
    parser.add_argument("--lesson-timeout", type=float, default=600, help="seconds (600)")
    parser.add_argument("--log-dir", type=Path, help="keep logs here (default: a temporary folder)")
    parser.add_argument(
        "--python",
        type=Path,
        default=VENV_PY if VENV_PY.exists() else Path(sys.executable),
        help="the interpreter with nnbook installed (default: .venv's)",
    )
    parser.add_argument("--list", action="store_true", help="print what would run, and stop")
    parser.add_argument(
        "pytest_args",
        nargs="*",
        metavar="-- PYTEST_ARGS",
        help="after --: pytest options to add, and test paths to run instead of the numerical "
        "tests (-m 'not site' and the Hypothesis seed are always added)",
    )
    args = parser.parse_args(argv)
    kernels = [k.strip() for k in args.kernels.split(",") if k.strip()]
    try:
        threads = [int(t) for t in args.threads.split(",") if t.strip()]
    except ValueError:
        parser.error(f"--threads takes whole numbers, got {args.threads!r}")
    if not kernels or not threads or min(threads) < 1:
        parser.error("give at least one kernel and one thread count of 1 or more")
    if args.quick and args.no_tests:
        parser.error("--quick runs only the tests and --no-tests only the lessons: pick one")
    settings = [Setting(k, t) for k, t in itertools.product(kernels, threads)]
    lessons = [] if args.quick else select_lessons(args.lessons)

    print(f"settings ({len(settings)}): {', '.join(s.name for s in settings)}")
    print(
        f"tests: {'no' if args.no_tests else ' '.join(args.pytest_args) or 'the numerical tests'}"
    )
    names = [p.relative_to(DOCS).as_posix() for p in lessons]
    print(f"lessons ({len(lessons)}): {', '.join(names) or '-'}")
    if args.list:
        return 0

    log_dir = args.log_dir or Path(tempfile.mkdtemp(prefix="nnbook-portability-"))
    log_dir.mkdir(parents=True, exist_ok=True)
    print(f"python: {args.python}\nlogs: {log_dir}", flush=True)

    def say(line: str) -> None:
        print(line, flush=True)

    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(run_setting, s, args, lessons, log_dir, say) for s in settings]
        results = [f.result() for f in futures]
    print()
    print(report(results, lessons, log_dir))
    failed = [r.setting.name for r in results if not r.ok]
    elapsed = time.perf_counter() - start
    print(
        f"\n{len(settings) - len(failed)} of {len(settings)} settings passed in {elapsed:.0f} s"
        + (f"; failed: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
