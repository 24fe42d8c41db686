"""nn_core imports nothing but NumPy and the standard library."""
import ast
import subprocess
import sys
from pathlib import Path

NN_CORE = Path(__file__).resolve().parents[2] / "nn_core"


def test_nn_core_source_imports_only_numpy_and_stdlib():
    allowed = set(sys.stdlib_module_names) | {"numpy", "nn_core"}
    for path in NN_CORE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed, f"{path.name} imports {name}"


def test_importing_nn_core_loads_no_third_party_module():
    modules = ", ".join(f"nn_core.{p.stem}" for p in sorted(NN_CORE.glob("*.py"))
                        if p.stem != "__init__")
    code = (f"import sys, importlib, nn_core, {modules};"
            "print('\\n'.join(sorted({m.split('.')[0] for m in sys.modules})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=NN_CORE.parent).stdout.split()
    third_party = set(out) - set(sys.stdlib_module_names) - {"numpy", "nn_core", "_distutils_hack"}
    assert not {m for m in third_party if not m.startswith("_")}, third_party
