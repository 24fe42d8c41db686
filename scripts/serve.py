"""Serve the app to a class: ``make serve`` (HTTP) or ``make serve HTTPS=1``.

Listens on every interface, finds the address students type (this computer's address on the
local network, or ``SERVE_HOST``), prints it with a QR code, and hands it to the app
(``NN_PUBLIC_URL``): the Home page shows it to the teacher, with its QR code, and the lesson
plan's links are built on it. With HTTPS, a self-signed certificate for that address is made on
first use (the ``cryptography`` package) in ``~/.local/state/nn-learns/tls`` (``SERVE_TLS_DIR``)
and passed to Streamlit (``server.sslCertFile`` / ``server.sslKeyFile``); phones then allow
the camera ("Take a photo"), after the warning every browser shows for a self-signed
certificate.

Where the machine has several cores, it starts one app process a core (``--replicas``,
``SERVE_REPLICAS``) on 127.0.0.1 behind HAProxy (deploy/haproxy.cfg, ``loadtest.deployment.
Deployment``: sticky sessions, Streamlit's static files cached), which listens on the address
and port above (and serves the HTTPS, with the same certificate); the replicas save runs to
one database (PostgreSQL from ``.streamlit/secrets.toml``, else the SQLite file, made ready
here once). Ctrl-C stops them all. One core, or no haproxy: one process, as before.

    python scripts/serve.py [--port 8501] [--https] [--host 192.168.1.20] [--replicas N]
                            [--listen 0.0.0.0] [--dry-run]
"""
from __future__ import annotations

import argparse
import datetime as dt
import ipaddress
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:                  # run as a script: the project's packages
    sys.path.insert(0, str(ROOT))


def lan_addresses() -> list[str]:
    """This computer's IPv4 addresses on its networks (no loopback), the default route's first."""
    found: list[str] = []
    try:
        out = subprocess.run(["ip", "-4", "-o", "route", "show", "default"], capture_output=True,
                             text=True, timeout=5).stdout.split()
        dev = out[out.index("dev") + 1] if "dev" in out else None
        lines = subprocess.run(["ip", "-4", "-o", "addr", "show", "scope", "global"],
                               capture_output=True, text=True, timeout=5).stdout.splitlines()
        for line in sorted(lines, key=lambda ln: ln.split()[1] != dev):
            found.append(line.split()[3].split("/")[0])
    except (OSError, ValueError, IndexError, subprocess.SubprocessError):
        pass
    if not found:
        try:
            found = [a for a in socket.gethostbyname_ex(socket.gethostname())[2]
                     if not a.startswith("127.")]
        except OSError:
            pass
    return found


def public_host(override: str | None = None) -> str:
    """The host students type: ``override``, else the first LAN address, else the hostname."""
    if override:
        return override
    addresses = lan_addresses()
    return addresses[0] if addresses else socket.gethostname()


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


def ensure_certificate(folder: Path, host: str) -> tuple[Path, Path]:
    """A self-signed certificate (and its key) for ``host``, localhost and 127.0.0.1 in
    ``folder``: made on first use, made again when ``host`` is not in it or it expires within a
    week. Returns (cert path, key path)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    now = dt.datetime.now(dt.timezone.utc)
    if cert_path.exists() and key_path.exists():
        try:
            cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
            names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
            held = {str(n) for n in names.get_values_for_type(x509.IPAddress)} | \
                set(names.get_values_for_type(x509.DNSName))
            if host in held and cert.not_valid_after_utc > now + dt.timedelta(days=7):
                return cert_path, key_path
        except (ValueError, x509.ExtensionNotFound):
            pass
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "How a neural network learns")])
    alt = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    alt.append(x509.IPAddress(ipaddress.ip_address(host)) if _is_ip(host) else x509.DNSName(host))
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.SubjectAlternativeName(alt), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path


def tls_folder() -> Path:
    env = os.environ.get("SERVE_TLS_DIR")
    return Path(env).expanduser() if env else \
        Path.home() / ".local" / "state" / "nn-learns" / "tls"


def command(port: int, cert: tuple[Path, Path] | None, listen: str = "0.0.0.0") -> list[str]:
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "asgi.py"),   # app.py, guarded
           "--server.address", listen, "--server.port", str(port),
           "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    if cert:
        cmd += ["--server.sslCertFile", str(cert[0]), "--server.sslKeyFile", str(cert[1])]
    return cmd


def replica_count(requested: int | None = None) -> int:
    """How many app processes: ``requested``, else ``SERVE_REPLICAS``, else one a core this
    process may use (one where there is one core, or no haproxy to put in front)."""
    if requested is None and os.environ.get("SERVE_REPLICAS"):
        requested = int(os.environ["SERVE_REPLICAS"])
    if requested is None:
        requested = len(os.sched_getaffinity(0))
    return max(1, requested) if shutil.which("haproxy") else 1


def runs_database_configured() -> bool:
    """Whether a ``[connections.runs]`` (PostgreSQL) is in the app's or the user's
    secrets.toml, where Streamlit reads it."""
    for path in (ROOT / ".streamlit" / "secrets.toml", Path.home() / ".streamlit" / "secrets.toml"):
        try:
            if "runs" in tomllib.loads(path.read_text()).get("connections", {}):
                return True
        except (OSError, tomllib.TOMLDecodeError):
            pass
    return False


def shared_runs_database() -> dict:
    """The replicas' one saved-runs database. PostgreSQL when configured (nothing to do here);
    else the SQLite file (``NN_RUNS_DB``, default ~/.local/state/nn-learns/runs.sqlite), made
    ready once before the replicas start: a damaged file set aside, the tables made (never by
    two replicas at the same moment), write-ahead logging on (readers do not wait for a
    writer). -> the environment for the replicas."""
    if runs_database_configured():
        return {}
    from sqlalchemy import create_engine

    from classroom import db_faults, store
    path = Path(os.environ.get("NN_RUNS_DB") or
                Path.home() / ".local" / "state" / "nn-learns" / "runs.sqlite").expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    aside = db_faults.set_aside_if_damaged(path)
    if aside is not None:
        print(f"The saved-runs file was damaged: set aside as {aside}; a new one starts.")
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 10})
    try:
        store.create_schema(engine)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    finally:
        engine.dispose()
    return {"NN_RUNS_DB": str(path)}


def tls_pem(cert: tuple[Path, Path]) -> Path:
    """The certificate and its key in one file (``site.pem``, beside them), as HAProxy reads
    them."""
    pem = cert[0].with_name("site.pem")
    pem.touch(mode=0o600)
    pem.write_bytes(cert[0].read_bytes() + cert[1].read_bytes())
    return pem


def deployment(replicas: int, listen: str, port: int, cert, env: dict):
    """The replicas behind HAProxy on ``listen:port`` (loadtest.deployment.Deployment)."""
    from loadtest.deployment import Deployment
    return Deployment(ROOT / "asgi.py", replicas, proxy_bind=f"{listen}:{port}",
                      lift_limits=False, tls_pem=str(tls_pem(cert)) if cert else None,
                      env=env, start_timeout=300, log_dir=str(log_folder()))


def log_folder() -> Path:
    env = os.environ.get("SERVE_LOG_DIR")
    folder = Path(env).expanduser() if env else \
        Path.home() / ".local" / "state" / "nn-learns" / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def serve_replicas(deploy, url: str, https: bool) -> int:
    """Start them, print the address, wait until Ctrl-C (or SIGTERM, or the proxy stops)."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))    # stopped: the block below cleans up
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C, even if started with &
    print(f"Starting {len(deploy.servers)} app processes (one a core) behind HAProxy; their "
          f"output: {log_folder()}", flush=True)
    told = set()
    try:
        with deploy:
            sys.stdout.write(banner(url, https))
            sys.stdout.flush()
            while deploy.proxy.poll() is None:
                for i, server in enumerate(deploy.servers):
                    if server.proc.poll() is not None and i not in told:
                        told.add(i)
                        print(f"App process app{i + 1} stopped (code {server.proc.returncode});"
                              " HAProxy sends its students to the others.", flush=True)
                time.sleep(1)
            print(f"HAProxy stopped (code {deploy.proxy.returncode}).", flush=True)
            return 1
    except KeyboardInterrupt:
        return 0


def banner(url: str, https: bool) -> str:
    import io

    import segno
    qr = io.StringIO()
    segno.make(url, error="m").terminal(out=qr, compact=True)
    lines = ["", "Students open:", f"    {url}", "", qr.getvalue()]
    if https:
        lines.append("The certificate is self-signed: each browser warns once ('Your connection "
                     "is not private'); students choose 'Advanced' and then 'Proceed'.")
    lines.append("The same address and its QR code are on the app's Home page. Ctrl-C stops it.")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8501)))
    ap.add_argument("--https", action="store_true",
                    default=os.environ.get("HTTPS", "") not in ("", "0"))
    ap.add_argument("--host", default=os.environ.get("SERVE_HOST") or None,
                    help="the address students type (default: this computer's LAN address)")
    ap.add_argument("--replicas", type=int, default=None,
                    help="app processes behind HAProxy (default: one a core; 1: no proxy)")
    ap.add_argument("--listen", default="0.0.0.0",
                    help="the interface to listen on (default every one)")
    ap.add_argument("--dry-run", action="store_true", help="print, do not start")
    args = ap.parse_args(argv)

    host = public_host(args.host)
    scheme = "https" if args.https else "http"
    url = f"{scheme}://{host}:{args.port}"
    cert = ensure_certificate(tls_folder(), host) if args.https else None
    replicas = replica_count(args.replicas)
    if shutil.which("haproxy") is None and len(os.sched_getaffinity(0)) > 1:
        print("haproxy is not installed (Debian: apt-get install haproxy): one app process, "
              "on one core.")
    if replicas > 1:
        env = {"NN_PUBLIC_URL": url}
        if not args.dry_run:
            env.update(shared_runs_database())
        deploy = deployment(replicas, args.listen, args.port, cert, env)
        if not args.dry_run:
            return serve_replicas(deploy, url, args.https)
        sys.stdout.write(banner(url, args.https))
        print(f"{replicas} app processes on 127.0.0.1, behind HAProxy on "
              f"{args.listen}:{args.port}{' (HTTPS)' if cert else ''}:")
        for server in deploy.servers:
            print("    " + " ".join(server.command()))
        print("    " + " ".join(deploy.proxy_command()) + ", deploy/haproxy.cfg with:")
        from loadtest.deployment import haproxy_config
        for line in haproxy_config(replicas).splitlines():
            if line.strip().startswith("server app"):
                print("    " + line.strip())
        return 0
    cmd = command(args.port, cert, args.listen)
    sys.stdout.write(banner(url, args.https))
    sys.stdout.flush()
    if args.dry_run:
        print(" ".join(cmd))
        return 0
    env = {**os.environ, "NN_PUBLIC_URL": url}
    os.chdir(ROOT)
    os.execve(sys.executable, cmd, env)          # Ctrl-C goes straight to Streamlit
    return 0


if __name__ == "__main__":
    sys.exit(main())
