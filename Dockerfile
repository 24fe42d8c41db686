# The app in one container: slim Python 3.11, the pinned runtime requirements, a non-root user,
# one BLAS thread, no forced gc.collect() after every script run (~40 ms of CPU each, at every
# rerun and fragment tick of every student), one compute slot (the trainings of one process share
# its interpreter lock: more cores, more containers), a health check on /_stcore/health.
#
#   docker build -t nn-learns .
#   docker run -p 8501:8501 -v /path/to/cat-data:/data:ro nn-learns
#
# Saved runs go to a SQLite file in /home/student/.local/state/nn-learns (a volume keeps them:
# -v nn-runs:/home/student/.local/state/nn-learns), or to PostgreSQL with a secrets file mounted
# at /app/.streamlit/secrets.toml. -e NN_PUBLIC_URL=http://<this host>:8501 puts the address
# students type, and its QR code, on the Home page.
#
# The cat / non-cat photos are not in the image: mount the folder holding train_catvnoncat.h5
# and test_catvnoncat.h5 at /data (CATDATA_DIR); without it the pages offer the upload and the
# generated 2-D data sets. For several replicas behind a proxy see deploy/README.md.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    OPENBLAS_NUM_THREADS=1 \
    OMP_NUM_THREADS=1 \
    MKL_NUM_THREADS=1 \
    STREAMLIT_RUNNER_POST_SCRIPT_GC=false \
    CLASSROOM_SLOTS=1 \
    CATDATA_DIR=/data

WORKDIR /app

# requirements.txt pins everything (pip freeze); the test tools are left out of the image.
COPY requirements.txt .
RUN grep -vE '^(pytest|iniconfig|pluggy|playwright|greenlet)==' requirements.txt \
        > /tmp/requirements-runtime.txt \
    && pip install -r /tmp/requirements-runtime.txt \
    && rm /tmp/requirements-runtime.txt \
    && useradd --create-home --uid 10001 --shell /usr/sbin/nologin student \
    && install -d -o student -g student /home/student/.local/state/nn-learns

# The code belongs to root and is only readable by the user that runs it.
COPY . .
# The live view's chart library, from the pinned plotly package, gzipped, served by the app
# (app/static/).
RUN python -m nn_ui.view.plotly_js

USER student
EXPOSE 8501

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request as u; u.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]

CMD ["streamlit", "run", "asgi.py", \
     "--server.address", "0.0.0.0", "--server.port", "8501", \
     "--server.headless", "true", "--server.fileWatcherType", "none"]
