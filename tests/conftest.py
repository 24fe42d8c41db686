"""Every test process: one BLAS thread, as the app and the load test's server run. Results
computed here are compared with the server's to the last digits, and two threads change them."""
import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
