"""The glue outside the package: pre-commit manifest, action, git hooks.

Structure tests read the files as their consumers do (pre-commit's own
manifest loader, a YAML parser for the action); behaviour tests run the
action's shell script with a stand-in lint-email, so they need neither
GitHub nor the real command. actionlint and shellcheck tests run only when
those programs are on PATH.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

yaml = pytest.importorskip("yaml")

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO.parent / "shared" / "SPEC.md"
HOOKS_MANIFEST = REPO / ".pre-commit-hooks.yaml"
ACTION = REPO / "action.yml"
DOCS = REPO / "docs" / "integrations.md"
GIT_HOOKS = [REPO / "hooks" / "pre-commit", REPO / "hooks" / "pre-push"]

# SPEC "Command line": the extensions picked when a directory is walked.
EXTENSIONS = (
    ".html .htm .xhtml .mjml .hbs .handlebars .mustache .liquid .jinja "
    ".jinja2 .j2 .njk .twig .erb .ejs .tpl .tmpl .gotmpl .ftl .blade.php "
    ".eml"
).split()


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_extension_list_matches_spec() -> None:
    if not SPEC.is_file():
        pytest.skip("../shared/SPEC.md is absent (a clone without shared/)")
    text = " ".join(SPEC.read_text(encoding="utf-8").split())
    listed = re.search(r"Files are picked by extension: `([^`]*)`", text)

    assert listed is not None
    assert listed.group(1).split() == EXTENSIONS


# pre-commit manifest --------------------------------------------------------


def hooks_by_id() -> dict[str, dict[str, Any]]:
    hooks = load_yaml(HOOKS_MANIFEST)
    assert isinstance(hooks, list)
    return {hook["id"]: hook for hook in hooks}


def test_manifest_passes_pre_commits_own_validation() -> None:
    clientlib = pytest.importorskip("pre_commit.clientlib")

    hooks = clientlib.load_manifest(str(HOOKS_MANIFEST))

    assert [hook["id"] for hook in hooks] == ["lint-email", "lint-email-dns"]


def test_lint_hook_fields() -> None:
    hook = hooks_by_id()["lint-email"]

    assert hook["name"] == "lint-email"
    assert hook["description"]
    assert hook["entry"] == "lint-email"
    assert hook["language"] == "python"
    assert hook["args"] == ["--force-exclude"]
    assert hook["types"] == ["file"]
    assert hook["require_serial"] is False


def test_dns_hook_fields() -> None:
    hook = hooks_by_id()["lint-email-dns"]

    assert hook["entry"] == "lint-email --check-dns"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert hook["always_run"] is True
    assert "files" not in hook and "types" not in hook


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_files_pattern_matches_every_extension(extension: str) -> None:
    pattern = re.compile(hooks_by_id()["lint-email"]["files"])

    for name in (f"welcome{extension}", f"emails/deep/a b{extension}",
                 f"W{extension.upper()}", f"x{extension.title()}"):
        assert pattern.search(name), name


@pytest.mark.parametrize(
    "name",
    ["notes.txt", "setup.py", "index.php", "a.html.txt", "a.htmlx",
     "a.blade", "a.eml.bak", "html", "templates/readme.md"],
)
def test_files_pattern_skips_other_files(name: str) -> None:
    pattern = re.compile(hooks_by_id()["lint-email"]["files"])

    assert not pattern.search(name)


# git hooks ----------------------------------------------------------------


@pytest.mark.parametrize("hook", GIT_HOOKS, ids=lambda path: path.name)
def test_git_hook_is_executable_posix_sh(hook: Path) -> None:
    assert hook.read_text(encoding="utf-8").startswith("#!/bin/sh\n")
    assert hook.stat().st_mode & stat.S_IXUSR


@pytest.mark.parametrize("hook", GIT_HOOKS, ids=lambda path: path.name)
def test_git_hook_picks_the_spec_extensions(hook: Path) -> None:
    text = hook.read_text(encoding="utf-8")

    pathspecs = re.findall(r"':\(icase\)\*(\.[a-z0-9.]+)'", text)

    assert pathspecs == EXTENSIONS


# action.yml -------------------------------------------------------------

INPUT_DEFAULTS = {
    "paths": ".",
    "args": "",
    "provider": "",
    "check-dns": "false",
    "sarif-file": "lint-email.sarif",
    "job-summary": "true",
    "version": "",
    "python-version": "3.12",
}


def action() -> dict[str, Any]:
    document = load_yaml(ACTION)
    assert isinstance(document, dict)
    return document


def steps() -> list[dict[str, Any]]:
    return list(action()["runs"]["steps"])


def step(step_id: str) -> dict[str, Any]:
    return next(s for s in steps() if s.get("id") == step_id)


def test_action_inputs_and_defaults() -> None:
    inputs = action()["inputs"]

    assert {name: spec["default"] for name, spec in inputs.items()} == (
        INPUT_DEFAULTS
    )
    assert all(spec["description"] for spec in inputs.values())


def test_action_outputs_come_from_the_lint_step() -> None:
    outputs = action()["outputs"]

    assert set(outputs) == {"exit-code", "sarif-file"}
    for name, spec in outputs.items():
        assert spec["value"] == f"${{{{ steps.lint.outputs.{name} }}}}"


def test_action_steps() -> None:
    runs = action()["runs"]
    uses = [s["uses"] for s in runs["steps"] if "uses" in s]

    assert runs["using"] == "composite"
    assert uses == ["actions/setup-python@v5"]
    assert step("python")["with"]["python-version"] == (
        "${{ inputs.python-version }}"
    )
    script = step("lint")["run"]
    assert "--format github" in script
    assert '"sarif=$INPUT_SARIF_FILE"' in script
    assert '"markdown=$summary"' in script
    assert "$GITHUB_STEP_SUMMARY" in script and "$GITHUB_OUTPUT" in script


def test_action_scripts_take_inputs_only_from_the_environment() -> None:
    scripts = [s for s in steps() if "run" in s]

    assert len(scripts) == 3
    for script in scripts:
        assert script["shell"] == "bash"
        assert "${{" not in script["run"], script["name"]


def test_action_passes_every_input_to_a_step() -> None:
    used = json.dumps(steps())

    for name in INPUT_DEFAULTS:
        assert f"${{{{ inputs.{name} }}}}" in used, name


# The action's scripts, run with a stand-in lint-email ---------------------

STUB = """\
import json, os, sys
args = sys.argv[1:]
with open(os.environ["STUB_ARGV"], "w", encoding="utf-8") as log:
    json.dump(args, log)
for arg in args:
    if arg.startswith("markdown="):
        with open(arg.split("=", 1)[1], "w", encoding="utf-8") as summary:
            summary.write("## lint-email\\n")
sys.exit(int(os.environ.get("STUB_EXIT", "0")))
"""


@pytest.fixture
def runner(tmp_path: Path) -> dict[str, Path]:
    """A fake runner: temp dir, output files, and a bin with the stand-in."""
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").symlink_to(sys.executable)
    stub = bin_dir / "lint-email"
    stub.write_text(f"#!{sys.executable}\n{STUB}", encoding="utf-8")
    stub.chmod(0o755)

    files = {name: tmp_path / name for name in ("output", "summary", "argv")}
    for name in ("output", "summary"):
        files[name].write_text("", encoding="utf-8")
    (tmp_path / "temp").mkdir()
    return {"bin": bin_dir, "temp": tmp_path / "temp", **files}


def run_lint_step(
    runner: dict[str, Path], exit_code: int = 0, **inputs: str
) -> subprocess.CompletedProcess[str]:
    """Run the lint step's script the way the runner does for shell: bash."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "RUNNER_TEMP": str(runner["temp"]),
        "GITHUB_OUTPUT": str(runner["output"]),
        "GITHUB_STEP_SUMMARY": str(runner["summary"]),
        "LINT_EMAIL_BIN": str(runner["bin"]),
        "STUB_ARGV": str(runner["argv"]),
        "STUB_EXIT": str(exit_code),
    }
    values = {**INPUT_DEFAULTS, **{k.replace("_", "-"): v
                                   for k, v in inputs.items()}}
    for name, value in values.items():
        env["INPUT_" + name.upper().replace("-", "_")] = value

    script = runner["temp"] / "lint-step.sh"
    script.write_text(step("lint")["run"], encoding="utf-8")
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        env=env, cwd=runner["temp"], capture_output=True, text=True,
        timeout=60,
    )


def outputs(runner: dict[str, Path]) -> dict[str, str]:
    lines = runner["output"].read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines)


def test_lint_step_builds_the_command_line(runner: dict[str, Path]) -> None:
    done = run_lint_step(
        runner, exit_code=1, paths='templates "my emails"',
        args="--strict --ignore EL401", provider="sendgrid",
        check_dns="true", sarif_file="out dir/x.sarif",
    )

    argv = json.loads(runner["argv"].read_text(encoding="utf-8"))
    summary = str(runner["temp"] / "lint-email-summary.md")
    assert done.returncode == 0, done.stderr
    assert argv == [
        "--format", "github", "--format", "sarif=out dir/x.sarif",
        "--provider", "sendgrid", "--check-dns",
        "--format", f"markdown={summary}",
        "--strict", "--ignore", "EL401", "--", "templates", "my emails",
    ]
    assert outputs(runner) == {"exit-code": "1",
                               "sarif-file": "out dir/x.sarif"}
    assert runner["summary"].read_text(encoding="utf-8") == "## lint-email\n"


def test_lint_step_defaults(runner: dict[str, Path]) -> None:
    done = run_lint_step(runner, job_summary="false")

    argv = json.loads(runner["argv"].read_text(encoding="utf-8"))
    assert done.returncode == 0, done.stderr
    assert argv == ["--format", "github", "--format",
                    "sarif=lint-email.sarif", "--", "."]
    assert outputs(runner)["exit-code"] == "0"
    assert runner["summary"].read_text(encoding="utf-8") == ""


def test_lint_step_never_expands_inputs(runner: dict[str, Path]) -> None:
    hostile = "$(touch pwned) `touch pwned2` ; touch pwned3 *"

    done = run_lint_step(runner, args=hostile, provider="$(touch pwned4)")

    argv = json.loads(runner["argv"].read_text(encoding="utf-8"))
    assert done.returncode == 0, done.stderr
    assert "$(touch pwned4)" in argv
    assert "`touch" in argv and "*" in argv
    assert not list(runner["temp"].glob("pwned*"))


@pytest.mark.parametrize(
    "inputs",
    [{"check_dns": "yes"}, {"job_summary": "1"}, {"args": "'unbalanced"},
     {"sarif_file": "a\nb"}, {"sarif_file": ""}],
)
def test_lint_step_rejects_bad_inputs(
    runner: dict[str, Path], inputs: dict[str, str]
) -> None:
    done = run_lint_step(runner, **inputs)

    assert done.returncode == 2
    assert "::error title=lint-email action::" in done.stdout
    assert not runner["argv"].exists()


def test_fail_step_exits_with_the_code() -> None:
    fail = next(s for s in steps() if s["name"] == "Fail on findings")

    done = subprocess.run(
        ["bash", "-c", fail["run"]], env={"EXIT_CODE": "1", "PATH": "/bin"},
        capture_output=True, text=True, timeout=30,
    )

    assert fail["if"] == "steps.lint.outputs.exit-code != '0'"
    assert done.returncode == 1


# Docs: the example workflows use real inputs, and pass actionlint -----------


def doc_workflows() -> list[str]:
    text = DOCS.read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)
    return [block for block in blocks if "\njobs:" in block]


def test_readme_shows_the_same_workflows() -> None:
    readme = DOCS.parents[1] / "README.md"
    text = readme.read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)
    assert [b for b in blocks if "\njobs:" in b] == doc_workflows()


def test_docs_workflows_use_declared_inputs() -> None:
    declared = set(action()["inputs"])
    workflows = doc_workflows()

    assert len(workflows) == 2
    for text in workflows:
        workflow = yaml.safe_load(text)
        uses = [s for job in workflow["jobs"].values()
                for s in job.get("steps", [])
                if s.get("uses", "").startswith("lint-email/lint-email@")]
        assert uses
        for use in uses:
            assert set(use.get("with", {})) <= declared


def test_docs_pull_request_workflow_uploads_sarif() -> None:
    workflow = yaml.safe_load(doc_workflows()[0])
    (job,) = workflow["jobs"].values()
    upload = next(s for s in job["steps"]
                  if s.get("uses", "").startswith(
                      "github/codeql-action/upload-sarif@"))

    assert workflow["permissions"]["security-events"] == "write"
    assert "!cancelled()" in upload["if"]
    assert upload["with"]["sarif_file"] == INPUT_DEFAULTS["sarif-file"]


def test_docs_workflows_pass_actionlint(tmp_path: Path) -> None:
    actionlint = shutil.which("actionlint")
    if actionlint is None:
        pytest.skip("actionlint is not on PATH")
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    for number, text in enumerate(doc_workflows()):
        (workflows / f"example{number}.yml").write_text(text, encoding="utf-8")
    # A workflow calling the action from this checkout, so that actionlint
    # reads action.yml and checks the inputs against it.
    shutil.copy(ACTION, tmp_path / "action.yml")
    (workflows / "local.yml").write_text(
        "on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - uses: actions/checkout@v4\n"
        "      - uses: ./\n        with:\n          paths: emails\n"
        "          check-dns: 'true'\n",
        encoding="utf-8",
    )

    done = subprocess.run([actionlint], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)

    assert done.returncode == 0, done.stdout + done.stderr


# shellcheck on every script ----------------------------------------------


def shell_scripts() -> list[tuple[str, str, str]]:
    """(label, dialect, text) of each shell script this repository ships."""
    scripts = [(path.name, "sh", path.read_text(encoding="utf-8"))
               for path in GIT_HOOKS]
    for number, s in enumerate(steps()):
        if "run" in s:
            scripts.append((f"action step {number}", "bash", s["run"]))
    return scripts


@pytest.mark.parametrize("label, dialect, text", shell_scripts(),
                         ids=[label for label, _, _ in shell_scripts()])
def test_scripts_pass_shellcheck(label: str, dialect: str, text: str) -> None:
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        pytest.skip("shellcheck is not on PATH")

    done = subprocess.run([shellcheck, "-s", dialect, "-"], input=text,
                          capture_output=True, text=True, timeout=60)

    assert done.returncode == 0, done.stdout


def test_lint_step_with_the_real_cli(runner: dict[str, Path]) -> None:
    wrapper = runner["bin"] / "lint-email"
    wrapper.write_text(
        "#!/bin/sh\n"
        f"PYTHONPATH='{REPO}' exec '{sys.executable}' -m linter.cli \"$@\"\n",
        encoding="utf-8",
    )
    emails = runner["temp"] / "emails"
    emails.mkdir()
    (emails / "welcome.html").write_text('<a href="www.shop.com">x</a>\n',
                                         encoding="utf-8")

    done = run_lint_step(runner, paths="emails", args="--isolated")

    sarif = json.loads((runner["temp"] / "lint-email.sarif").read_text(
        encoding="utf-8"))
    (result,) = sarif["runs"][0]["results"]
    assert done.returncode == 0, done.stderr
    assert "::error file=emails/welcome.html," in done.stdout
    assert result["ruleId"] == "EL101"
    assert outputs(runner)["exit-code"] == "1"
    assert "EL101" in runner["summary"].read_text(encoding="utf-8")
