# Broadsheet: `make demo` serves the sample newspapers, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export BROADSHEET_DATA_DIR ?= $(CURDIR)/data

.PHONY: demo test test-sqlite test-postgres test-s3 install install-test system system-test lint typecheck messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: system $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(MAKE) --no-print-directory messages

install-test: system-test $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,ocr]'
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

## the suites run in parallel (pytest-xdist): TEST_WORKERS processes, `auto` = one per CPU core,
## `make test TEST_WORKERS=0` runs them in one; tests sharing a module's setup stay together
## (--dist loadgroup, tests/conftest.py)
TEST_WORKERS ?= auto

## test: install what the tests need and run the whole suite on SQLite and on PostgreSQL
test: install-test
	$(MAKE) --no-print-directory test-sqlite test-postgres test-s3

## test-s3: the suites that touch stored files, with the files in a bucket on a local S3 server
## (moto, started by scripts/test-s3.sh), on SQLite (docs/storage.md)
S3_TESTS := tests/storage tests/ingest/test_pipeline.py \
	tests/ingest/test_crashes.py::test_repair_removes_what_a_killed_run_left \
	tests/ingest/test_crashes.py::test_repair_finds_orphans_and_remakes_missing_files \
	tests/reader/test_file_versions.py \
	tests/reader/test_archive_and_files.py::test_whole_issue_pdf_joins_the_pages \
	tests/reader/test_archive_and_files.py::test_page_renditions \
	tests/reader/test_archive_and_files.py::test_article_photo_and_share_card \
	tests/reader/test_http.py::test_range_requests_on_pdfs_and_images \
	tests/desk/test_uploads.py::test_batches_in_any_order_become_one_issue \
	tests/desk/test_uploads.py::test_same_label_replaces_the_page_and_keeps_corrections_elsewhere \
	tests/library/test_export_mets.py::test_the_command_writes_an_issue_folder_whose_files_all_validate \
	tests/library/test_export_mets.py::test_a_missing_stored_file_is_reported_before_writing
test-s3:
	env $$(scripts/test-s3.sh start) BROADSHEET_DATA_DIR=$$(mktemp -d) $(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadgroup $(S3_TESTS)

## the storage tests run in test-s3 (SQLite, files in the bucket) and on PostgreSQL; the pure
## tests (no database) run here only (tests/conftest.py)
test-sqlite:
	BROADSHEET_DATA_DIR=$$(mktemp -d) $(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadgroup --durations=15 --ignore=tests/storage

test-postgres:
	BROADSHEET_DATA_DIR=$$(mktemp -d) DATABASE_URL=$$(scripts/test-postgres.sh start) $(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadgroup --durations=15

lint:
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck:
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build *.egg-info
