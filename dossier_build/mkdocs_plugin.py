"""MkDocs plugin ``dossier``: ``mkdocs build`` and ``mkdocs serve`` run the dossier build.

- ``on_startup``: notes whether this is a serve and a ``--dirty`` one; MkDocs keeps a
  plugin with this hook across the rebuilds of one ``mkdocs serve``.
- ``on_config``: builds the dossier into its output folder (inside ``docs_dir``) before
  MkDocs collects the pages; when nothing changed since the last build (the build's own
  check, ``BuildResult.up_to_date``) nothing is rebuilt and the last build's problems are
  reported again; sets ``site_name`` to the dossier's title; adds the stylesheet and the
  Mermaid loader.
- ``on_files``: adds the stylesheet and the self-hosted Mermaid (loader + library) from the
  package as generated files, so diagrams render without a request to a CDN. In a
  ``--dirty`` build, dates back the HTML of pages that show a home block that changed.
- ``on_page_markdown``: replaces ``<!-- dossier:home -->`` with the generated home block.
- ``on_post_page``: names Material's search dialog for screen readers (and notes which
  pages this build wrote).
- ``on_page_context``: notes the names a page declares in its front matter (``names``:
  actor and topic pages list their name and aliases).
- ``on_post_build``: in a ``--dirty`` build, merges the search index of the rebuilt pages
  into the previous one (Material's own merge assumes a single rebuilt page); then gives
  the index entry of each page's top its declared names, in the field ``names`` that
  ``mkdocs.yml`` weighs like a title (see :func:`add_search_names`).
- ``on_serve``: watches the sources folder and ``dossier.yml`` so edits rebuild, and stops
  watching the output folder: the build writes it during each rebuild, and MkDocs would
  queue a second, useless rebuild for those writes.

Problems in sources are logged as warnings, so ``mkdocs build --strict`` fails on them
just as ``dossier build --strict`` does.
"""

from __future__ import annotations

import html
import logging
import os
import re
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config as MkDocsConfigBase
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File

from .build import BuildResult, build
from .config import Config, ConfigError, load_config
from .render.home import HOME_MARKER
from .writer import OutputError

log = logging.getLogger("mkdocs.plugins.dossier")
STYLESHEET = "assets/dossier/dossier.css"
# Material fetches Mermaid from a CDN unless a global `mermaid` exists; the loader defines
# it and loads the vendored copy only on pages with a diagram (see assets/mermaid-loader.js).
MERMAID_LOADER = "assets/dossier/mermaid-loader.js"
PACKAGE_ASSETS = {
    STYLESHEET: "assets/dossier.css",
    MERMAID_LOADER: "assets/mermaid-loader.js",
    "assets/dossier/mermaid.min.js": "assets/mermaid.min.js",
}
SEARCH_DIALOG = re.compile(r'<div class="md-search" data-md-component="search" role="dialog"(?=>)')
SEARCH_FIELD_LABEL = re.compile(r'<input [^>]*class="md-search__input"[^>]*aria-label="([^"]*)"')


class DossierPluginConfig(MkDocsConfigBase):
    config = c.Type(str, default="dossier.yml")
    set_site_name = c.Type(bool, default=True)


class DossierPlugin(BasePlugin[DossierPluginConfig]):
    def __init__(self):
        self.dossier_config: Config | None = None
        self.dirty = False
        self.home = ""
        # Pages that show the home block, with the block their HTML was built with.
        self.home_pages: dict[str, str] = {}
        self.page_urls: set[str] = set()  # every page of this build
        self.built_urls: set[str] = set()  # the pages this build wrote (all but in --dirty)
        self.search_names: dict[str, str] = {}  # page address -> its names for the index

    def on_startup(self, *, command, dirty):
        """``mkdocs serve --dirty`` rebuilds only pages whose Markdown is newer than their
        HTML; the plugin then has to date back pages whose home block changed."""
        self.dirty = dirty

    def on_config(self, config):
        config_file = Path(config.config_file_path or "mkdocs.yml").resolve().parent / self.config.config
        try:
            dossier_config = load_config(config_file)
            result = build(dossier_config)
        except ConfigError as exc:
            raise PluginError(f"dossier: the configuration is broken; nothing was built:\n{exc}") from None
        except OutputError as exc:
            raise PluginError(f"dossier: {exc}") from None
        self.dossier_config = dossier_config
        self._report_build(result)
        self.home = result.home
        if self.config.set_site_name:
            config.site_name = dossier_config.title
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if MERMAID_LOADER not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(ExtraScriptValue(MERMAID_LOADER))
        return config

    def _report_build(self, result: BuildResult) -> None:
        """Each error and warning of the build as a warning (so ``mkdocs build --strict``
        fails on them; an up-to-date build reports the last build's again), skipped files
        as info, then a summary line."""
        dossier = result.dossier
        for diagnostic in dossier.errors + dossier.warnings:
            log.warning("dossier: %s", diagnostic.format())
        for skipped in dossier.skipped:
            log.info("dossier: %s: skipped: %s", skipped.path, skipped.reason)
        stats = result.stats
        done = "up to date (sources, dossier.yml and output unchanged), not rebuilt" if result.up_to_date else f"{stats.written} files written, {stats.unchanged} unchanged"
        log.info(
            "dossier: %d sources, %d errors, %d warnings, %d skipped; %s",
            result.source_count, len(dossier.errors), len(dossier.warnings), len(dossier.skipped), done,
        )

    def on_files(self, files, config):
        package = Path(__file__).parent
        for site_path, package_path in PACKAGE_ASSETS.items():
            if files.get_file_from_path(site_path) is None:
                # Copied from the package by MkDocs, not read into memory (Mermaid is 3.5 MB).
                files.append(File.generated(config, site_path, abs_src_path=str(package / package_path)))
        if self.dirty:
            self._date_back_stale_home_pages(files)
        self.page_urls = {file.url for file in files.documentation_pages()}
        self.built_urls = set()
        self.search_names = {}
        return files

    def _date_back_stale_home_pages(self, files) -> None:
        """A dirty build rebuilds a page only when its HTML is older than its Markdown. A
        page with the home marker also shows the generated home block: when that changed
        since the page was built, its HTML is dated back to 1970 so that it is rebuilt."""
        for src_uri, built_with in self.home_pages.items():
            file = files.get_file_from_path(src_uri)
            if built_with == self.home or file is None or not os.path.isfile(file.abs_dest_path):
                continue
            os.utime(file.abs_dest_path, ns=(0, 0))

    def on_page_markdown(self, markdown, page, config, files):
        if HOME_MARKER in markdown:
            self.home_pages[page.file.src_uri] = self.home
            return markdown.replace(HOME_MARKER, self.home)
        self.home_pages.pop(page.file.src_uri, None)
        return markdown

    def on_page_context(self, context, page, config, nav):
        names = search_names(page.meta.get("names"))
        if names:
            self.search_names[page.url] = names
        return context

    def on_post_page(self, output, page, config):
        """Material's search dialog has no accessible name (axe-core: aria-dialog-name); it
        gets the label of its own search field, already in the theme's language."""
        self.built_urls.add(page.url)
        field = SEARCH_FIELD_LABEL.search(output)
        if field is None:
            return output
        return SEARCH_DIALOG.sub(lambda dialog: f'{dialog.group(0)} aria-label="{field.group(1)}"', output, count=1)

    @event_priority(100)  # before the search plugin writes its index
    def on_post_build(self, config):
        if self.dirty:
            for plugin in config.plugins.values():
                merge_dirty_search_index(plugin, self.page_urls, self.built_urls)
        for plugin in config.plugins.values():
            add_search_names(plugin, self.search_names)

    def on_serve(self, server, config, builder):
        if self.dossier_config is not None:
            server.watch(str(self.dossier_config.sources_dir))
            server.watch(str(self.dossier_config.path))
            watch_all_but(server, Path(config.docs_dir), self.dossier_config.output_dir)
        return server


def merge_dirty_search_index(search, page_urls: set[str], built_urls: set[str]) -> None:
    """The search index of a ``--dirty`` build: the previous build's entries of pages that
    still exist and were not rebuilt, then the entries of the rebuilt pages.

    Material's search plugin keeps the previous index across dirty rebuilds but assumes one
    page was rebuilt: it drops the previous entries whose address starts with that of the
    first rebuilt page. When several pages are rebuilt (a source page, its list page, the
    home page), the others' entries would be listed twice, and when the first is the home
    page (address ``""``) every other page's entries would be dropped, so search would find
    only the rebuilt pages. The merge is done here and Material is handed no previous
    index. A plugin without Material's attributes (``search_index``, ``search_index_prev``)
    is left alone."""
    previous = getattr(search, "search_index_prev", None)
    current = getattr(search, "search_index", None)
    entries = getattr(current, "entries", None)
    old_entries = getattr(previous, "entries", None)
    if not isinstance(entries, list) or not isinstance(old_entries, list) or not entries:
        return
    kept = [entry for entry in old_entries if _page_of(entry) in page_urls and _page_of(entry) not in built_urls]
    current.entries = kept + entries
    search.search_index_prev = None


def search_names(names) -> str:
    """The names a page declares (front matter ``names``: a list of strings) as one text for
    the search index: HTML-escaped like every text Material indexes (its tokenizer reads
    markup), the alias wildcard ``*`` removed (``UN-*`` is indexed as ``UN-``, which the
    search separator splits to ``UN``), one name per line. Anything else gives ""."""
    if not isinstance(names, list):
        return ""
    cleaned = [html.escape(name.replace("*", "").strip(), quote=False) for name in names if isinstance(name, str)]
    return "\n".join(dict.fromkeys(name for name in cleaned if name))


def add_search_names(search, names_by_page: dict[str, str]) -> None:
    """Material ranks a search hit by lunr's score, which weighs each field of an index entry
    by its ``boost`` (title 1000, text 1), and lists a page where its best entry ranks. A
    page about an actor names the actor in its title once, so a source whose title also
    names it (and whose text names it more often) came first, and an alias like
    ``Kremlchef`` was only text. Each page's top entry (``location`` equal to the page's
    address) gets the page's names in the field ``names``, which ``mkdocs.yml`` weighs like
    a title: the page about a name then outranks the pages that merely mention it.
    Plugins without Material's ``search_index.entries`` are left alone."""
    entries = getattr(getattr(search, "search_index", None), "entries", None)
    if not isinstance(entries, list):
        return
    for entry in entries:
        location = entry.get("location") if isinstance(entry, dict) else None
        if location in names_by_page:
            entry["names"] = names_by_page[location]


def _page_of(entry) -> str | None:
    """The page address of a search entry (its ``location`` without ``#section``)."""
    location = entry.get("location") if isinstance(entry, dict) else None
    return location.split("#", 1)[0] if isinstance(location, str) else None


def watch_all_but(server, folder: Path, excluded: Path) -> None:
    """Replace MkDocs' watch of the whole ``folder`` by watches of everything in it but
    ``excluded`` (a folder below it): ``folder`` itself without its subfolders, and each
    subfolder, recursively, except ``excluded`` and the folders that lead to it. (Folders
    added to ``folder`` while serving are not watched until the next start.)"""
    watched = str(folder)
    folder, excluded = folder.resolve(), excluded.resolve()
    if folder not in excluded.parents:
        return
    try:
        server.unwatch(watched)
    except KeyError:  # not watched (MkDocs without live reload): nothing to replace
        return
    _watch_around(server, folder, excluded)


def _watch_around(server, folder: Path, excluded: Path) -> None:
    server.watch(str(folder), recursive=False)
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        path = Path(entry.path)
        if not entry.is_dir() or path == excluded:
            continue
        if path in excluded.parents:
            _watch_around(server, path, excluded)
        else:
            server.watch(str(path))
