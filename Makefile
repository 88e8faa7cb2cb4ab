# Broadsheet: `make demo` serves the sample newspapers, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export BROADSHEET_DATA_DIR ?= $(CURDIR)/data

.PHONY: demo test test-sqlite test-postgres install install-test system system-test lint typecheck messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: system $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(MAKE) --no-print-directory messages

install-test: system-test $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	npm ci --no-audit --no-fund --loglevel=error
	$(MAKE) --no-print-directory messages

system:
	scripts/install-system.sh run

system-test:
	scripts/install-system.sh test

messages:
	cd src/broadsheet && ../../$(BIN)/django-admin compilemessages --ignore=.venv >/dev/null

## demo: install everything, build the sample newspapers through the ingest pipeline, serve them
demo: install
	$(BIN)/broadsheet migrate --noinput
	$(BIN)/broadsheet demo
	$(BIN)/broadsheet serve --host 127.0.0.1 --port 8000 --with-worker

## test: install what the tests need and run the whole suite on SQLite and on PostgreSQL
test: install-test
	$(MAKE) --no-print-directory test-sqlite test-postgres

test-sqlite:
	BROADSHEET_DATA_DIR=$$(mktemp -d) $(BIN)/pytest -q

test-postgres:
	BROADSHEET_DATA_DIR=$$(mktemp -d) DATABASE_URL=$$(scripts/test-postgres.sh start) $(BIN)/pytest -q

lint:
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck:
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build *.egg-info
