"""Download the wheels a GPU machine without network lacks, for ``python3 dev.py gpu``.

    python3 dev.py gpu-pack        # fills gpu-wheels/ (git-ignored), Python 3.12 x86-64

The machine has NumPy, CuPy, PyTorch, JAX, pytest, hypothesis, toolz, cloudpickle, fsspec,
PyYAML and packaging; it lacks the Array API layers, Dask's array stack and scikit-learn
(whose bundled digits the MNIST example reads), listed here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WHEELS = ROOT / "gpu-wheels"
# pure-Python wheels, with the versions this project is tested with
PACKAGES = ("array-api-compat==1.16.0", "array-api-strict==2.6.1", "dask==2026.8.0",
            "partd==1.4.2", "locket==1.0.0")
# for the embedded digits file it ships (get_digits reads it without importing scikit-learn)
CPYTHON_PACKAGES = ("scikit-learn==1.9.1",)
PLATFORMS = ("manylinux2014_x86_64", "manylinux_2_17_x86_64", "manylinux_2_28_x86_64")
LIMIT_MIB = 40  # what travels with the working tree is capped at 64 MiB in all


def main() -> int:
    WHEELS.mkdir(exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--python-version", "3.12", "--dest", str(WHEELS)]
    for platform in PLATFORMS:
        command += ["--platform", platform]
    code = (subprocess.call(command + ["--implementation", "py", *PACKAGES])
            or subprocess.call(command + ["--implementation", "cp", "--abi", "cp312",
                                          *CPYTHON_PACKAGES]))
    size = sum(f.stat().st_size for f in WHEELS.glob("*.whl")) / 2**20
    print(f"gpu-pack: {len(list(WHEELS.glob('*.whl')))} wheels, {size:.1f} MiB in {WHEELS}")
    if size > LIMIT_MIB:
        print(f"gpu-pack: over {LIMIT_MIB} MiB: remove old versions from {WHEELS}")
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
