"""The output-safety rule, enforced here and nowhere else.

litmine writes an output folder only if it is new, empty, or holds a litmine marker
(``litmine.json``, written last into every folder ``litmine extract`` fills). It refuses an output
folder that is, or contains, one of the inputs, or the current folder. A re-run replaces a previous
output folder only when everything in it is litmine's own (the files the marker lists, unchanged
since, plus ``pictures.html``); anything else in it makes the run stop with one line before any
work, so a file litmine did not write is never removed or overwritten.

The new output is built in a hidden temporary sibling folder and renamed into place when every
stage succeeded (with SIGINT/SIGTERM held back during the swap); on any failure or signal the
temporary folder and any parent folders this run created are removed.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
import shutil
import signal
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.errors import Interrupted, OutputError

MARKER = "litmine.json"
# files litmine writes into an extract folder after the run (``litmine picture``)
LATER_FILES = ("pictures.html",)
_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_marker(folder: Path) -> dict | None:
    """The marker of ``folder`` (a dict), or None if it has none or it is not litmine's."""
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or "litmine" not in data or not isinstance(data.get("files"), dict):
        return None
    return data


def write_marker(folder: Path, kind: str, names: list[str] | None = None, **info: str) -> None:
    """Record the files ``names`` of ``folder`` (default: all its files) with their SHA-256 as
    litmine's own, keeping what an existing marker already lists; written last."""
    from pipeline import __version__
    from pipeline.io import atomic_write_text

    if names is None:
        names = [p.name for p in folder.iterdir()
                 if p.is_file() and p.name != MARKER and not p.name.startswith(".")]
        files: dict[str, str] = {}
        sizes: dict[str, int] = {}
    else:
        old = read_marker(folder) or {}
        files, sizes = dict(old.get("files", {})), dict(old.get("bytes", {}))
    for n in names:
        if (folder / n).is_file():
            files[n] = _sha256(folder / n)
            sizes[n] = (folder / n).stat().st_size
    data = {"litmine": __version__, "kind": kind, **info, "files": dict(sorted(files.items())),
            "bytes": dict(sorted(sizes.items()))}
    atomic_write_text(folder / MARKER, json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def foreign_entries(folder: Path) -> list[str]:
    """Names in ``folder`` that litmine did not write (or that changed since it wrote them)."""
    names = sorted(p.name for p in folder.iterdir())
    if not names:
        return []
    marker = read_marker(folder)
    if marker is None:
        return names
    own = marker["files"]
    foreign = []
    for name in names:
        p = folder / name
        if name == MARKER or (name in LATER_FILES and p.is_file() and not p.is_symlink()):
            continue
        if name not in own or p.is_symlink() or not p.is_file() or _sha256(p) != own[name]:
            foreign.append(name)
    return foreign


def changed_files(folder: Path) -> list[str]:
    """The files the marker of ``folder`` lists that are missing or whose size differs from what
    litmine wrote (a cheap check for truncated or replaced files; no hashing)."""
    marker = read_marker(folder)
    if marker is None:
        return []
    sizes = marker.get("bytes", {}) if isinstance(marker.get("bytes"), dict) else {}
    out = []
    for name in marker["files"]:
        p = folder / name
        try:
            if not p.is_file() or (name in sizes and p.stat().st_size != sizes[name]):
                out.append(name)
        except OSError:
            out.append(name)
    return sorted(out)


GENERATOR = '<meta name="generator" content="litmine">'


def check_file_target(target: Path) -> None:
    """Raise :class:`OutputError` unless litmine may write the single file ``target``: it is new,
    a later file of a litmine folder (``pictures.html``), or a page litmine wrote (it carries
    :data:`GENERATOR` near its start)."""
    target = Path(target)
    if not os.path.lexists(target):
        return
    if target.is_symlink() or not target.is_file():
        raise OutputError(f"{target}: exists and is not a file litmine wrote; choose a new file")
    if target.name in LATER_FILES and read_marker(target.parent) is not None:
        return
    try:
        with target.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise OutputError(f"{target}: cannot read ({exc.strerror})") from None
    if GENERATOR.encode("utf-8") not in head:
        raise OutputError(f"{target}: file exists and was not written by litmine; litmine never "
                          f"replaces it: choose a new file")


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _refuse_inputs_inside(out: Path, real: Path, inputs: Iterable[Path], noun: str,
                          advice: str) -> None:
    """Raise :class:`OutputError` when the output folder ``real`` is or contains an input."""
    for src in inputs:
        if _within(Path(src).resolve(), real):
            what = "is" if Path(src).resolve() == real else "contains"
            raise OutputError(f"{out}: output folder {what} {noun} {src}; {advice}")


def check_target(out: Path, inputs: list[Path] = ()) -> None:
    """Raise :class:`OutputError` unless litmine may (re)write the folder ``out``."""
    real = Path(os.path.abspath(out)).resolve()
    _refuse_inputs_inside(out, real, inputs, "the input", "choose a new folder for -o")
    cwd = Path.cwd().resolve()
    if _within(cwd, real):
        raise OutputError(f"{out}: output folder is (or holds) the current folder; "
                          f"choose a new folder for -o")
    if not os.path.lexists(real):
        return
    if not real.is_dir():
        raise OutputError(f"{out}: exists and is not a folder; choose a new folder for -o")
    marker = read_marker(real)
    if marker is not None and marker.get("kind") != "document":
        raise OutputError(f"{out}: folder is a litmine {marker.get('kind')} folder, not one "
                          f"document's output; choose a new folder for -o")
    try:
        foreign = foreign_entries(real)
    except PermissionError:
        raise OutputError(f"{out}: output folder is not readable") from None
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise OutputError(f"{out}: folder holds files litmine did not write ({shown}); "
                          f"litmine never replaces them: choose a new folder for -o")
    if not os.access(real, os.W_OK | os.X_OK) or not os.access(real.parent, os.W_OK | os.X_OK):
        raise OutputError(f"{out}: output folder is not writable")


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT/SIGTERM back for a few file-system calls that must not be cut in half."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def make_parents(folder: Path, shown: Path | None = None) -> list[Path]:
    """Create the missing parents of ``folder``; returns those created (outermost first).
    Messages name ``shown`` (the path as the user wrote it)."""
    shown = shown or folder
    missing = []
    p = Path(os.path.abspath(folder)).parent
    while not p.exists():
        missing.append(p)
        p = p.parent
    if not os.access(p, os.W_OK | os.X_OK) or not p.is_dir():
        raise OutputError(f"{shown}: cannot create the output folder ({p.name or p} is not a "
                          f"writable folder)")
    created = []
    try:
        for q in reversed(missing):
            q.mkdir()
            created.append(q)
    except OSError as exc:
        remove_empty(created)
        raise OutputError(f"{shown}: cannot create the output folder ({exc.strerror})") from None
    return created


def remove_empty(folders: list[Path]) -> None:
    """Remove the folders this run created (innermost first) if they are still empty."""
    for q in reversed(folders):
        with contextlib.suppress(OSError):
            q.rmdir()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


PARTIAL = ".litmine-partial"  # inside a temporary folder until it is installed: owner's pid


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def sweep_stale(out: Path) -> None:
    """Remove the temporary siblings of ``out`` that a killed run (SIGKILL, power loss) left:
    only folders named as litmine names them, holding its :data:`PARTIAL` file, whose process
    is gone."""
    try:
        siblings = list(out.parent.glob(f".{glob.escape(out.name)}.*.tmp"))
    except OSError:
        return
    for tmp in siblings:
        try:
            pid = int((tmp / PARTIAL).read_text(encoding="utf-8").split()[0])
        except (OSError, ValueError, IndexError):
            continue  # not a litmine temporary folder (or not readable): left alone
        if pid != os.getpid() and not _pid_alive(pid):
            shutil.rmtree(tmp, ignore_errors=True)


def new_temp_folder(out: Path) -> Path:
    """A hidden temporary sibling of ``out``, with the permissions of an ordinary new folder and
    a :data:`PARTIAL` file naming this process."""
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
        (tmp / PARTIAL).write_text(f"{os.getpid()}\n", encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the output folder ({exc.strerror})") from None
    os.chmod(tmp, 0o777 & ~_umask())
    return tmp


def install(tmp: Path, out: Path, inputs: list[Path] = (), shown: Path | None = None) -> None:
    """Rename the finished ``tmp`` to ``out``, replacing litmine's previous output there (call
    it with signals held)."""
    check_target(shown or out, inputs)  # again: the folder may have changed during the run
    (tmp / PARTIAL).unlink(missing_ok=True)
    if not os.path.lexists(out) or not any(out.iterdir()):
        try:
            os.replace(tmp, out)  # an empty folder is replaced atomically
        except OSError as exc:
            raise OutputError(f"{out}: cannot write the output folder ({exc.strerror})") from None
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
    try:
        os.replace(out, old)  # onto the empty placeholder, atomically
    except OSError as exc:
        old.rmdir()
        raise OutputError(f"{out}: cannot replace the output folder ({exc.strerror})") from None
    os.replace(tmp, out)
    shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def building(out: Path, inputs: list[Path] = ()) -> Iterator[Path]:
    """Check ``out``, yield a fresh temporary folder to fill, and install it as ``out``.

    On any exception (or signal) nothing is left behind: neither the temporary folder nor the
    parents of ``out`` this call created.
    """
    check_target(out, inputs)
    shown, out = out, Path(os.path.abspath(out)).resolve()  # a link: write where it points
    created = make_parents(out, shown)
    sweep_stale(out)
    tmp = None
    try:
        with signals_held():
            tmp = new_temp_folder(out)
        yield tmp
        installed = False
        try:
            with signals_held():
                install(tmp, out, inputs, shown)
                installed = True
        except Interrupted as exc:  # delivered as the signals are released
            raise Interrupted(exc.signum, exc.detail, completed=installed) from None
    except BaseException:
        with signals_held():
            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)
            remove_empty(created)
        raise


@contextlib.contextmanager
def on_signals() -> Iterator[None]:
    """Within the block, the first SIGINT or SIGTERM raises :class:`Interrupted` (so every
    ``finally`` removes its temporary files); later ones are ignored, so they cannot cut that
    clean-up short. The previous handlers are restored on exit."""
    fired: list[int] = []

    def handler(signum: int, frame: object) -> None:
        if not fired:
            fired.append(signum)
            raise Interrupted(signum)

    previous = {sig: signal.signal(sig, handler) for sig in _SIGNALS}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def prepare_folder(out: Path, kind: str, writes: tuple[str, ...],
                   inputs: tuple[Path, ...] = ()) -> list[Path]:
    """Check and create a folder that litmine adds files to (a folder run's output, kind
    ``corpus``; an evaluation, kind ``evaluation``); returns the folders created.

    It may be new, empty or a folder with a marker of the same kind; other files in it are left
    alone, but the files ``writes`` it will replace must be litmine's own."""
    real = Path(os.path.abspath(out)).resolve()
    _refuse_inputs_inside(out, real, inputs, "the input folder", "choose a new folder")
    if os.path.lexists(real) and not real.is_dir():
        raise OutputError(f"{out}: exists and is not a folder; choose a new folder")
    if real.is_dir() and any(real.iterdir()):
        marker = read_marker(real)
        if marker is None or marker.get("kind") != kind:
            raise OutputError(f"{out}: folder exists and is not a litmine {kind} folder (no "
                              f"{MARKER}); choose a new folder")
        for name in writes:
            p = real / name
            if os.path.lexists(p) and (p.is_symlink() or not p.is_file()
                                       or marker["files"].get(name) != _sha256(p)):
                raise OutputError(f"{out}: {name} was not written by litmine (or changed "
                                  f"since); litmine never replaces it: choose a new folder")
    if real.is_dir() and not os.access(real, os.W_OK | os.X_OK):
        raise OutputError(f"{out}: output folder is not writable")
    created = make_parents(real, out)
    if not real.exists():
        try:
            real.mkdir()
        except OSError as exc:
            remove_empty(created)
            raise OutputError(f"{out}: cannot create the output folder ({exc.strerror})") from None
        created.append(real)
    if read_marker(real) is None:
        write_marker(real, kind, [])
    return created
