"""MkDocs plugin ``dossier``: ``mkdocs build`` and ``mkdocs serve`` run the dossier build.

- ``on_config``: builds the dossier into its output folder (inside ``docs_dir``) before
  MkDocs collects the pages; sets ``site_name`` to the dossier's title; adds the stylesheet.
- ``on_files``: adds the stylesheet from the package as a generated file.
- ``on_page_markdown``: replaces ``<!-- dossier:home -->`` with the generated home block.
- ``on_serve``: watches the sources folder and ``dossier.yml`` so edits rebuild.

Problems in sources are logged as warnings, so ``mkdocs build --strict`` fails on them
just as ``dossier build --strict`` does.
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config as MkDocsConfigBase
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from .build import build
from .config import ConfigError
from .render.home import HOME_FILE, HOME_MARKER
from .writer import OutputError

log = logging.getLogger("mkdocs.plugins.dossier")
STYLESHEET = "assets/dossier/dossier.css"


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
            len(dossier.sources), len(dossier.errors), len(dossier.warnings), len(dossier.skipped), stats.written, stats.unchanged,
        )
        self.home = self.result.files.get(HOME_FILE, "")
        if self.config.set_site_name:
            config.site_name = dossier.title
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        return config

    def on_files(self, files, config):
        css = resources.files("dossier_build").joinpath("assets/dossier.css").read_text(encoding="utf-8")
        if files.get_file_from_path(STYLESHEET) is None:
            files.append(File.generated(config, STYLESHEET, content=css))
        return files

    def on_page_markdown(self, markdown, page, config, files):
        if HOME_MARKER in markdown:
            return markdown.replace(HOME_MARKER, self.home)
        return markdown

    def on_serve(self, server, config, builder):
        if self.result is not None:
            server.watch(str(self.result.config.sources_dir))
            server.watch(str(self.result.config.path))
        return server
