# Margin Mechanics: `make lab` to learn, `make test` to check everything.
# Works on a fresh Linux machine with Python >= 3.11; no conda needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# jupyter lab refuses to run as root (containers, CI) without --allow-root
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# with no display there is no browser to open: print the URL with its token instead
BROWSER_FLAG := $(if $(or $(DISPLAY),$(WAYLAND_DISPLAY)),,--no-browser)

# Offline templates (JUPYTER_PATH) and the course's Jupyter config (JUPYTER_CONFIG_PATH: jupytext
# builds lessons but is not the contents manager; see autograder/jupyter/config/README.md).
JUPYTER_ENV := PATH="$(CURDIR)/$(BIN):$$PATH" \
	JUPYTER_PATH="$(CURDIR)/autograder/jupyter$${JUPYTER_PATH:+:$$JUPYTER_PATH}" \
	JUPYTER_CONFIG_PATH="$(CURDIR)/autograder/jupyter/config$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}"

.PHONY: setup lab formgrader test test-extended bench probe lessons lint clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is needed; set PYTHON=python3.11 (or newer)")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

lab: setup
	$(JUPYTER_ENV) \
		$(BIN)/jupyter lab $(ROOT_FLAG) $(BROWSER_FLAG) --ServerApp.root_dir="$(CURDIR)/lessons"

# For instructors: the whole course (solutions/, lessons/, the gradebook) with the Formgrader.
formgrader: setup
	$(JUPYTER_ENV) \
		$(BIN)/jupyter lab $(ROOT_FLAG) $(BROWSER_FLAG) --ServerApp.root_dir="$(CURDIR)"

# Every check: lint and format (ruff), types (mypy), then pytest (which also runs the layer
# contracts, doctests, lessons, grading and the real-browser tests).
test: lint
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -m "not extended"

# The same slow checks on more lessons (answered lessons in the browser, the hostile batch of
# lessons 01-05); CI runs it after `make test`.
test-extended: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -m extended

bench: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m bench

# Plausible wrong answers to every question, and which hint each gets (kept apart from the tests).
probe: setup
	$(BIN)/python -m bench.hint_probe

lessons: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m autograder author
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m autograder release

lint: setup
	$(BIN)/ruff check course autograder tests bench
	$(BIN)/ruff format --check course autograder tests bench
	$(BIN)/python -m mypy

clean:
	rm -rf $(VENV) artifacts .hypothesis
