"""The GitHub workflows call the README's commands, pin their actions, ask for least privilege."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml")) + sorted(WORKFLOWS.glob("*.yaml"))
DOCUMENTED = (ROOT / "README.md").read_text(encoding="utf-8") + (
    ROOT / "CONTRIBUTING.md"
).read_text(encoding="utf-8")
#: The only permissions a job may be granted with write access, and the job that may have them.
DEPLOY_WRITES = {"pages": "write", "id-token": "write"}


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def _workflow(name: str) -> dict:
    return _load(WORKFLOWS / name)


def _runs(workflow: dict) -> list[str]:
    return [s["run"] for job in workflow["jobs"].values() for s in job["steps"] if "run" in s]


def _commands(workflow: dict) -> list[str]:
    """Every `python3 scripts/book.py ...` command line the workflow runs."""
    return [
        line.strip()
        for run in _runs(workflow)
        for line in run.splitlines()
        if "scripts/book.py" in line
    ]


def test_there_are_the_three_workflows():
    assert {p.name for p in FILES} >= {"tests.yml", "pages.yml", "drift.yml"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path):
    text = path.read_text(encoding="utf-8")
    uses = re.findall(r"^\s*(?:-\s*)?uses:\s*(\S+)(.*)$", text, re.M)
    assert uses, f"{path.name} uses no action"
    for action, rest in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), (
            f"{path.name}: `{action}` is not pinned to a full commit SHA"
        )
        assert re.search(r"#\s*v\d+\.\d+\.\d+", rest), (
            f"{path.name}: `{action}` needs a `# vX.Y.Z` comment naming the version"
        )


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_least_privilege(path):
    workflow = _load(path)
    assert "pull_request_target" not in workflow["on"], "pull_request_target runs with secrets"
    top = workflow.get("permissions")
    assert top is not None, f"{path.name}: set top-level permissions (read-only or none)"
    assert top == {} or top == {"contents": "read"}, f"{path.name}: top-level {top}"
    for name, job in workflow["jobs"].items():
        granted = job.get("permissions", {})
        writes = {k: v for k, v in granted.items() if v == "write"}
        if writes:
            assert (path.name, name) == ("pages.yml", "deploy"), f"{path.name}:{name} writes"
            assert granted == DEPLOY_WRITES
        for step in job["steps"]:
            if "actions/checkout@" in step.get("uses", ""):
                assert step.get("with", {}).get("persist-credentials") is False, (
                    f"{path.name}:{name}: checkout must not keep the token in .git/config"
                )


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_workflows_call_the_documented_commands_and_copy_no_logic(path):
    workflow = _load(path)
    commands = _commands(workflow)
    assert commands, f"{path.name} runs no `python3 scripts/book.py` command"
    for command in commands:
        words = shlex.split(command)
        assert words[:2] == ["python3", "scripts/book.py"], command
        assert f"python3 scripts/book.py {words[2]}" in DOCUMENTED, (
            f"{path.name}: `{command}` is not a command of README.md or CONTRIBUTING.md"
        )
    for run in _runs(workflow):
        for tool in ("pytest", "mkdocs", "pip install", "npm ", "apt-get"):
            assert tool not in run, (
                f"{path.name}: `{tool}` in a run step; call scripts/book.py, which does it"
            )


def test_pull_requests_run_the_test_command_read_only():
    workflow = _workflow("tests.yml")
    assert "pull_request" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    assert _commands(workflow) == ["python3 scripts/book.py test"]
    assert "python3 scripts/book.py test" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_main_is_built_and_deployed_to_pages():
    workflow = _workflow("pages.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert _commands({"jobs": {"build": build}}) == ["python3 scripts/book.py build"]
    upload = next(s for s in build["steps"] if "upload-pages-artifact@" in s.get("uses", ""))
    assert upload["with"]["path"] == "site"  # where `mkdocs build` writes by default
    assert build["permissions"] == {"contents": "read"}
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == DEPLOY_WRITES
    assert deploy["environment"]["name"] == "github-pages"
    assert any("deploy-pages@" in s.get("uses", "") for s in deploy["steps"])


def test_drift_runs_the_tests_on_the_newest_releases_on_a_schedule():
    workflow = _workflow("drift.yml")
    assert workflow["on"]["schedule"], "the drift workflow must run on a schedule"
    commands = _commands(workflow)
    # `lock --upgrade` resolves pyproject.toml's ranges to the newest releases (pip-compile
    # --upgrade, hash-pinned); `test` then installs that result.
    assert commands == ["python3 scripts/book.py lock --upgrade", "python3 scripts/book.py test"]
    assert workflow["permissions"] == {"contents": "read"}


def _containers(workflow: dict) -> list[str]:
    """Every container image a job runs in, with `${{ matrix.x }}` expanded from the matrix."""
    images = []
    for job in workflow["jobs"].values():
        container = job.get("container")
        if container is None:
            continue
        image = container["image"] if isinstance(container, dict) else container
        expression = re.fullmatch(r"\$\{\{\s*matrix\.(\w+)\s*\}\}", image)
        if expression:
            matrix = job["strategy"]["matrix"]
            key = expression.group(1)
            values = list(matrix.get(key, [])) + [e[key] for e in matrix.get("include", [])]
            assert values, f"matrix.{key} has no values"
            images += values
        else:
            images.append(image)
    return images


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_container_is_pinned_by_digest(path):
    """A tag (python:3.11-bookworm) moves when the image is rebuilt; a digest does not."""
    for image in _containers(_load(path)):
        assert "${{" not in image, f"{path.name}: `{image}` is an expression the test cannot check"
        assert re.fullmatch(r"[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}", image), (
            f"{path.name}: container `{image}` is not pinned by digest (name:tag@sha256:...)"
        )


def test_the_containers_are_the_ones_described():
    """The workflows run on Debian 12 (bookworm) with the Python the lock was made for."""
    images = [i for path in FILES for i in _containers(_load(path))]
    assert images
    assert all(i.startswith(("python:3.11-bookworm@", "python:3.13-bookworm@")) for i in images)
    assert any(i.startswith("python:3.11-bookworm@") for i in images)


def test_pre_commit_runs_ruff_at_the_locked_version_and_the_lesson_checks():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert {"ruff-check", "ruff-format", "check-lessons"} <= set(hooks)
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    locked = re.search(r"^ruff==([^\s\\]+)", lock, re.M)
    assert locked, "requirements.lock pins no ruff"
    for hook in ("ruff-check", "ruff-format"):
        assert hooks[hook]["additional_dependencies"] == [f"ruff=={locked.group(1)}"], (
            f"{hook}: pin ruff=={locked.group(1)} as in requirements.lock"
        )
    assert "scripts/check_lessons.py" in hooks["check-lessons"]["entry"]
