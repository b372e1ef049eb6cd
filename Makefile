# The Rotation Registry's commands. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export DJANGO_SETTINGS_MODULE := rotation_registry.settings

.PHONY: install run test test-fast lint format migrations-check messages ci clean bench loadtest \
	serve check-deploy backup restore faulttest screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: install  ## Install, migrate, load the demo, serve on http://127.0.0.1:8000 with the import worker
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py migrate --no-input
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  Sổ luân chuyển cán bộ: http://127.0.0.1:8000/ (trang đầu theo vai trò; nhập liệu ở /admin/)"
	@echo "  Đăng nhập bằng một tài khoản demo ở trên (demo-staff, demo-leader, demo-admin)."
	@echo ""
	@# The worker that runs spreadsheet imports (registry/tasks.py) beside the server; Ctrl+C
	@# stops both, and the worker stops with the server whatever ends it.
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver 127.0.0.1:8000

# Tests run with production settings (DEBUG off) and a throwaway key; plain static storage,
# since the manifest needs collectstatic first.
test: export SECRET_KEY ?= test-only-key-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz
test: export ALLOWED_HOSTS ?= testserver,localhost,127.0.0.1
test: export STATICFILES_BACKEND ?= django.contrib.staticfiles.storage.StaticFilesStorage
# The live server of the browser tests speaks plain HTTP (its middleware is built once per
# session, so a per-test override cannot switch the redirect off); the security tests turn
# it on where they check it.
test: export SECURE_SSL_REDIRECT ?= false
# The suite runs in TEST_WORKERS processes (pytest-xdist), each with its own test database
# (test_…_gw0, test_…_gw1). `--dist load` hands each worker the tests in the collection's
# order, so each still runs pytest-django's order (tests in a transaction first, then those
# that flush the tables, emptying what the migrations wrote); `loadfile` and `worksteal` do
# not. `make test TEST_WORKERS=0`, or PYTEST_ARGS with `-n 0` or `-p no:xdist`, runs it in
# one process (for -x, --pdb…).
TEST_WORKERS ?= 2
XDIST = $(if $(filter-out 0,$(TEST_WORKERS)),$(if $(findstring no:xdist,$(PYTEST_ARGS)),,\
	-n $(TEST_WORKERS) --dist load))
test: install  ## Run the whole suite (SQLite by default; set DATABASE_URL for PostgreSQL)
	$(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)

lint: install  ## ruff, and the one-way import rule between the core and the apps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

messages: install  ## Refresh the translation catalogues after changing strings
	DEBUG=true $(BIN)/python manage.py makemessages -l vi -l en --no-obsolete --ignore=.venv --ignore=node_modules
	DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules

# Production runs two processes: the web server below, and the import worker
# (`.venv/bin/python manage.py db_worker`, a systemd service: docs/DEPLOYMENT.md). Without a
# worker, uploaded spreadsheets wait in the queue and are marked interrupted after
# IMPORT_STALE_MINUTES.
serve: install  ## Production server: collectstatic, migrate, gunicorn (configure by environment); run `manage.py db_worker` beside it
	$(BIN)/python manage.py collectstatic --no-input
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/gunicorn -c rotation_registry/gunicorn.conf.py rotation_registry.wsgi

check-deploy: install  ## Django's deployment checklist with the current environment
	$(BIN)/python manage.py check --deploy --fail-level WARNING

backup: install  ## Dump the database into backups/ (pg_dump custom format; JSON on SQLite)
	$(BIN)/python ops/backup.py $(if $(OUTPUT),--output $(OUTPUT))

restore: install  ## Restore a backup: make restore FILE=backups/….dump (replaces the data)
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/…"; exit 2; }
	$(BIN)/python ops/restore.py $(FILE)

faulttest: install  ## Restart PostgreSQL under load; check no acknowledged write is lost
	$(BIN)/python ops/faulttest.py

ci:
	bash .ci/run

screenshots: install  ## Pictures of the main pages for the README, from the demo (docs/screenshots/)
	$(BIN)/python ops/screenshots.py

SCALE ?= 1000000
bench: install  ## Time each page against its SQL floor on PostgreSQL at SCALE rotations
	SCALE=$(SCALE) $(BIN)/python bench/run.py

loadtest: install  ## 30 s of wrk against gunicorn on 127.0.0.1 (bench database by default)
	PYTHON=$(BIN)/python bash bench/loadtest.sh

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
