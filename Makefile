# org-invitations: every target installs what it needs first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
HOST   ?= 127.0.0.1
PORT   ?= 8080
# The suite on every core; a test file stays on one worker, in order (its later tests may read
# what its earlier ones did, e.g. the dialect fuzzing's audit). PARALLEL= runs it in one process.
PARALLEL ?= -n auto --dist loadfile

.PHONY: install serve bench test test-unit test-integration test-api test-contract test-e2e test-postgres fuzz dist lint lint-spec typecheck check-generated generate lock clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-* && touch $@

serve: install
	$(BIN)/org-invitations serve --host $(HOST) --port $(PORT)

generate: install
	$(BIN)/python tools/generate.py

check-generated: install
	$(BIN)/python tools/generate.py --check

lint-spec: install
	$(BIN)/openapi-spec-validator openapi/openapi.yaml openapi/ops.yaml generated/openapi.yaml generated/ops.yaml

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy org_invitations tests tools bench
	$(BIN)/mypy generated/client/org_invitations_client generated/models

test: install lint-spec check-generated lint typecheck
	$(BIN)/pytest $(PARALLEL)

# One tier at a time: unit (the core over an in-memory unit of work, no I/O), integration (a real
# database), api (the generated client, in-process), contract (spec and schemathesis), e2e (uvicorn).
test-unit: install
	$(BIN)/pytest tests/unit

test-integration: install
	$(BIN)/pytest tests/integration

test-api: install
	$(BIN)/pytest tests/api

test-contract: install
	$(BIN)/pytest tests/contract

test-e2e: install
	$(BIN)/pytest tests/e2e

# The suite again on PostgreSQL and Redis (.ci/run sets both URLs): every test that touches
# the database or the throttle counters. The unit tier (an in-memory fake) and the spec and
# compatibility checks (files only) would run exactly as in `make test`, so they are left out.
NO_DATABASE := --ignore=tests/unit --ignore=tests/contract/test_spec.py --ignore=tests/contract/test_compatibility.py
test-postgres: install
	@test -n "$$ORG_INVITATIONS_TEST_DATABASE_URL" || { echo "set ORG_INVITATIONS_TEST_DATABASE_URL (PostgreSQL)"; exit 2; }
	@test -n "$$ORG_INVITATIONS_TEST_REDIS_URL" || { echo "set ORG_INVITATIONS_TEST_REDIS_URL (Redis)"; exit 2; }
	$(BIN)/pytest -r s $(PARALLEL) $(NO_DATABASE)

# sdist and wheel of the client (generated/client) and of the server, into dist/, checked by twine.
dist: install
	rm -rf dist
	$(BIN)/python -m build --outdir dist generated/client
	$(BIN)/python -m build --outdir dist .
	$(BIN)/twine check --strict dist/*

# The benchmark: our app and its peers (bench/peers/) under one uvicorn pinned to core 0, wrk on
# core 1, rounds interleaved (needs wrk: apt-get install wrk). BENCH_ARGS="--rounds 5 --seconds 15",
# "--large" (a 1,000,000-invitation organization), "--database postgresql+psycopg://user@host/db".
bench: install
	@command -v wrk >/dev/null || { echo "make bench needs wrk (apt-get install wrk)"; exit 2; }
	$(BIN)/python -m bench.run --results bench/var/last.md $(BENCH_ARGS)

# Deeper contract fuzzing over real HTTP: every phase, more examples (FUZZ_EXAMPLES=100).
fuzz: install
	$(BIN)/python tools/fuzz.py

# Re-pin every dependency after changing pyproject.toml (needs the network).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --disable-pip-version-check pip==24.3.1 setuptools==75.6.0 -e '.[dev]'
	( echo "# Every dependency, pinned. Regenerate with \`make lock\`."; \
	  .lock-venv/bin/pip freeze --exclude-editable --all | grep -v '^org-invitations' ) > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) var dist build .pytest_cache .mypy_cache .ruff_cache
