"""Sandboxed reader of two uploaded .h5 files, run as its own process by nn_io.catdata.

    python -I nn_io/_h5worker.py MEMORY_BYTES CPU_SECONDS MAX_EXAMPLES  < request  > reply

request: 8-byte big-endian length of the train file, the train file, then the test file.
reply: exit 0 and an .npz (train_x, train_y, test_x, test_y, classes) on stdout; exit 2 and
one JSON line {"error": class name, "message": ...} when the files are bad. A crash of the HDF5
C library, the memory limit or the CPU limit ends only this process.
"""
import json
import os
import resource
import sys


def main() -> int:
    memory, cpu, max_examples = (int(a) for a in sys.argv[1:4])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.environ["HDF5_PLUGIN_PRELOAD"] = "::"  # never load an HDF5 filter plugin
    request = sys.stdin.buffer.read()
    n_train = int.from_bytes(request[:8], "big")
    train, test = request[8:8 + n_train], request[8 + n_train:]
    del request

    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import io

    import h5py
    import numpy as np

    from nn_io._h5read import h5_reason, read_split
    from nn_io.errors import InputError

    try:
        parts = {}
        for split, data, label in (("train", train, "training file"),
                                   ("test", test, "test file")):
            try:
                f = h5py.File(io.BytesIO(data), "r")
            except Exception as e:  # noqa: BLE001 - any failure to open is a bad file
                return _fail("BadDataset", f"The {label} is not a readable HDF5 (.h5) file: "
                                           f"{h5_reason(e)}.")
            with f:
                parts[split] = read_split(f, split, label, max_examples)
    except InputError as e:
        return _fail(type(e).__name__, e.message)
    except MemoryError:
        return _fail("BadDataset", "Reading these files needs more memory than allowed.")
    except Exception as e:  # noqa: BLE001 - h5py raises many kinds for a damaged file
        return _fail("BadDataset", f"These files are damaged or not the cat data set "
                                   f"({h5_reason(e)}).")
    (train_x, train_y, classes), (test_x, test_y, test_classes) = parts["train"], parts["test"]
    out = io.BytesIO()
    np.savez(out, train_x=train_x, train_y=train_y, test_x=test_x, test_y=test_y,
             classes=np.array(classes), test_classes=np.array(test_classes))
    sys.stdout.buffer.write(out.getvalue())
    sys.stdout.flush()
    return 0


def _fail(kind: str, message: str) -> int:
    sys.stdout.write(json.dumps({"error": kind, "message": message}) + "\n")
    sys.stdout.flush()
    return 2


if __name__ == "__main__":
    sys.exit(main())
