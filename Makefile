# Quick start: `make site` builds the dossier and the site; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve venv dossier clean benchmark

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

dossier: $(STAMP)
	$(BIN)/dossier build --strict

site: dossier
	$(BIN)/mkdocs build --strict

test: $(STAMP)
	$(BIN)/python -m pytest

# --dirty: after an edit only the pages whose Markdown changed are rebuilt (README, "Preview").
serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty -a 127.0.0.1:8000

clean:
	rm -rf site docs/dossier test-artifacts

benchmark: $(STAMP)
	$(BIN)/python benchmarks/run.py
