import os
import sys

# One BLAS thread, as on the server: each session's expected result is computed here, and with
# two threads a few runs differ from the server's in the 4th digit (false "wrong result" errors).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

from loadtest.run import main  # noqa: E402

sys.exit(main())
