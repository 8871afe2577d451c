# Two commands: `make run` (set up everything and serve on http://127.0.0.1:5000) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi

.PHONY: run test bench install translations db lint clean

run: install db
	@echo "Serving CICA Meetings on http://127.0.0.1:5000 (Ctrl-C to stop)"
	$(FLASK) run --host 127.0.0.1 --port 5000

test: install
	$(BIN)/ruff check .
	$(BIN)/python -m meetings.i18n_check
	@# The same tests run on SQLite, then on PostgreSQL when TEST_DATABASE_URL is set.
	env -u TEST_DATABASE_URL $(BIN)/python -m pytest
	@if [ -n "$$TEST_DATABASE_URL" ]; then echo "== PostgreSQL: $$TEST_DATABASE_URL"; $(BIN)/python -m pytest; fi

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
	$(BIN)/pybabel compile --use-fuzzy -d translations -D messages > /dev/null

db: install
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) seed
	$(FLASK) demo

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) instance/*.sqlite3 .pytest_cache .ruff_cache
