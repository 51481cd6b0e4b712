# innrapportering – de to kommandoene i README gjør alt oppsett selv.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installert

.PHONY: demo test bench clean portal

## make demo: lager virtuelt miljø, installerer, bygger malen (bokmål og nynorsk) og kjører hovedjobben på eksemplene
demo: $(STAMP)
	$(PY) -m pipeline template
	$(PY) -m pipeline template --malform nynorsk
	@if command -v soffice >/dev/null 2>&1 && /usr/bin/python3 -c 'import uno' >/dev/null 2>&1; then \
		echo "$(PY) -m pipeline merge input/ --pdf"; $(PY) -m pipeline merge input/ --pdf; \
	else \
		echo "$(PY) -m pipeline merge input/"; $(PY) -m pipeline merge input/ && \
		echo "(PDF hoppet over: LibreOffice med python3-uno er ikke installert; se docs/pdf.md)"; \
	fi

## make test: kjører alle testene, fordelt på kjernene (pytest-xdist; én fil per prosess om gangen)
test: $(STAMP)
	$(PY) -m pytest -q -n auto --dist loadfile

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,portal]'
	touch $(STAMP)

## make clean: fjerner det virtuelle miljøet og det verktøyet lager på nytt; Word-dokumenter (som redaktørene
## kan ha redigert) og sikkerhetskopier står igjen
clean:
	rm -rf $(VENV) build output/*.json output/*.pdf output/merge-rapport.xlsx output/purreliste.txt output/tilbakemelding output/portal-demo
	@ls output/*.docx >/dev/null 2>&1 && echo "Word-dokumentene i output/ er ikke slettet (de kan være redigert)." || true

## make bench: måler validate og merge for 40, 200 og 1000 innrapporteringer (se bench/bench.py) og portalen
## (bench/portal.py)
bench: $(STAMP)
	$(PY) bench/bench.py
	$(PY) bench/portal.py

## make portal: starter innsendingsportalen med en demorunde for de 40 eksemplene (input/rapport.toml) og skriver
## ut hver aktørs lenke og API-nøkkel; demodataene ligger i output/portal-demo og lages på nytt hver gang
portal: $(STAMP)
	rm -rf output/portal-demo
	$(PY) -m pipeline portal opprett-runde --data output/portal-demo --innstillinger input/rapport.toml
	$(PY) -m pipeline portal start --data output/portal-demo --port 8000
