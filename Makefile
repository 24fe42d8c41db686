# The two commands a newcomer needs: `make run` starts the app, `make test` runs every test.
# `make serve` (or `make serve HTTPS=1`) starts it for a class: see the README.
# Each creates .venv and installs the pinned requirements on first use; `make test` also installs
# Debian's chromium, haproxy and postgresql when they are missing (scripts/test_needs.py).
# `make test-quick`: the tests that need none of those; `make check`: before a commit.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# One BLAS thread: on 2 busy cores, two BLAS threads make small products far slower.
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS := 1
export MKL_NUM_THREADS := 1

# The system's programs (haproxy) are in /usr/sbin, which a user's PATH may lack.
export PATH := $(PATH):/usr/sbin
# pytest-xdist workers for the tests that run in parallel (one a core), and for the browser
# tests, which mostly wait for pages and servers (with 2 workers, two cores were busy a third of
# the time: `make test` took 8 min 0 s on a fresh clone; with 3, 7 min 31 s; with 4, 7 min 24 s).
JOBS ?= auto
BROWSER_JOBS ?= 3
PYTEST := $(PY) -m pytest -q -p no:cacheprovider
# Neither a browser, nor HAProxy, nor PostgreSQL.
QUICK := not browser and not haproxy and not postgresql

.PHONY: run serve test test-quick check bench

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

run: $(VENV)/.installed
	$(PY) -m streamlit run asgi.py --server.address 127.0.0.1

serve: $(VENV)/.installed
	$(PY) scripts/serve.py $(if $(filter-out 0,$(HTTPS)),--https,)

# Every test, in two pytest runs at once (the browser tests mostly wait for pages, the others
# compute): the tests without a browser, in parallel (each worker with its own PostgreSQL
# server), their report printed when they end; and the browser tests, in processes of their
# own (a live sync Playwright would break the asyncio tests of its process): one worker runs
# those that start servers of their own while the others run those of the shared app server,
# each worker with one Chromium and its own app server. The exit code says if either failed.
test: $(VENV)/.installed
	$(PY) scripts/test_needs.py
	log=$$(mktemp); \
	$(PYTEST) -n $(JOBS) -m "not browser" --durations=10 >$$log 2>&1 & quick=$$!; \
	$(PYTEST) -n $(BROWSER_JOBS) --dist loadgroup -m browser --durations=10; b=$$?; \
	wait $$quick; a=$$?; cat $$log; rm -f $$log; \
	[ $$a -eq 0 ] && [ $$b -eq 0 ]

test-quick: $(VENV)/.installed
	$(PYTEST) -n $(JOBS) -m "$(QUICK)"

# Before a commit: the quick tests, the linter (pyproject.toml's [tool.ruff]), and the pairs of
# places the uncommitted change repeats (`duplicates`, where the machine has it).
check: $(VENV)/.installed
	$(PY) -m ruff check .
	@if command -v duplicates >/dev/null; then duplicates --change; \
	else echo "check: no \`duplicates\` command on this machine, left out"; fi
	$(PYTEST) -n $(JOBS) -m "$(QUICK) and not slow"

bench: $(VENV)/.installed
	$(PY) benchmarks/bench_training.py
	$(PY) benchmarks/bench_images.py
