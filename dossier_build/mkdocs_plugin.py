"""MkDocs plugin ``dossier``: ``mkdocs build`` and ``mkdocs serve`` run the dossier build.

- ``on_config``: builds the dossier into its output folder (inside ``docs_dir``) before
  MkDocs collects the pages; sets ``site_name`` to the dossier's title; adds the stylesheet
  and the Mermaid loader.
- ``on_files``: adds the stylesheet and the self-hosted Mermaid (loader + library) from the
  package as generated files, so diagrams render without a request to a CDN.
- ``on_page_markdown``: replaces ``<!-- dossier:home -->`` with the generated home block.
- ``on_post_page``: names Material's search dialog for screen readers.
- ``on_serve``: watches the sources folder and ``dossier.yml`` so edits rebuild.

Problems in sources are logged as warnings, so ``mkdocs build --strict`` fails on them
just as ``dossier build --strict`` does.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config as MkDocsConfigBase
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from .build import build
from .config import ConfigError
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
        self.result = None
        self.home = ""

    def on_config(self, config):
        config_file = Path(config.config_file_path or "mkdocs.yml").resolve().parent / self.config.config
        try:
            self.result = build(config_file)
        except ConfigError as exc:
            raise PluginError(f"dossier: the configuration is broken; nothing was built:\n{exc}") from None
        except OutputError as exc:
            raise PluginError(f"dossier: {exc}") from None
        dossier = self.result.dossier
        for diagnostic in dossier.errors + dossier.warnings:
            log.warning("dossier: %s", diagnostic.format())
        for skipped in dossier.skipped:
            log.info("dossier: %s: skipped: %s", skipped.path, skipped.reason)
        stats = self.result.stats
        log.info(
            "dossier: %d sources, %d errors, %d warnings, %d skipped; %d files written, %d unchanged",
            self.result.source_count, len(dossier.errors), len(dossier.warnings), len(dossier.skipped), stats.written, stats.unchanged,
        )
        self.home = self.result.home
        if self.config.set_site_name:
            config.site_name = dossier.title
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if MERMAID_LOADER not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(ExtraScriptValue(MERMAID_LOADER))
        return config

    def on_files(self, files, config):
        package = Path(__file__).parent
        for site_path, package_path in PACKAGE_ASSETS.items():
            if files.get_file_from_path(site_path) is None:
                # Copied from the package by MkDocs, not read into memory (Mermaid is 3.5 MB).
                files.append(File.generated(config, site_path, abs_src_path=str(package / package_path)))
        return files

    def on_page_markdown(self, markdown, page, config, files):
        if HOME_MARKER in markdown:
            return markdown.replace(HOME_MARKER, self.home)
        return markdown

    def on_post_page(self, output, page, config):
        """Material's search dialog has no accessible name (axe-core: aria-dialog-name); it
        gets the label of its own search field, already in the theme's language."""
        field = SEARCH_FIELD_LABEL.search(output)
        if field is None:
            return output
        return SEARCH_DIALOG.sub(lambda dialog: f'{dialog.group(0)} aria-label="{field.group(1)}"', output, count=1)

    def on_serve(self, server, config, builder):
        if self.result is not None:
            server.watch(str(self.result.config.sources_dir))
            server.watch(str(self.result.config.path))
        return server
