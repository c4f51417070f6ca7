# Jena open data portal: set-up, demo, tests.
#
#   make demo    install everything, start the services and the demo city network, harvest it,
#                serve http://127.0.0.1:5000
#   make test    install what is missing, start the services, run the whole test suite
#   make stop    stop the demo processes and the services
#   make lint    ruff
#
# SPDX-License-Identifier: AGPL-3.0-or-later

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
CKAN   := $(BIN)/ckan
DEMO_INI := config/ckan.ini
TEST_INI := test.ini
PYTEST_ARGS ?=

export JENA_PG_PORT ?= 5433
export JENA_REDIS_PORT ?= 6379
export JENA_SOLR_PORT ?= 8983

# The ini files name the default ports; these keep CKAN on the ports actually used.
SERVICES_ENV = CKAN_SOLR_URL=http://127.0.0.1:$(JENA_SOLR_PORT)/solr/ckan
DEMO_ENV = $(SERVICES_ENV) CKAN_SQLALCHEMY_URL=postgresql://ckan:ckan@127.0.0.1:$(JENA_PG_PORT)/ckan_demo \
  CKAN_REDIS_URL=redis://127.0.0.1:$(JENA_REDIS_PORT)/0
TEST_ENV = $(SERVICES_ENV) CKAN_SQLALCHEMY_URL=postgresql://ckan:ckan@127.0.0.1:$(JENA_PG_PORT)/ckan_test \
  CKAN_REDIS_URL=redis://127.0.0.1:$(JENA_REDIS_PORT)/1

.PHONY: help demo test stop services install venv i18n db-demo db-test demo-content serve lint status clean browser-deps harvest-bg demo-worker demo-network demo-harvest bench bench-quick bench-db

help:
	@echo "make demo   - install, start services and the demo city network, harvest it, serve http://127.0.0.1:5000"
	@echo "make test   - install what is missing, start services, run the test suite"
	@echo "make stop   - stop the demo processes and the services (PostgreSQL, Redis, Solr)"
	@echo "make lint   - ruff check"
	@echo "make bench  - benchmarks against their anchors (make bench-quick: small N, < 10 min)"
	@echo "logs: var/log/"

# ---------------------------------------------------------------- installation
$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "[make] $(PYTHON) not found: install Python 3.11 (apt-get install python3 python3-venv)"; exit 1; }
	@$(PYTHON) -m venv --help >/dev/null 2>&1 || { echo "[make] python venv module missing: apt-get install python3-venv"; exit 1; }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); echo "[make] could not create $(VENV) (apt-get install python3-venv?)"; exit 1; }
	$(BIN)/pip install -q --upgrade pip setuptools wheel

# psycopg2 is built from source (CKAN pins it): needs a C compiler and libpq-dev.
$(VENV)/.installed: $(BIN)/python requirements.txt dev-requirements.txt pyproject.toml setup.py
	@scripts/debian-deps.sh
	mkdir -p var/log
	$(BIN)/pip install -r requirements.txt -r dev-requirements.txt > var/log/pip.log 2>&1 \
	  || { tail -20 var/log/pip.log; echo "[make] pip install failed, see var/log/pip.log"; exit 1; }
	$(BIN)/pip install --no-deps --no-build-isolation -e . >> var/log/pip.log 2>&1 \
	  || { tail -20 var/log/pip.log; echo "[make] pip install -e . failed, see var/log/pip.log"; exit 1; }
	rm -rf *.egg-info
	touch $@

venv: $(VENV)/.installed

I18N_PO := $(wildcard ckanext/jena/i18n/*/LC_MESSAGES/ckanext-jena.po)
I18N_MO := $(I18N_PO:.po=.mo)
%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel -q compile -i $< -o $@ -D ckanext-jena

i18n: $(I18N_MO)

install: venv i18n
	scripts/services.sh install

services: install
	scripts/services.sh start

status:
	@scripts/services.sh status

# ---------------------------------------------------------------- databases
db-demo: services
	$(DEMO_ENV) $(CKAN) -c $(DEMO_INI) db init > var/log/db-demo.log 2>&1 || { cat var/log/db-demo.log; exit 1; }
	$(DEMO_ENV) $(CKAN) -c $(DEMO_INI) db pending-migrations --apply >> var/log/db-demo.log 2>&1 || { cat var/log/db-demo.log; exit 1; }

db-test: services
	$(TEST_ENV) $(CKAN) -c $(TEST_INI) db init > var/log/db-test.log 2>&1 || { cat var/log/db-test.log; exit 1; }
	$(TEST_ENV) $(CKAN) -c $(TEST_INI) db pending-migrations --apply >> var/log/db-test.log 2>&1 || { cat var/log/db-test.log; exit 1; }

# ---------------------------------------------------------------- demo
# Admin user and the Stadtverbund organizations; the datasets come from the harvests of
# the embedded demo city network (the hand-made ones of config/demo/content.yaml would
# duplicate them).
demo-content: db-demo
	$(DEMO_ENV) $(CKAN) -c $(DEMO_INI) jena demo load --no-datasets

# The embedded demo city network on http://127.0.0.1:8765 (CKAN, DCAT, CSW, OGC API
# Features, WFS, SensorThings, GTFS, OParl, files); log var/log/demo-network.log,
# PID var/run/demo-network.pid, stopped by make stop.
demo-network: demo-content
	$(DEMO_ENV) scripts/bg.sh start demo-network $(CKAN) -c $(DEMO_INI) jena demo network --port 8765
	@scripts/bg.sh wait-http http://127.0.0.1:8765/ 60 demo-network "Demo-Stadtnetz Jena"

# Registry sources of the demo profile and their first harvest (in this process).
demo-harvest: demo-network
	$(DEMO_ENV) $(CKAN) -c $(DEMO_INI) jena sources sync --profile demo > var/log/harvest-sync.log 2>&1 \
	  || echo "[make] harvest source sync reported problems, see var/log/harvest-sync.log"
	@echo "[make] first harvest of the demo city network (details: var/log/harvest-first-run.log)"
	@$(DEMO_ENV) $(CKAN) -c $(DEMO_INI) jena harvest run --all > var/log/harvest-first-run.log 2>&1 \
	  || echo "[make] some harvests reported errors, see var/log/harvest-first-run.log"
	@sed -n '/^source  *status/,$$p' var/log/harvest-first-run.log

# Harvesting in the background: sources of the demo profile, gather/fetch consumers and
# the scheduler (logs var/log/harvest-*.log, stopped by make stop).
harvest-bg: demo-harvest
	$(DEMO_ENV) $(CKAN) -c $(DEMO_INI) jena sources sync --profile demo > var/log/harvest-sync.log 2>&1 \
	  || echo "[make] harvest source sync reported problems, see var/log/harvest-sync.log"
	$(DEMO_ENV) scripts/harvest-bg.sh start $(DEMO_INI)

# CKAN's background job worker (search index, link checks) and the first link check of
# the harvested resources; log var/log/jobs-worker.log, stopped by make stop.
demo-worker: harvest-bg
	$(DEMO_ENV) scripts/bg.sh start jobs-worker $(CKAN) -c $(DEMO_INI) jobs worker default jena_dcat
	-$(DEMO_ENV) $(CKAN) -c $(DEMO_INI) jena quality check-links > var/log/quality-links.log 2>&1

demo: demo-worker
	@echo
	@echo "  Offene Daten Jena läuft auf / is running at: http://127.0.0.1:5000"
	@echo "  Anmeldung / login: admin / jena-demo-admin   (logs: var/log/, stop: make stop)"
	@echo
	$(DEMO_ENV) $(CKAN) -c $(DEMO_INI) run --host 127.0.0.1 --port 5000

# ---------------------------------------------------------------- tests
# The browser tests drive Debian's chromium (no browser download).
browser-deps:
	@scripts/browser-deps.sh

# pytest's exit code 5 ("no tests collected") is a failure here.
test: db-test browser-deps
	@rc=0; $(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "[make] pytest collected no tests: failing"; exit 1; fi; exit $$rc

# Benchmarks against their anchors (bench/run.py; database ckan_bench, reset on every run;
# results in bench/results/latest.json, logs in var/log/bench/). bench-quick: small N.
bench-db: services
	scripts/services.sh createdb ckan_bench

bench: bench-db i18n
	$(BIN)/python bench/run.py

bench-quick: bench-db i18n
	$(BIN)/python bench/run.py --quick

lint: venv
	$(BIN)/ruff check ckanext tests bench
	$(BIN)/ruff format --check ckanext tests bench

# ---------------------------------------------------------------- stop / clean
stop:
	-@pkill -f "ckan -c $(DEMO_INI) run" 2>/dev/null || true
	-@scripts/harvest-bg.sh stop
	-@scripts/bg.sh stop jobs-worker
	-@scripts/bg.sh stop demo-network
	scripts/services.sh stop

clean: stop
	rm -rf var config/solr/target build *.egg-info
