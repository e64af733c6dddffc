"""Write the files the learner asks for, never leaving half of one behind.

A regular file is written next to its final place under a hidden temporary name, synced
to disk, then renamed over the target, so a full disk or a crash leaves either the old
file or the new one. A symlink is followed and its target replaced, so the link stays a
link. A device or a pipe (``/dev/stdout``, a FIFO) has nothing to replace, so the data
is written straight through it; renaming over one would swap it for a regular file.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from contextlib import suppress
from pathlib import Path

from coffeechat.errors import OutputError


def write_file(path: Path | str, data: bytes | str) -> Path:
    """Write ``data`` (str as UTF-8) to ``path``; return the file actually written.

    Raises OutputError, saying what to do, when the place cannot take the file. On any
    failure no temporary file is left behind and an existing file is unchanged.
    """
    if not str(path).strip():
        raise OutputError("No file name was given. Name the file to write, e.g. notes.md.")
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        info: os.stat_result | None = os.stat(path)  # follows symlinks
    except FileNotFoundError:
        info = None  # a new file, or a symlink to one
    except OSError as exc:
        raise _explain(exc, path) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{path} is a folder. Give a file name inside it, "
                          f"e.g. {path / 'export'}.")
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_through(path, raw)
        return path
    target = Path(os.path.realpath(path))
    _replace_atomically(target, raw, None if info is None else stat.S_IMODE(info.st_mode))
    return target


def _write_through(path: Path, raw: bytes) -> None:
    try:
        # No O_CREAT and no O_TRUNC: this only ever writes into something that exists.
        fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
        with os.fdopen(fd, "wb") as stream:
            stream.write(raw)
    except OSError as exc:
        raise _explain(exc, path) from None


def _replace_atomically(target: Path, raw: bytes, mode: int | None) -> None:
    folder = target.parent
    # Hidden, unique and short enough for any file system's name limit.
    partial = folder / f".{target.name[:200]}.{secrets.token_hex(4)}.partial"
    try:
        # 0o666 lets the umask decide, as for any new file the learner makes.
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        raise _explain(exc, target) from None
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(raw)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(partial, mode)  # replacing a file keeps its permissions
        os.replace(partial, target)
    except BaseException as exc:
        with suppress(OSError):
            os.unlink(partial)
        if isinstance(exc, OSError):
            raise _explain(exc, target) from None
        raise
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    # Makes the rename itself survive a power cut; some systems cannot open folders.
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _explain(exc: OSError, path: Path) -> OutputError:
    folder = path.parent
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        message = (f"There is no space left for {path}, so it was not written. Free some "
                   "space, or choose another disk, and try again.")
    elif code == errno.ENOENT:
        message = (f"The folder {folder} does not exist, so {path.name} was not written. "
                   "Create the folder first, or choose another place.")
    elif code == errno.ENOTDIR:
        message = f"Part of {folder} is a file, not a folder. Choose another place."
    elif code == errno.EROFS:
        message = (f"{folder} is on a read-only disk, so {path.name} was not written. "
                   "Choose another place, such as your home folder.")
    elif code in (errno.EACCES, errno.EPERM):
        message = (f"Coffee Chat may not write to {path} (permission denied). Choose a "
                   "folder you own, such as your home folder.")
    elif code == errno.EISDIR:
        message = f"{path} is a folder. Give a file name inside it."
    elif code == errno.ENAMETOOLONG:
        message = f"The name {path.name[:40]}… is too long. Choose a shorter file name."
    elif code == errno.ENXIO:
        message = f"{path} cannot be written to (nothing is reading from it)."
    else:
        message = f"Cannot write {path}: {exc.strerror or exc}. Choose another place."
    return OutputError(message)
