import subprocess
import sys


def test_classroom_is_pure_python_without_streamlit():
    code = ("import sys, classroom, classroom.click, classroom.limits, classroom.shared, "
            "classroom.slots, classroom.store; bad = sorted(m for m in sys.modules if "
            "m.split('.')[0] in ('streamlit', 'tornado', 'starlette')); print(bad); assert not bad")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
