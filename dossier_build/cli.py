"""The ``dossier`` command: build, check, discover, init.

Exit codes: 0 done; 1 problems found and ``--strict`` given; 2 the configuration is
broken (nothing built) or the output folder cannot be written; 3 an internal error (a bug),
reported in one line (``DOSSIER_DEBUG=1`` shows the traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .build import BuildResult, build
from .config import ConfigError, load_config
from .scaffold import ScaffoldError, create_scaffold
from .writer import OutputError


def _print_problems(result: BuildResult, stream) -> None:
    """Each error and warning once, then skipped files."""
    for diagnostic in result.dossier.errors + result.dossier.warnings:
        print(diagnostic.format(), file=stream)
    for skipped in result.dossier.skipped:
        print(f"{skipped.path}: skipped: {skipped.reason}", file=stream)


def summary(result: BuildResult) -> str:
    dossier = result.dossier
    text = (
        f"{dossier.title}: {result.source_count} sources {'up to date' if result.up_to_date else 'read'} ({result.paragraph_count} paragraphs), "
        f"{len(dossier.errors)} errors, {len(dossier.warnings)} warnings, {len(dossier.skipped)} skipped"
    )
    if result.stats is not None:
        text += f"; {result.config.output_dir}: {result.stats.written} written, {result.stats.unchanged} unchanged, {result.stats.removed} removed"
    return text


def _config_path(value: str | None) -> Path:
    return Path(value or "dossier.yml")


def _run_build(args: argparse.Namespace, *, write: bool) -> int:
    """Build (or only check): problems once on stderr, the summary on stdout; exit 1 on
    problems with ``--strict``, 2 when the configuration or the output folder is unusable."""
    try:
        result = build(_config_path(args.config), write=write)
    except ConfigError as exc:
        print(f"error: the configuration is broken; nothing was built:\n{exc}", file=sys.stderr)
        return 2
    except OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _print_problems(result, sys.stderr)
    print(summary(result) + ("" if write else " (checked, nothing written)"))
    return 1 if args.strict and result.problems else 0


def cmd_build(args: argparse.Namespace) -> int:
    return _run_build(args, write=True)


def cmd_check(args: argparse.Namespace) -> int:
    return _run_build(args, write=False)


def cmd_init(args: argparse.Namespace) -> int:
    try:
        created = create_scaffold(Path(args.directory), title=args.title)
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in created:
        print(f"created {path}")
    print(f"\nNext: cd {args.directory} && dossier build && mkdocs serve")
    return 0


def cmd_discover(args: argparse.Namespace) -> int:
    from .analyse.actors import compile_actors
    from .analyse.discover import discover, format_report, yaml_snippet

    try:
        result = build(_config_path(args.config), write=False)
    except ConfigError as exc:
        print(f"error: the configuration is broken:\n{exc}", file=sys.stderr)
        return 2
    config = result.config
    found = discover(result.dossier.sources, config.actors, compile_actors(config.actors))
    if args.limit is not None:
        found.unknown = found.unknown[: args.limit]
    print(yaml_snippet(found, config.actors) if args.yaml else format_report(found), end="")
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dossier", description="Publish a curated news dossier as a MkDocs Material site.")
    parser.add_argument("--version", action="version", version=f"dossier {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("build", help="read the sources and write the generated pages and dossier.json")
    p.add_argument("--config", help="path of dossier.yml (default: ./dossier.yml)")
    p.add_argument("--strict", action="store_true", help="exit with 1 if there is any error or warning")
    p.set_defaults(func=cmd_build)

    p = commands.add_parser("check", help="validate dossier.yml and the sources, writing nothing")
    p.add_argument("--config", help="path of dossier.yml (default: ./dossier.yml)")
    p.add_argument("--strict", action="store_true", help="exit with 1 if there is any error or warning")
    p.set_defaults(func=cmd_check)

    p = commands.add_parser("discover", help="list names in the sources that no actor covers, and variants of listed actors")
    p.add_argument("--config", help="path of dossier.yml (default: ./dossier.yml)")
    p.add_argument("--yaml", action="store_true", help="print a snippet to paste into dossier.yml instead of the report")
    p.add_argument("--limit", type=int, default=None, help="list at most this many unknown names (most frequent first)")
    p.set_defaults(func=cmd_discover)

    p = commands.add_parser("init", help="create a new dossier folder that builds as it is")
    p.add_argument("directory", help="folder to create (must be empty or not exist)")
    p.add_argument("--title", default="Mein Dossier", help="the dossier's title")
    p.set_defaults(func=cmd_init)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted; the previous output was left as it was", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: say so plainly; DOSSIER_DEBUG=1 shows the traceback
        if os.environ.get("DOSSIER_DEBUG"):
            raise
        print(
            f"error: internal error ({type(exc).__name__}: {exc}); the previous output was left as it was.\n"
            "Please report it with the command you ran; DOSSIER_DEBUG=1 shows the details.",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
