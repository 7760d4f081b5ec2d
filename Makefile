# Banshi: `make demo` runs the kiosk against a local hub; `make test` runs the whole suite.
# Every target does its own set-up and is safe to run again.

VENV        ?= .venv
PY          := $(VENV)/bin/python
STAMP       := $(VENV)/.installed
SYSTEM_STAMP:= .make/system-packages

export QT_QPA_PLATFORM ?= offscreen

.PHONY: setup system-packages demo test soak bench lint screenshots clean handwriting-data

setup: $(STAMP)

system-packages: $(SYSTEM_STAMP)

$(SYSTEM_STAMP): scripts/install-system-packages.sh
	bash scripts/install-system-packages.sh
	@mkdir -p $(dir $@) && touch $@

$(STAMP): $(SYSTEM_STAMP) pyproject.toml constraints.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

demo: setup
	$(VENV)/bin/banshi demo

test: setup
	bash scripts/run-tests.sh

soak: setup
	bash scripts/run-tests.sh --soak

handwriting-data:
	bash scripts/fetch-handwriting-data.sh

bench: setup handwriting-data
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

lint: setup
	$(VENV)/bin/lint-imports

screenshots: setup
	$(VENV)/bin/banshi screenshots build/screenshots

clean:
	rm -rf $(VENV) .make build .pytest_cache
