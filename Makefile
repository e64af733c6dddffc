# Two commands for a fresh machine:
#   make run    install everything the app needs into .venv and start it
#   make test   install everything the tests need and run lint, types and tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test install install-dev lint check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the pinned requirements change.
$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/streamlit run app.py --server.port $(PORT)

# mypy reads what to check (the core, wizard/, pages/ and app.py) from pyproject.toml.
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/mypy

test: install-dev
	scripts/test.sh

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
