# The two commands of the README: `make run` builds the warehouse, `make test`
# runs the tests. Both set up the environment first (uv, locked dependencies).
UV_VERSION := 0.13.9
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)
RUN := $(UV) run --frozen --no-sync
export DAGSTER_HOME ?= $(CURDIR)/data/dagster_home
# Imported modules' bytecode is cached in .pycache/, even where the environment sets
# PYTHONDONTWRITEBYTECODE: without it every run compiles dagster, dbt and pandas again (3 dev PDFs:
# 15 s of imports instead of 7 s). The source tree gets no __pycache__ folders.
export PYTHONPYCACHEPREFIX := $(CURDIR)/.pycache
unexport PYTHONDONTWRITEBYTECODE
DEV_PORT ?= 3000

.PHONY: setup run test check dev bench evaluate dashboard sql export chromium

# uv in a venv of its own. The venv is made without pip (its own pip takes 5 s to install) and uv is
# installed by the system's pip; a python3 without pip (or with one older than --python) gets the venv's.
$(CURDIR)/.tools/bin/uv:
	{ python3 -m venv --without-pip .tools && \
	  python3 -m pip --python .tools/bin/python install --quiet uv==$(UV_VERSION) 2>/dev/null; } || \
	{ rm -rf .tools && python3 -m venv .tools && .tools/bin/pip install --quiet uv==$(UV_VERSION); }

# No --compile-bytecode: compiling every installed package took 15 s of a fresh `make run`; a run
# compiles the modules it imports on first import and caches them (PYTHONPYCACHEPREFIX above).
setup: $(UV)
	$(UV) sync --frozen --quiet

run: setup
	$(RUN) python -m pipeline run

test: setup chromium
	$(RUN) pytest -q

# The fast tier, for a contributor's loop: no warehouse build, no browser, no fault (tests/tiers.py).
check: setup
	$(RUN) pytest -q -m "not slow and not browser and not fault"

# The browser tests' headless Chromium and a CJK font, from Debian's packages, when absent.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
chromium:
	@command -v chromium >/dev/null && dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || \
	  { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-wqy-microhei; }

# The Dagster UI and daemon on 127.0.0.1:$(DEV_PORT), so the sensor and the schedule run.
dev: setup
	mkdir -p $(DAGSTER_HOME)
	test -f $(DAGSTER_HOME)/dagster.yaml || cp data/dagster.yaml $(DAGSTER_HOME)/dagster.yaml
	$(RUN) dagster dev -w workspace.yaml -h 127.0.0.1 -p $(DEV_PORT)

# Rebuild the dashboard (data/dashboard) from the published warehouse alone.
dashboard: setup
	$(RUN) python -m pipeline dashboard

# DuckDB's command line (duckdb-cli) on the published warehouse: read-only, safe mode (no files, extensions
# or other databases); `make sql < queries.sql` runs a script.
sql: setup
	@$(RUN) python -m pipeline sql

# Every mart as Parquet and CSV into data/export (BUDGET_EXPORT_DIR); `python -m pipeline export
# --department NAME` writes one department's rows as an .xlsx there.
export: setup
	@$(RUN) python -m pipeline export

# Speed and memory of the pipeline on many copies of the samples.
bench: setup
	$(RUN) python -m pipeline.benchmark

# The table reader on the dev reports' tables re-laid as other templates print them (tests/fuzz):
# precision and recall per transformation, and the smallest example of every wrong cell published.
.PHONY: fuzz
fuzz: setup
	$(RUN) python -m tests.fuzz

# Accuracy of the published warehouse against annotated gold files.
evaluate: setup
	$(RUN) python -m pipeline evaluate tests/gold
