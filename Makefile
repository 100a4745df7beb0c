# The two commands of the README: `make demo` and `make test`. Nothing else is needed on a fresh
# machine with Python 3.11.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
PIP = $(BIN)/python -m pip install --quiet --constraint constraints.txt

.PHONY: demo test install install-test browser load clean

## Load seeds/ into claims.db and serve it on http://127.0.0.1:8001/
demo: install
	$(BIN)/datasette-claims load claims.db seeds/
	$(BIN)/datasette serve claims.db --metadata metadata.yml --config datasette.yml --root --host 127.0.0.1 --port 8001

## Install everything the tests need (Chromium from Debian when root) and run the whole suite
test: install-test browser
	$(BIN)/python -m pytest -q

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(PIP) --editable .

install-test: $(BIN)/python
	$(PIP) --editable '.[test]'

# Browser tests drive Debian's Chromium through Playwright (Playwright cannot download browsers here).
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "note: /usr/bin/chromium missing and not root: browser tests will be skipped" >&2; fi

clean:
	rm -rf $(VENV) claims.db claims.db-wal claims.db-shm
