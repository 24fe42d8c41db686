# The two commands a newcomer needs: `make run` starts the app, `make test` runs every test.
# `make serve` (or `make serve HTTPS=1`) starts it for a class: see the README.
# Each creates .venv and installs the pinned requirements on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# One BLAS thread: on 2 busy cores, two BLAS threads make small products far slower.
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS := 1
export MKL_NUM_THREADS := 1

.PHONY: run serve test bench

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

run: $(VENV)/.installed
	$(PY) -m streamlit run asgi.py --server.address 127.0.0.1

serve: $(VENV)/.installed
	$(PY) scripts/serve.py $(if $(filter-out 0,$(HTTPS)),--https,)

test: $(VENV)/.installed
	$(PY) -m pytest -q --durations=15

bench: $(VENV)/.installed
	$(PY) benchmarks/bench_training.py
	$(PY) benchmarks/bench_images.py
