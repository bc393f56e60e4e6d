# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1:8000

.PHONY: install run test lint format messages clean vendor bench-import bench

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --if-empty
	$(BIN)/python manage.py runserver $(HOST)

test: install
	scripts/ensure-browser
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Extract interface strings, then compile both catalogues (commit the .po and .mo files).
messages: install
	$(BIN)/python manage.py makemessages -l id -l en --ignore=.venv --ignore=node_modules --no-location
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles

# Copy front-end libraries from npm into static/vendor/ (committed, so running needs no npm).
vendor:
	npm ci --no-audit --no-fund
	rm -rf static/vendor/leaflet && mkdir -p static/vendor/leaflet
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map \
		node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images \
		node_modules/leaflet/LICENSE static/vendor/leaflet/

# Time importing an 11,000-row messy IKM registry (CSV and XLSX): preview and confirm.
bench-import: install
	$(BIN)/python bench/import_ikm.py

# Load-test the public pages with 100,000 products behind gunicorn, measured by wrk.
# BENCH_DATABASE_URL picks the database (created when missing); REDIS_URL adds a cached run.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/dekranasda_bench
bench: install
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = "0" ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; } || \
		{ echo "make bench needs wrk (apt-get install wrk, as root)." >&2; exit 1; }
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/pages.py $(if $(REDIS_URL),--cached)
