# Two commands: `make run` (set up everything and serve on http://127.0.0.1:5000) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PORT ?= 5000

.PHONY: run test bench install translations messages db lint clean node-tools

# With REDIS_URL set, the jobs worker (PDFs, e-mail, the purge) runs beside the server and stops
# with it; without, jobs run inside the server's process and nothing else starts.
run: install db
	@echo "Serving CICA Meetings on http://127.0.0.1:$(PORT) (Ctrl-C to stop)"
	@if [ -n "$$REDIS_URL" ]; then \
	  echo "REDIS_URL is set: starting the jobs worker (flask --app wsgi jobs work)"; \
	  $(FLASK) jobs work & worker=$$!; \
	  trap 'kill $$worker 2> /dev/null; wait $$worker' EXIT INT TERM; \
	  $(FLASK) run --host 127.0.0.1 --port $(PORT); \
	else $(FLASK) run --host 127.0.0.1 --port $(PORT); fi

test: install node-tools
	$(BIN)/ruff check .
	$(BIN)/python -m meetings.i18n_check
	@# The same tests run on SQLite, then on PostgreSQL when TEST_DATABASE_URL is set (the pure
	@# calendar_export tests touch no database, so they run once). The browser tests (tests/e2e:
	@# Playwright driving Debian's Chromium over HTTP) run once, in a step of their own, on copies of
	@# one SQLite demo database: what they check is the pages, which both databases serve alike.
	env -u TEST_DATABASE_URL $(BIN)/python -m pytest -m "not browser"
	@env -u TEST_DATABASE_URL $(BIN)/python -m pytest -m browser tests/e2e \
	  --output test-artifacts/failures --screenshot only-on-failure; status=$$?; \
	echo "Screenshots of the browser tests, to look at: test-artifacts/screenshots/ (of failures: test-artifacts/failures/)"; \
	exit $$status
	@if [ -n "$$TEST_DATABASE_URL" ]; then echo "== PostgreSQL: $$TEST_DATABASE_URL"; \
	  $(BIN)/python -m pytest -m "not browser" --ignore=tests/calendar_export; fi

# Node packages the tests run: Mozilla's ical.js (Thunderbird's engine) reads every feed the
# tests produce; axe-core checks the pages' accessibility in the browser tests. Without Node,
# those checks skip with a reason, except under CI=true, where they fail.
NODE_TOOLS := tests/ical_js tests/e2e
node-tools:
	@if command -v npm > /dev/null; then for dir in $(NODE_TOOLS); do \
	  test $$dir/node_modules/.package-lock.json -nt $$dir/package-lock.json || \
	  npm ci --prefix $$dir --no-audit --no-fund --loglevel=error || exit 1; done; \
	else echo "Node.js/npm not found: the ical.js and axe-core checks will be skipped"; fi

bench: install
	$(BIN)/python -m bench

install: $(VENV)/.installed translations

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

# Compiled catalogues are build output: made from the .po files kept in git.
translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d translations -D messages > /dev/null

# After changing texts: collect them into the template and merge it into the Russian catalogue,
# then translate the new entries (`make test` fails while one is missing). --ignore-dirs '.*'
# because pybabel's default also skips templates/_macros; -N: no fuzzy guesses.
messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k _lp:1c,2 --ignore-dirs '.*' -o translations/messages.pot \
	  --no-location --sort-output .
	$(BIN)/pybabel update -N -i translations/messages.pot -d translations

db: install
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) seed
	$(FLASK) demo

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) instance/*.sqlite3 .pytest_cache .ruff_cache test-artifacts
