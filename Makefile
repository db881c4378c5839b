# Two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The port: `make run PORT=8600`, or STREAMLIT_SERVER_PORT in the environment, or 8501.
PORT ?=

.PHONY: run test lint audit bench clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	$(PY) -m streamlit run app.py $(if $(PORT),--server.port $(PORT),)

test: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy cx_sme
	$(PY) -m pytest

lint: $(VENV)/.installed-dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

audit: $(VENV)/.installed-dev
	$(PY) -m pip install --quiet pip-audit
	$(PY) -m pip_audit -r requirements.txt

bench: $(VENV)/.installed-dev
	$(PY) bench/import_bench.py
	$(PY) bench/kpi_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
