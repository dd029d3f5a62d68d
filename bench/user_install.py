"""afterview as a user installs it: a wheel of this checkout in a fresh venv with only its runtime dependencies.

A development venv runs .pth files at every start (setuptools' editable finder, the test extra's
urllib3-future), which slow bare `python -c pass` as much as afterview, so ratios measured there flatter
it. The venv made here has no pip, no setuptools and no .pth file: what `pipx` or `uv tool` give.

It is kept under the temporary folder, keyed on the checkout's path, the Python and the runtime
dependencies (each checkout times its own code, even when two bench at once); the wheel is rebuilt and
reinstalled (without touching the dependencies) only when the sources' hash changes, so a repeated bench
starts in a second. A lock file beside the venv keeps two benches of one checkout from installing into it
at once. Needs pip 22.3 or later in the running Python (`pip --python`).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
import venv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "README.md", "core", "plugins", "rulesets", "site")
HOME = Path(os.environ.get("BENCH_USER_VENVS", Path(tempfile.gettempdir()) / "afterview-bench-user"))
# Variables that would put other code on the child's path or change how it starts.
UNSET = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONSAFEPATH", "PYTHONDONTWRITEBYTECODE",
         "PYTHONNOUSERSITE", "VIRTUAL_ENV")


def sources_key() -> str:
    """A hash of every file the wheel is built from (edits not yet committed included)."""
    digest = hashlib.sha256()
    for name in SOURCES:
        top = ROOT / name
        files = sorted(p for p in top.rglob("*") if p.is_file() and "__pycache__" not in p.parts) \
            if top.is_dir() else [top]
        for path in files:
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def dependencies_key() -> str:
    """The Python and the declared runtime dependencies: what the venv's third-party packages follow."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    text = "\n".join([sys.version, *project.get("dependencies", [])])
    return f"py{sys.version_info[0]}{sys.version_info[1]}-{hashlib.sha256(text.encode()).hexdigest()[:12]}"


def build_wheel(out: Path) -> Path:
    """A wheel of a clean copy of the sources (setuptools' build/ folder in the checkout can hold stale modules)."""
    copy = out / "src"
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            copy.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    pip([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(copy)])
    return next(out.glob("afterview-*.whl"))


def pip(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout[-1500:]}{done.stderr[-1500:]}")


def venv_home(root: Path = ROOT) -> Path:
    """The venv for the checkout at ``root``: named for it, so checkouts never share one."""
    where = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:12]
    return HOME / f"{root.resolve().name}-{where}-{dependencies_key()}"


@contextmanager
def install_lock(home: Path) -> Iterator[None]:
    """Held while the venv at ``home`` is checked and (re)installed; another bench of the checkout waits."""
    home.parent.mkdir(parents=True, exist_ok=True)
    with open(home.parent / f"{home.name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def user_install() -> Path:
    """The bin folder of a venv holding this checkout's afterview and only its runtime dependencies."""
    home = venv_home()
    with install_lock(home):
        install(home, sources_key())
    return home / "bin"


def install(home: Path, key: str) -> None:
    """Make the venv at ``home`` hold the sources ``key`` names (nothing to do if it does)."""
    python = home / "bin" / "python"
    marker = home / "afterview-sources"
    if marker.is_file() and marker.read_text() == key:
        return
    print(f"installing afterview ({key}) into {home} …", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory(prefix="afterview-wheel-") as tmp:
        wheel = build_wheel(Path(tmp))
        if not python.exists():
            shutil.rmtree(home, ignore_errors=True)
            venv.create(home, with_pip=False, symlinks=True)
            pip([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", str(wheel)])
        else:  # the dependencies are the same: replace afterview alone
            pip([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                 "--force-reinstall", str(wheel)])
    marker.write_text(key)


def user_environ(**extra: str) -> dict[str, str]:
    """The environment for the installed commands: nothing from this checkout's venv on their path."""
    env = {k: v for k, v in os.environ.items() if k not in UNSET}
    return {**env, **extra}


def bench_environment(argv: list[str], **extra: str) -> tuple[Path, str, dict[str, str]]:
    """(bin folder, python, environment) to time: the user install, or with ``--here`` this environment.

    Prints which, and the .pth files its Python runs at every start.
    """
    here = "--here" in argv
    bin_dir = Path(sys.executable).parent if here else user_install()
    python = sys.executable if here else str(bin_dir / "python")
    env = {**os.environ, **extra} if here else user_environ(**extra)
    print(f"{'this environment' if here else 'a fresh venv with the wheel and its runtime dependencies'}: "
          f"{bin_dir.parent}; .pth files run at start: {', '.join(startup_files(bin_dir)) or 'none'}")
    return bin_dir, python, env


def startup_files(bin_dir: Path) -> list[str]:
    """The .pth files the venv's Python runs at every start (none, unless a dependency brings one)."""
    lib = bin_dir.parent / "lib"
    return sorted(p.name for p in lib.glob("python3*/site-packages/*.pth"))


if __name__ == "__main__":
    where = user_install()
    print(where)
    print("startup .pth files:", ", ".join(startup_files(where)) or "none")
