"""The repository as Binder, GitHub Pages and a reader see it: one address, pinned
requirements, the launch and download buttons, `make lab`, and the deploy workflow.

The repository's address is written once, in ``_config.yml``; the README's Binder badge
and links and the site's address must be derived from it.
"""

from __future__ import annotations

import os
import re
import subprocess
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from conftest import ROOT, notebook_pages, toc_pages

PAGES = toc_pages()
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
WORKFLOW = ROOT / ".github" / "workflows" / "deploy.yml"


def repository() -> dict:
    """Owner, name, branch and book folder from ``_config.yml``'s ``repository``."""
    repo = CONFIG["repository"]
    url = urlparse(repo["url"])
    assert url.scheme == "https" and url.netloc == "github.com", repo["url"]
    owner, name = url.path.strip("/").split("/")
    book = repo.get("path_to_book", "").strip("/")
    return {
        "url": repo["url"],
        "owner": owner,
        "name": name,
        "branch": repo["branch"],
        "book": f"{book}/" if book else "",
    }


def binder_link(page: str) -> str:
    """The Binder address that opens ``page`` (a toc entry) in JupyterLab."""
    r = repository()
    hub = CONFIG["launch_buttons"]["binderhub_url"].rstrip("/")
    ui = {"jupyterlab": "lab/tree", "classic": "tree"}[
        CONFIG["launch_buttons"]["notebook_interface"]
    ]
    return f"{hub}/v2/gh/{r['owner']}/{r['name']}/{r['branch']}?urlpath={ui}/{r['book']}{page}.md"


def site_address() -> str:
    r = repository()
    return f"https://{r['owner']}.github.io/{r['name']}/"


# -- one address ----------------------------------------------------------------------------
def test_config_names_the_repository_binder_and_jupyterlab_without_thebe():
    r = repository()
    assert (r["owner"], r["name"], r["branch"]) == ("mlp2conv", "mlp2conv", "main")
    assert CONFIG["repository"]["path_to_book"] == ""
    launch = CONFIG["launch_buttons"]
    assert launch["binderhub_url"] == "https://mybinder.org"
    assert launch["notebook_interface"] == "jupyterlab"
    assert launch["thebe"] is False, "live code on the static page would need a network"
    # Without this the theme options below would replace the launch buttons and repository.
    assert CONFIG["sphinx"]["recursive_update"] is True
    assert CONFIG["sphinx"]["config"]["html_theme_options"]["use_download_button"] is True


def test_readme_binder_badge_and_links_follow_config_yml():
    readme = (ROOT / "README.md").read_text()
    hub = CONFIG["launch_buttons"]["binderhub_url"].rstrip("/")
    badge = f"[![Binder]({hub}/badge_logo.svg)]({binder_link(PAGES[0])})"
    assert badge in readme, f"the README should carry the Binder badge {badge}"
    assert site_address() in readme, f"the README should give the site's address {site_address()}"
    allowed = {binder_link(page) for page in PAGES} | {site_address(), repository()["url"]}
    for link in re.findall(r"https?://[^\s)>\]`\"']+", readme):
        host = urlparse(link).netloc
        if (host == urlparse(hub).netloc and "/v2/" in link) or host.endswith("github.io"):
            assert link in allowed, f"README link {link} does not follow _config.yml"
        if host == "github.com":
            assert link.rstrip("/") == repository()["url"], f"README link {link}"


def test_repository_address_is_written_only_in_config_yml_and_the_readme():
    address = re.compile(re.escape(f"{repository()['owner']}/{repository()['name']}"))
    skip = {".git", ".venv", "_build", "build", "artifacts", "__pycache__", ".hypothesis"}
    skip_suffixes = ("_cache", ".egg-info")  # generated: caches, package metadata
    found = []
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if d not in skip and not d.endswith(skip_suffixes)]
        for filename in filenames:
            path = Path(dirpath) / filename
            if path.suffix in (".png", ".svg", ".pyc", ".db") or path == Path(__file__):
                continue
            try:
                if address.search(path.read_text(encoding="utf-8")):
                    found.append(str(path.relative_to(ROOT)))
            except (UnicodeDecodeError, OSError):
                continue
    assert sorted(found) == ["README.md", "_config.yml"], found


# -- what Binder installs -------------------------------------------------------------------
def test_runtime_txt_names_the_python_the_project_targets():
    runtime = (ROOT / "runtime.txt").read_text().strip()
    target = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["ruff"]["target-version"]
    assert runtime == f"python-{target[2]}.{target[3:]}" == "python-3.11"


def test_requirements_txt_is_fully_pinned_and_brings_jupyterlab():
    names = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or line == ".":
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([0-9][0-9A-Za-z.+!-]*)", line)
        assert match, f"requirements.txt: {line!r} is not pinned with =="
        key = re.sub(r"[-_.]+", "-", match[1]).lower()
        assert key not in names, f"requirements.txt names {match[1]} twice"
        names[key] = match[2]
    assert "." in (ROOT / "requirements.txt").read_text().split(), "the package itself: `.`"
    for needed in ("jupyterlab", "jupytext", "ipywidgets", "jupyterlab-widgets", "ipykernel"):
        assert needed in names, f"requirements.txt lacks {needed}"


def test_post_build_makes_markdown_open_as_a_notebook():
    post_build = ROOT / "postBuild"
    assert os.access(post_build, os.X_OK), "postBuild must be executable (Binder runs it)"
    text = post_build.read_text()
    assert text.startswith("#!/usr/bin/env bash")
    assert re.search(r"jupytext-config .*\n?.*set-default-viewer markdown myst", text)


def test_make_lab_runs_post_build_and_jupyterlab_from_the_project_environment():
    dry = subprocess.run(
        ["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "./postBuild" in dry
    assert re.search(r"\.venv/bin/jupyter lab --ip=127\.0\.0\.1 --port=\d+ .*book/intro\.md", dry)


# -- the deploy workflow --------------------------------------------------------------------
def test_deploy_workflow_tests_builds_and_publishes_the_site_on_push_to_main():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert triggers["push"]["branches"] == ["main"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]

    steps = build["steps"]
    runs = [s.get("run", "").strip() for s in steps]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    assert uses[0] == "actions/checkout"
    assert (
        runs.index("make test")
        < runs.index("make book")
        < uses.index("actions/upload-pages-artifact")
    )
    upload = steps[uses.index("actions/upload-pages-artifact")]
    assert upload["with"]["path"] == "_build/html"
    # Debian (its Chromium for the browser tests) with the Python of runtime.txt.
    image = build["container"]["image"]
    version = (ROOT / "runtime.txt").read_text().strip().removeprefix("python-")
    assert re.fullmatch(rf"python:{re.escape(version)}-(bookworm|trixie)", image), image

    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_every_action_in_the_workflows_is_pinned_to_a_version():
    for path in sorted((ROOT / ".github" / "workflows").glob("*.y*ml")):
        for job in yaml.safe_load(path.read_text())["jobs"].values():
            for step in job.get("steps", []):
                if "uses" in step:
                    ref = step["uses"].partition("@")[2]
                    assert re.fullmatch(r"v\d+\.\d+\.\d+|[0-9a-f]{40}", ref), (
                        f"{path.name}: {step['uses']} is not pinned to an exact version"
                    )


# -- the built pages --------------------------------------------------------------------------
class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.classes: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.classes.extend((attrs.get("class") or "").split())
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


@pytest.mark.book
@pytest.mark.parametrize("page", notebook_pages())
def test_page_links_to_binder_and_downloads_its_sources_from_the_site(built_book, page):
    html = built_book / f"{page}.html"
    links = Links()
    links.feed(html.read_text(encoding="utf-8"))
    launch = [h for h in links.hrefs if h.startswith(CONFIG["launch_buttons"]["binderhub_url"])]
    assert launch == [binder_link(page)], "the Binder button must open this chapter"
    for suffix in (".md", ".ipynb"):
        download = [h for h in links.hrefs if h.endswith(f"_sources/{page}{suffix}")]
        assert download, f"{page}: no download button for the {suffix} source"
        assert not urlparse(download[0]).netloc, "downloads come from the site itself"
        assert (html.parent / download[0]).resolve().is_file(), download[0]
    assert "thebe-launch-button" not in links.classes, "no live-code button on the static page"
