"""Helpers for tests that build real sites: run the ``dossier`` command and ``mkdocs build``
as subprocesses, and read the generated HTML with the standard library's parser."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Run inside the child before MkDocs/dossier: any attempt to open a network connection is
# written to the file named by DOSSIER_NET_LOG and refused, so a test can assert that the
# build made no request at all.
_NO_NETWORK = r"""
import os, socket, sys
_log = os.environ["DOSSIER_NET_LOG"]
def _refuse(*args, **kwargs):
    with open(_log, "a", encoding="utf-8") as fh:
        fh.write(repr(args[:2]) + "\n")
    raise OSError("network access is not allowed during a build")
socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
"""


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.update(extra)
    return env


def run_dossier(root: Path, *args: str, env: dict[str, str] | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    """``python -m dossier_build.cli ARGS`` in ``root``."""
    return subprocess.run(
        [sys.executable, "-m", "dossier_build.cli", *args],
        cwd=root, env=env or child_env(), capture_output=True, text=True, timeout=timeout,
    )


def run_mkdocs_offline(root: Path, config_file: str = "mkdocs.yml", timeout: int = 600) -> tuple[subprocess.CompletedProcess, list[str]]:
    """``mkdocs build --strict`` in ``root`` with every network connection refused and
    logged; returns the process and the list of attempted connections."""
    log = root / ".net-attempts.log"
    log.write_text("", encoding="utf-8")
    code = _NO_NETWORK + "\nfrom mkdocs.__main__ import cli\nsys.argv = ['mkdocs', 'build', '--strict', '-f', %r]\ncli()\n" % config_file
    process = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=child_env(DOSSIER_NET_LOG=str(log)),
        capture_output=True, text=True, timeout=timeout,
    )
    attempts = [line for line in log.read_text(encoding="utf-8").splitlines() if line]
    return process, attempts


def without_dossier_plugin(root: Path) -> str:
    """Write ``mkdocs-site.yml``: the dossier's mkdocs.yml without the ``dossier`` plugin,
    so MkDocs publishes the Markdown a previous ``dossier build`` wrote. Used where the
    sources hold errors on purpose: the plugin reports those as MkDocs warnings, which
    ``--strict`` turns into a failed build."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    stripped = re.sub(r"^  - dossier:\n(?:      .*\n)*", "", text, flags=re.MULTILINE)
    assert stripped != text, "mkdocs.yml no longer lists the dossier plugin as expected"
    (root / "mkdocs-site.yml").write_text(stripped, encoding="utf-8")
    return "mkdocs-site.yml"


# --------------------------------------------------------------------------- HTML

_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href", "srcset", "background", "cite"}
_ALLOWED_SCHEMES = {"http", "https", "mailto"}


@dataclass
class Page:
    """What a page holds that matters for safety."""

    path: Path
    title: str = ""
    text: str = ""  # all visible text of <body>, white space collapsed
    article_text: str = ""
    scripts: list[tuple[dict, str]] = field(default_factory=list)  # (attrs, inline code)
    scripts_in_article: int = 0
    elements: list[tuple[str, dict, bool]] = field(default_factory=list)  # (tag, attrs, inside <article>)
    links: list[str] = field(default_factory=list)  # href of <a> elements


class _Scanner(HTMLParser):
    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.stack: list[str] = []
        self.in_title = False
        self.script: dict | None = None
        self.script_code: list[str] = []
        self.article_depth = 0
        self.body_text: list[str] = []
        self.article_parts: list[str] = []
        self.title_parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        inside = self.article_depth > 0
        self.page.elements.append((tag, attributes, inside))
        if tag == "article":
            self.article_depth += 1
        if tag == "title":
            self.in_title = True
        if tag == "script":
            self.script = attributes
            self.script_code = []
            if inside:
                self.page.scripts_in_article += 1
        if tag == "a" and "href" in attributes:
            self.page.links.append(attributes["href"])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "article":
            self.article_depth -= 1

    def handle_endtag(self, tag):
        if tag == "article" and self.article_depth:
            self.article_depth -= 1
        if tag == "title":
            self.in_title = False
        if tag == "script" and self.script is not None:
            self.page.scripts.append((self.script, "".join(self.script_code)))
            self.script = None

    def handle_data(self, data):
        if self.script is not None:
            self.script_code.append(data)
            return
        if self.in_title:
            self.title_parts.append(data)
            return
        self.body_text.append(data)
        if self.article_depth:
            self.article_parts.append(data)


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def scan(path: Path) -> Page:
    """Parse one HTML file."""
    page = Page(path)
    scanner = _Scanner(page)
    scanner.feed(path.read_text(encoding="utf-8"))
    scanner.close()
    page.title = _collapse("".join(scanner.title_parts))
    page.text = _collapse(" ".join(scanner.body_text))
    page.article_text = _collapse(" ".join(scanner.article_parts))
    return page


def live_markup(page: Page) -> list[str]:
    """Everything on a page that could run code or load from another site: <script>
    inside the content or not from Material's own assets, on* attributes, frames,
    objects, forms, <base>/<meta refresh>, images from other hosts, and URLs whose
    scheme is not http, https or mailto."""
    problems = []
    for attrs, code in page.scripts:
        src = attrs.get("src", "")
        if src and "assets/javascripts/" not in src:
            problems.append(f"script src={src!r}")
    if page.scripts_in_article:
        problems.append(f"{page.scripts_in_article} <script> inside the article")
    for tag, attrs, inside in page.elements:
        for name, value in attrs.items():
            if name.startswith("on"):
                problems.append(f"<{tag} {name}={value!r}>")
            if name in _URL_ATTRIBUTES and value:
                scheme = urlsplit(value.strip()).scheme.lower() if ":" in value else ""
                if re.match(r"^[a-z][a-z0-9+.-]*:", value.strip().lower()) and scheme not in _ALLOWED_SCHEMES:
                    problems.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"):
            problems.append(f"<{tag}>")
        if tag in ("form", "input", "button", "textarea", "select") and inside:
            problems.append(f"<{tag}> inside the article")
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            problems.append("<meta http-equiv=refresh>")
        if tag in ("img", "video", "audio", "source", "link") and inside:
            problems.append(f"<{tag}> inside the article")
        if tag == "img" and urlsplit(attrs.get("src", "")).netloc:
            problems.append(f"<img> from {attrs.get('src')!r}")
        if tag == "style" and inside:
            problems.append("<style> inside the article")
    return problems


def broken_internal_links(site: Path, page: Page) -> list[str]:
    """Relative links of a page whose target file does not exist in the built site."""
    broken = []
    for href in page.links:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        target = (page.path.parent / unquote(parts.path)).resolve()
        if target.is_dir():
            target = target / "index.html"
        if site.resolve() not in target.parents or not target.is_file():
            broken.append(href)
    return broken
