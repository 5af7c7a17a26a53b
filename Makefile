# Two commands for a fresh machine: `make run` and `make test`. See README.md.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DEMO_CENTRES ?= 36
# Where `make run` serves; change them when the port is taken: make run PORT=8041
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/stadtteilzentren

.PHONY: run test test-sqlite test-postgres fuzz lint format bench bench-quick bench-queries bench-render lock vendor messages translations clean

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || "$$(sh scripts/find-python.sh)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $@

run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference_data
	$(PY) manage.py load_demo_data --centres $(DEMO_CENTRES) --seed 1
	$(PY) manage.py runserver $(HOST):$(PORT)

test: lint test-sqlite test-postgres

# The same checks as the pre-commit hooks (.pre-commit-config.yaml), on every file.
lint: $(STAMP)
	$(PY) -m ruff format --check .
	$(PY) -m ruff check .
	git ls-files -z -- '*.py' | xargs -0 $(VENV)/bin/django-upgrade --target-version 6.1 --check
	$(VENV)/bin/lint-imports --no-cache
	DATABASE_URL= $(PY) manage.py makemigrations --check --dry-run

test-sqlite: $(STAMP)
	DATABASE_URL= $(PY) -m pytest

# Runs when PostgreSQL answers at DATABASE_URL (or the local default); says so when it does not.
test-postgres: $(STAMP)
	@url="$${DATABASE_URL:-$(PG_URL)}"; \
	if $(PY) scripts/db_reachable.py "$$url"; then \
		DATABASE_URL="$$url" $(PY) -m pytest; \
	else \
		echo "PostgreSQL is not reachable at $$url: the PostgreSQL run was not done."; \
	fi

# The long property-based run (tests/test_fuzz.py): 5,000 generated requests per public URL
# pattern, on PostgreSQL (DATABASE_URL or the local default). `make test` sends a few hundred.
fuzz: $(STAMP)
	FUZZ_EXAMPLES=5000 DATABASE_URL="$${DATABASE_URL:-$(PG_URL)}" $(PY) -m pytest tests/test_fuzz.py -q

format: $(STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .
	git ls-files -z -- '*.py' | xargs -0 $(VENV)/bin/django-upgrade --target-version 6.1 --exit-zero-even-if-changed

# The HTTP benchmark (docs/performance.md): PostgreSQL (DATABASE_URL) and wrk (apt install wrk)
# needed; SIZES=berlin,city,country (country loads 300,000 offerings once, which takes long);
# BENCH_ARGS for more (e.g. BENCH_ARGS='--modes miss --duration 5 --markdown').
SIZES ?= berlin,city
BENCH_ARGS ?=
bench: $(STAMP)
	$(PY) scripts/bench.py --sizes $(SIZES) $(BENCH_ARGS)

# A fast check that the benchmark runs: berlin, five pages, 3 s each, every mode.
bench-quick: $(STAMP)
	$(PY) scripts/bench.py --quick $(BENCH_ARGS)

# Queries per page (and one uncached render's time) on the bench datasets that `make bench`
# loaded: the same count at every size (docs/performance.md).
bench-queries: $(STAMP)
	$(PY) scripts/bench_queries.py --sizes $(SIZES)

# The in-process benchmark: query counts, render times through the test client, search.
bench-render: $(STAMP)
	$(PY) scripts/bench_render.py

# Re-pins requirements.lock to what is installed now (after changing pyproject.toml).
lock: $(STAMP)
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

# Compiles locale/de/*.po and locale/en/*.po into the committed .mo files (needs GNU gettext's
# msgfmt; tests/test_locale.py and tests/test_languages.py fail on a stale .mo).
messages: $(STAMP)
	$(PY) manage.py compilemessages --locale de --locale en --ignore '.venv/*'

# Adds the public pages' new German strings to locale/en/LC_MESSAGES/django.po (needs GNU
# gettext's xgettext); translate them, then `make messages` (docs/languages.md).
translations: $(STAMP)
	$(PY) manage.py update_english_catalogue

# Refreshes the map libraries and the icon sprite in static/vendor/ from npm; the only target
# that needs Node.
vendor:
	sh scripts/vendor.sh

clean:
	rm -rf $(VENV) staticfiles
