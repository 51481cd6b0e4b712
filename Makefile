# innrapportering – de to kommandoene i README gjør alt oppsett selv.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installert

.PHONY: demo test bench clean

## make demo: lager virtuelt miljø, installerer, bygger malen og kjører hovedjobben på eksemplene
demo: $(STAMP)
	$(PY) -m pipeline template
	$(PY) -m pipeline merge input/

## make test: kjører alle testene
test: $(STAMP)
	$(PY) -m pytest -q

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) output/*.docx output/*.json output/*.pdf

## make bench: måler validate og merge for 40, 200 og 1000 innrapporteringer (se bench/bench.py)
bench: $(STAMP)
	$(PY) bench/bench.py
