"""The live path, taken as a reader would: JupyterLab in the project's environment, and a
fresh environment built from ``requirements.txt`` alone, which is what Binder installs.

- ``lab``: JupyterLab (pinned in ``requirements.txt``, installed by the Makefile) runs on
  127.0.0.1 with a free port and a token, after ``postBuild`` (as on Binder and in
  ``make lab``). For every page of the table of contents, headless Chromium opens the
  chapter's ``.md`` by its URL, sees a notebook (not a text editor), runs all cells from
  the menu, checks that no cell shows an error, moves the first control of the first
  explorer and sees the kernel redraw the figure and the readouts, then shuts the kernel
  down from the menu. JupyterLab serves a copy of ``book/``, so nothing it saves reaches
  the repository.
- ``binder``: a new virtual environment gets ``pip install -r requirements.txt`` and
  ``postBuild`` and nothing else; every chapter is executed there with nbclient, and its
  JupyterLab is asked whether it opens Markdown as a notebook.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import ROOT, notebook_pages

PAGES = notebook_pages()  # the executed chapters
VIEWER = "Jupytext Notebook"
# Copied into the fresh environment's project folder: what a clone of the repository holds.
COPY_IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "_build",
    "build",
    "artifacts",
    "*.egg-info",
    "__pycache__",
    ".*_cache",
    ".hypothesis",
    ".ipynb_checkpoints",
)


# -- a JupyterLab server ----------------------------------------------------------------
class Lab:
    """A running JupyterLab server: its base URL and token."""

    def __init__(self, url: str, token: str, log: Path):
        self.url = url
        self.token = token
        self.log = log

    def api(self, path: str):
        request = urllib.request.Request(
            f"{self.url}{path}", headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    def tail(self, n: int = 40) -> str:
        lines = self.log.read_text(errors="replace").splitlines()
        return "\n".join(lines[-n:])


def isolated_jupyter_env(bin_dir: Path, home: Path) -> dict:
    """Environment variables for a Jupyter process that sees only ``bin_dir``'s environment.

    Jupyter's per-user folders (config, data, runtime, JupyterLab settings and workspaces)
    point into ``home``, so a reader's own ``~/.jupyter`` can neither help nor break a test.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PYTHON"))}
    for name, sub in [
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("JUPYTERLAB_SETTINGS_DIR", "settings"),
        ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
    ]:
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[name] = str(home / sub)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run_post_build(bin_dir: Path, env: dict) -> None:
    """Run the repository's postBuild in the environment of ``bin_dir``, as Binder does."""
    result = subprocess.run(
        [str(ROOT / "postBuild")],
        cwd=ROOT,
        env={**env, "PATH": f"{bin_dir}{os.pathsep}{env['PATH']}"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"postBuild failed:\n{result.stdout}\n{result.stderr}"


@contextlib.contextmanager
def running_lab(bin_dir: Path, root_dir: Path, home: Path):
    """Start ``bin_dir``'s JupyterLab on 127.0.0.1 (a free port, a token); stop it after."""
    jupyter = bin_dir / "jupyter"
    if not jupyter.exists():
        pytest.fail(f"{jupyter} is missing: run `make env` (JupyterLab is in requirements.txt)")
    env = isolated_jupyter_env(bin_dir, home)
    token = secrets.token_hex(16)
    command = [
        str(jupyter),
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        "--port=0",  # the system picks a free port; the server reports it below
        f"--ServerApp.root_dir={root_dir}",
        f"--IdentityProvider.token={token}",
        "--LabApp.expose_app_in_browser=True",  # lets the test read the notebook's state
        # Nothing from the internet: no news feed, no update check, no extension index.
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = home / "jupyterlab.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            command,
            cwd=root_dir,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    runtime = Path(env["JUPYTER_RUNTIME_DIR"])
    try:
        url = None
        deadline = time.monotonic() + 90
        while url is None and time.monotonic() < deadline:
            assert process.poll() is None, f"JupyterLab exited:\n{log.read_text()}"
            for info in runtime.glob("jpserver-*.json"):
                with contextlib.suppress(ValueError, OSError):
                    data = json.loads(info.read_text())
                    url = f"http://127.0.0.1:{data['port']}"
            time.sleep(0.2)
        assert url, f"JupyterLab did not start within 90 s:\n{log.read_text()}"
        lab = Lab(url, token, log)
        while True:
            try:
                lab.api("/api/status")
                break
            except OSError:
                assert time.monotonic() < deadline, f"JupyterLab does not answer:\n{lab.tail()}"
                time.sleep(0.2)
        yield lab
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)  # the server stops its kernels too
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


# -- JupyterLab in the project's environment --------------------------------------------
@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """The project's JupyterLab, set up by postBuild, serving a copy of the chapters."""
    bin_dir = Path(sys.prefix) / "bin"
    home = tmp_path_factory.mktemp("jupyter-home")
    root = tmp_path_factory.mktemp("lab-root")
    shutil.copytree(ROOT / "book", root / "book", ignore=COPY_IGNORE)
    run_post_build(bin_dir, isolated_jupyter_env(bin_dir, home))
    with running_lab(bin_dir, root, home) as server:
        yield server


# The open notebook as JupyterLab's model sees it (needs expose_app_in_browser).
NOTEBOOK_STATE = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.context) return null;
  const model = panel.content && panel.content.model;
  const kernel = panel.sessionContext && panel.sessionContext.session
    && panel.sessionContext.session.kernel;
  const cells = [];
  if (model && model.cells) {
    for (let i = 0; i < model.cells.length; i++) {
      const cell = model.cells.get(i);
      if (cell.type !== 'code') continue;
      const problems = [];
      for (let j = 0; j < cell.outputs.length; j++) {
        const out = cell.outputs.get(j).toJSON();
        if (out.output_type === 'error') problems.push(out.ename + ': ' + out.evalue);
        if (out.output_type === 'stream' && out.name === 'stderr') problems.push(
          'stderr: ' + [].concat(out.text).join('').slice(0, 300));
      }
      cells.push({index: i, count: cell.executionCount, problems: problems});
    }
  }
  return {id: panel.id, path: panel.context.path, notebook: !!(model && model.cells),
          kernel: kernel ? kernel.status : null, cells: cells};
}"""
KERNEL_IDLE = f"() => {{ const s = ({NOTEBOOK_STATE})(); return !!s && s.kernel === 'idle'; }}"
RUN_FINISHED = f"""() => {{
  const s = ({NOTEBOOK_STATE})();
  return !!s && s.kernel === 'idle' && s.cells.length > 0
    && (s.cells.every(c => c.count) || s.cells.some(c => c.problems.length));
}}"""


def menu(page, menu_name: str, item: str) -> None:
    """Choose ``menu_name → item`` from JupyterLab's menu bar."""
    exactly = {name: re.compile(f"^{re.escape(name)}$") for name in (menu_name, item)}
    page.locator(".lm-MenuBar-itemLabel", has_text=exactly[menu_name]).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=exactly[item]).first.click()


def move_first_control(page, control) -> str:
    """Move a slider one step with the keyboard, or pick the next item of a list."""
    if "widget-slider" in (control.get_attribute("class") or ""):
        handle = control.locator(".noUi-handle").first
        handle.focus()
        at_end = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        key = "ArrowLeft" if at_end else "ArrowRight"
        page.keyboard.press(key)
        return f"slider, {key}"
    select = control.locator("select").first
    options = select.locator("option").count()
    assert options > 1, "the first control of the explorer has a single option"
    index = (select.evaluate("s => s.selectedIndex") + 1) % options
    select.select_option(index=index)
    return f"list, option {index}"


@pytest.mark.lab
@pytest.mark.parametrize("page_path", PAGES)
def test_chapter_runs_in_jupyterlab_and_its_explorer_redraws_in_the_kernel(
    lab, browser, artifacts, page_path
):
    host = urlparse(lab.url).netloc
    outside: list[str] = []
    crashes: list[str] = []
    context = browser.new_context(viewport={"width": 1400, "height": 1000})

    def route(r):
        parsed = urlparse(r.request.url)
        if parsed.scheme in ("data", "blob") or parsed.netloc == host:
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda exc: crashes.append(str(exc)))
    name = page_path.replace("/", "-")
    try:
        # Open the chapter's Markdown file by its URL, as the Binder link does.
        page.goto(f"{lab.url}/lab/tree/{page_path}.md?reset&token={lab.token}")
        page.wait_for_function(
            f"path => {{ const s = ({NOTEBOOK_STATE})(); return !!s && s.path === path; }}",
            arg=f"{page_path}.md",
            timeout=90_000,
        )
        state = page.evaluate(NOTEBOOK_STATE)
        assert state["notebook"] and state["cells"], (
            f"{page_path}.md did not open as a notebook with code cells (default viewer?)"
        )
        page.wait_for_function(KERNEL_IDLE, timeout=90_000)
        panel = page.locator(f"[id='{state['id']}']")
        assert "jp-NotebookPanel" in (panel.get_attribute("class") or "")

        menu(page, "Run", "Run All Cells")
        page.wait_for_function(RUN_FINISHED, timeout=240_000, polling=500)
        state = page.evaluate(NOTEBOOK_STATE)
        problems = [(c["index"], p) for c in state["cells"] for p in c["problems"]]
        assert problems == [], f"{page_path}: cells show errors: {problems}"
        assert all(c["count"] for c in state["cells"]), f"{page_path}: not every cell ran"
        stderr = panel.locator('[data-mime-type="application/vnd.jupyter.stderr"]')
        assert stderr.count() == 0, f"{page_path}: {stderr.first.inner_text()}"

        # The explorer is the live widget, not the pre-rendered page version.
        live = panel.locator(".m2c-live")
        assert live.count() >= 1, f"{page_path}: no live explorer (is the widget manager there?)"
        assert panel.locator("[data-m2c-explorer]").count() == 0, "the static explorer is shown"
        explorer = live.first
        explorer.scroll_into_view_if_needed()
        # The widgets replace the readouts' HTML on every update: query it afresh each time.
        shown = explorer.evaluate_handle(
            "el => () => [el.querySelector('img').getAttribute('src'),"
            " el.querySelector('dl.m2c-readouts').textContent]"
        )
        page.wait_for_function("shown => shown().every(v => v && v.trim())", arg=shown)
        before = shown.evaluate("shown => shown()")
        control = explorer.locator(".widget-slider, .widget-dropdown").first
        how = move_first_control(page, control)
        page.wait_for_function(
            "([shown, before]) => { const now = shown();"
            " return now[0] !== before[0] && now[1] !== before[1]; }",
            arg=[shown, before],
            timeout=60_000,
        )
        explorer.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / f"lab-{name}.png"))

        menu(page, "Kernel", "Shut Down Kernel")
        deadline = time.monotonic() + 60
        while lab.api("/api/kernels"):
            assert time.monotonic() < deadline, f"the kernel is still running after {how}"
            time.sleep(0.5)
    except Exception:
        with contextlib.suppress(Exception):
            page.screenshot(path=str(artifacts / f"lab-{name}-failed.png"))
        print(f"JupyterLab log:\n{lab.tail()}")
        raise
    finally:
        context.close()
    assert crashes == [], f"{page_path}: uncaught errors in JupyterLab: {crashes}"
    assert outside == [], f"{page_path}: JupyterLab asked other hosts for {outside}"


# -- a fresh environment from requirements.txt alone (what Binder installs) ---------------
RUNNER = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path

    import jupytext
    import nbformat
    from nbclient import NotebookClient

    path = Path(sys.argv[1])
    nb = jupytext.read(path)
    # A last cell reports which Python and which mlp2conv the kernel used.
    probe = "import sys, mlp2conv; print(sys.prefix); print(mlp2conv.__file__)"
    nb.cells.append(nbformat.v4.new_code_cell(probe))
    client = NotebookClient(
        nb, kernel_name="python3", timeout=600, allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    problems = []
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out["output_type"] == "error":
                problems.append([index, out["ename"] + ": " + out["evalue"]])
            elif out["output_type"] == "stream" and out["name"] == "stderr":
                problems.append([index, "stderr: " + out["text"][:300]])
    probe_lines = "".join(o.get("text", "") for o in nb.cells[-1].outputs).split()
    print(json.dumps({"problems": problems, "probe": probe_lines}))
    """
)


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory):
    """A virtual environment with ``pip install -r requirements.txt`` and postBuild only."""
    base = tmp_path_factory.mktemp("binder")
    project = base / "repo"
    shutil.copytree(ROOT, project, ignore=COPY_IGNORE)
    venv = base / "venv"
    home = base / "home"
    env = isolated_jupyter_env(venv / "bin", home)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    started = time.monotonic()
    install = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "-r", "requirements.txt"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert install.returncode == 0, f"pip install -r requirements.txt failed:\n{install.stderr}"
    print(f"requirements.txt installed in {time.monotonic() - started:.0f} s")
    run_post_build(venv / "bin", env)
    (base / "runner.py").write_text(RUNNER)
    yield {"base": base, "project": project, "venv": venv, "home": home, "env": env}
    shutil.rmtree(base, ignore_errors=True)  # a whole environment: don't leave it in /tmp


@pytest.mark.binder
def test_binder_python_is_the_one_in_runtime_txt(binder_env):
    wanted = (ROOT / "runtime.txt").read_text().strip()  # e.g. python-3.11
    python = binder_env["venv"] / "bin" / "python"
    version = subprocess.run(
        [str(python), "-c", "import sys; print('python-%d.%d' % sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert version == wanted, f"tests run on {version}, runtime.txt asks Binder for {wanted}"


@pytest.mark.binder
@pytest.mark.parametrize("page_path", PAGES)
def test_chapter_executes_in_a_fresh_environment_from_requirements_txt(binder_env, page_path):
    venv, project = binder_env["venv"], binder_env["project"]
    result = subprocess.run(
        [str(venv / "bin" / "python"), str(binder_env["base"] / "runner.py"), f"{page_path}.md"],
        cwd=project,
        env=binder_env["env"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, f"{page_path}: the runner failed:\n{result.stderr[-3000:]}"
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["problems"] == [], f"{page_path}: cells show errors: {report['problems']}"
    prefix, package = report["probe"]
    # The kernel ran in the fresh environment, on the package installed from requirements.txt.
    assert Path(prefix).resolve() == venv.resolve()
    assert Path(package).resolve().is_relative_to(venv.resolve()), package


@pytest.mark.binder
def test_binder_jupyterlab_opens_markdown_chapters_as_notebooks(binder_env):
    venv, home = binder_env["venv"], binder_env["home"]
    with running_lab(venv / "bin", binder_env["project"], home) as server:
        plugin = server.api("/lab/api/settings/@jupyterlab/docmanager-extension:plugin")
        viewers = plugin["schema"]["properties"]["defaultViewers"]["default"]
        assert viewers.get("markdown") == VIEWER and viewers.get("myst") == VIEWER, viewers
        plugins = {p["id"].split(":")[0] for p in server.api("/lab/api/settings")["settings"]}
        for extension in ("jupyterlab-jupytext", "@jupyter-widgets/jupyterlab-manager"):
            assert extension in plugins, f"JupyterLab lacks {extension}"
