# mlp2conv: every target sets up what it needs; nothing installed by hand is assumed.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
LAB_PORT ?= 8888
CHROMIUM := /usr/bin/chromium

# The environment is rebuilt only when the pinned requirement files (or pyproject) change.
REQ_HASH := $(shell cat requirements.txt requirements-dev.txt pyproject.toml | sha256sum | cut -c1-16)
ENV_STAMP := $(VENV)/.installed-$(REQ_HASH)
# Executed chapters are cached; a change to the package throws the cache away.
PKG_HASH = $(shell find src/mlp2conv -name '*.py' -print0 | sort -z | xargs -0 cat | sha256sum | cut -c1-16)
BUILD_FLAGS := --builder html -W -n --keep-going

.PHONY: help env book test unit book-tests browser-tests lint format serve bench lab clean chromium

help:
	@echo "make book   build the site into _build/html"
	@echo "make test   lint, unit tests, doctests, book build, book and browser tests"
	@echo "make serve  serve _build/html on http://$(HOST):$(PORT)/"
	@echo "make lab    JupyterLab on http://$(HOST):$(LAB_PORT)/, chapters open as notebooks"
	@echo "make lint   ruff check and ruff format --check"
	@echo "make bench  measure speed and size, write bench/results.json"
	@echo "make clean  remove the build and the virtual environment"

env: $(ENV_STAMP)

$(ENV_STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

# Debian's Chromium for the browser tests (root on CI; sudo elsewhere if needed).
chromium: $(CHROMIUM)
$(CHROMIUM):
	@SUDO=$$( [ "$$(id -u)" = 0 ] && echo "" || echo sudo ); \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null

book: $(ENV_STAMP)
	@if [ "$$(cat _build/.package-hash 2>/dev/null)" != "$(PKG_HASH)" ]; then \
	  echo "package changed: re-executing every chapter"; rm -rf _build/.jupyter_cache _build/.doctrees; fi
	$(BIN)/jupyter-book build . $(BUILD_FLAGS)
	@mkdir -p _build && echo "$(PKG_HASH)" > _build/.package-hash
	@echo "Open $(CURDIR)/_build/html/index.html (or run: make serve)"

lint: $(ENV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(ENV_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

unit: $(ENV_STAMP)
	$(BIN)/pytest -m "not book and not browser and not lab and not binder"

test: $(ENV_STAMP) $(CHROMIUM) lint book
	MLP2CONV_BOOK_BUILT=1 $(BIN)/pytest

serve: book
	@echo "Serving http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python -m http.server $(PORT) --bind $(HOST) --directory _build/html

# JupyterLab in the project's environment. postBuild (which Binder runs too) makes the
# chapters, MyST Markdown, open as notebooks. Ctrl-C to stop.
lab: $(ENV_STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" ./postBuild
	$(BIN)/jupyter lab --ip=$(HOST) --port=$(LAB_PORT) $$( [ "$$(id -u)" = 0 ] && echo --allow-root ) book/intro.md

bench: $(ENV_STAMP) $(CHROMIUM) book
	$(BIN)/python bench/run.py

clean:
	rm -rf _build $(VENV) .pytest_cache .ruff_cache .hypothesis bench/results.json
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
