# Everything runs in .venv, created on first use from pyproject.toml and the pinned constraints.txt.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
RAW    := $(sort $(wildcard data/raw/*.txt data/raw/*.docx))

.PHONY: all data schemas test lint typecheck bench validate clean corpus corpus-record corpus-first-sight

all: test data

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,all]'
	@touch $(STAMP)

## data: regenerate data/out/ (JSON, YAML, CSV, JSON Lines, Excel per document, datapackage.json),
##       schemas/ and the stored core schema (src/ybhj_parse/model/contract.json), then validate them
##       (SQLite is left out: its bytes vary with the library)
data: $(STAMP)
	$(BIN)/ybhj-parse extract --quiet $(RAW) --out-dir data/out -f json -f yaml -f csv -f jsonl -f xlsx
	$(BIN)/ybhj-parse schemas --out-dir schemas
	$(BIN)/python tools/contract.py
	$(BIN)/ybhj-parse validate data/out

schemas: $(STAMP)
	$(BIN)/ybhj-parse schemas --out-dir schemas
	$(BIN)/python tools/contract.py

validate: $(STAMP)
	$(BIN)/ybhj-parse validate data/out

## test: lint, type-check and the whole test suite
test: lint typecheck
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools

typecheck: $(STAMP)
	$(BIN)/mypy

## bench: speed and memory figures (printed, not asserted)
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

## corpus: the parser's score on the real documents of tests/corpus/ (fields right, per document and
##         in total; the first-sight average of the last 10 added)
corpus: $(STAMP)
	$(BIN)/python tools/corpus.py score

## corpus-record: refresh the `now` column of tests/corpus/FIRST_SIGHT.csv
corpus-record: $(STAMP)
	$(BIN)/python tools/corpus.py record

## corpus-first-sight DOC="name ...": score new documents with the committed code, once, and log them
corpus-first-sight: $(STAMP)
	$(BIN)/python tools/corpus.py first-sight $(DOC)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
