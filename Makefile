# The two commands of the quick start: `make site` and `make test`.
# Each creates .venv from the pinned dependencies when it is missing or out of date.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test bench serve golden lock clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/briefs build

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m bench

serve: $(STAMP)
	$(BIN)/briefs serve

golden: $(STAMP)
	$(BIN)/python -m pytest tests/test_golden.py --update-golden

lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | sed '1i # Exact versions for `make`; regenerate with `make lock`.' > constraints.txt

clean:
	rm -rf site .cache $(VENV)
