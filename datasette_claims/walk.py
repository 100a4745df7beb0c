"""Command-line PATHS (files, folders, globs) -> the files to read, found as the load goes.

The walk is streamed (a folder's entries are listed when it is reached, so loading starts at
once) and visits each real file once: files are known by (device, inode), so a hard link, a
file named twice or matched by two patterns is read once. Symbolic links:

- a link to a folder is never followed: ``l1 -> .`` would loop, and the folder's files are
  walked where they really are;
- a link to a file inside the folder (or the glob's fixed prefix) being walked is read as
  that file, after the walk, so a file the walk reaches itself is read under its own name; a link whose target is outside it is reported and not read, so a site built from
  a folder of user-supplied files cannot publish ``/etc/passwd`` through a link;
- a FIFO, socket or device file is never opened (reading one could block or never end).

A path named on the command line itself is the user's choice and is read wherever it points.
Names are escaped (errors.escape_path) so that a name with a newline or bytes that are not UTF-8
is one line when printed and can be stored.
"""
import glob
import os
import re
import stat
from collections.abc import Iterator
from fnmatch import fnmatchcase
from pathlib import Path

from .errors import LoadError, escape_path


def format_suffix(path: Path) -> str:
    """The suffix that picks a reader; a trailing compression suffix is looked through
    (page.html.gz -> .html)."""
    from .streams import DECOMPRESSORS

    suffix = path.suffix.lower()
    return Path(path.stem).suffix.lower() if suffix in DECOMPRESSORS else suffix


class _Walk:
    """One load's walk: remembers every real file it has given out."""

    def __init__(self, suffixes):
        self.suffixes, self.seen = suffixes, set()

    def first_time(self, status: os.stat_result) -> bool:
        key = (status.st_dev, status.st_ino)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    def named(self, path: Path) -> Iterator[tuple[Path, str] | LoadError]:
        try:
            status = path.stat()
        except OSError as error:  # gone (or no longer readable) since it was found
            yield LoadError(escape_path(str(path)), None, f"cannot read the file: {error.strerror}")
            return
        if not stat.S_ISREG(status.st_mode):
            yield LoadError(escape_path(str(path)), None, "not a regular file (a FIFO, socket or device); skipped")
        elif self.first_time(status):
            yield path, escape_path(path.name)

    def folder(self, root: Path, wanted=None) -> Iterator[tuple[Path, str] | LoadError]:
        """Files under ROOT with a known suffix (and whose relative parts WANTED accepts), in
        sorted order; hidden files and folders are passed over."""
        links = []
        yield from self._listing(root, os.path.realpath(root), wanted, links)
        for entry, relative in links:  # after the walk, so a file linked to is read under its own name
            yield from self._file(entry, relative)

    def _listing(self, root: Path, inside: str, wanted, links: list) -> Iterator[tuple[Path, str] | LoadError]:
        """Depth first, each folder's entries in sorted order; a stack of listings, not recursion,
        so a folder nested thousands deep is walked like any other."""
        listings = [_entries(root, ())]
        while listings:
            item = next(listings[-1], None)
            if item is None:
                listings.pop()
                continue
            if isinstance(item, LoadError):
                yield item
                continue
            entry, relative = item
            if entry.is_dir(follow_symlinks=False):
                if wanted is None or wanted(relative, partial=True):
                    listings.append(_entries(Path(entry.path), relative))
            elif format_suffix(Path(entry.name)) in self.suffixes and (wanted is None or wanted(relative)):
                if not entry.is_symlink():
                    yield from self._file(entry, relative)
                elif os.path.commonpath([inside, os.path.realpath(entry.path)]) == inside:
                    links.append((entry, relative))
                else:
                    yield LoadError(escape_path(entry.path), None,
                                    "a symbolic link to a file outside the folder; not followed")

    def _file(self, entry: os.DirEntry, relative: tuple) -> Iterator[tuple[Path, str] | LoadError]:
        path = Path(entry.path)
        try:
            status = os.stat(entry.path)
        except OSError as error:
            yield LoadError(escape_path(entry.path), None, f"cannot read the file: {error.strerror}")
            return
        if stat.S_ISDIR(status.st_mode):
            return  # a link to a folder: never followed
        if not stat.S_ISREG(status.st_mode):
            yield LoadError(escape_path(entry.path), None, "not a regular file (a FIFO, socket or device); skipped")
        elif self.first_time(status):
            yield path, escape_path("/".join(relative))


def _entries(folder: Path, parts: tuple) -> Iterator[tuple[os.DirEntry, tuple] | LoadError]:
    """FOLDER's entries, sorted, with their parts relative to the walk's root; hidden ones are passed over."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted((e for e in listing if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as error:
        yield LoadError(escape_path(str(folder)), None, f"cannot list the folder: {error.strerror}")
        return
    for entry in entries:
        yield entry, (*parts, entry.name)


def _matches(parts: tuple, pattern: tuple, partial: bool = False) -> bool:
    """Whether relative PARTS match glob PATTERN parts (``**`` is any number of folders); with
    PARTIAL, whether a file under folder PARTS could. The pattern's positions still possible are
    followed part by part (no recursion, however deep the folders)."""
    def with_empty_globstars(positions: set) -> set:
        for i in sorted(positions):
            while i < len(pattern) and pattern[i] == "**":
                i += 1
                positions = positions | {i}
        return positions

    positions = with_empty_globstars({0})
    for part in parts:
        positions = with_empty_globstars(
            {i if pattern[i] == "**" else i + 1
             for i in positions if i < len(pattern) and (pattern[i] == "**" or fnmatchcase(part, pattern[i]))})
        if not positions:
            return False
    return partial or len(pattern) in positions


def _glob(walk: _Walk, argument: str) -> Iterator[tuple[Path, str] | LoadError]:
    """Files matching a glob, found by walking its fixed prefix (never by listing every match first)."""
    prefix = re.split(r"[*?\[]", argument, maxsplit=1)[0]
    base = Path(prefix) if prefix.endswith(os.sep) else Path(prefix).parent
    pattern = Path(argument).relative_to(base).parts if base.parts else Path(argument).parts
    found = False
    if base.is_dir():
        for item in walk.folder(base, lambda parts, partial=False: _matches(parts, pattern, partial)):
            found = True
            yield item
    if not found:
        yield LoadError(escape_path(argument), None, "no file of a known format matches the pattern")


def find_files(paths, suffixes) -> Iterator[tuple[Path, str] | LoadError]:
    """(file, escaped name relative to its argument) for each PATH: a file, a folder (recursive)
    or a glob, streamed. Files in folders and globs without a known suffix are passed over; a named
    file or a pattern that does not exist is a LoadError."""
    walk = _Walk(suffixes)
    for argument in paths:
        path = Path(argument)
        try:
            is_dir, exists = path.is_dir(), os.path.lexists(path) and path.exists()
        except OSError as error:  # a name too long for the system, a folder that cannot be searched
            yield LoadError(escape_path(argument), None, f"cannot read it: {error.strerror}")
            continue
        if is_dir:
            yield from walk.folder(path)
        elif exists:
            yield from walk.named(path)
        elif glob.has_magic(argument):
            yield from _glob(walk, argument)
        else:
            yield LoadError(escape_path(argument), None, "no such file or folder")
