"""Uploaded files waiting between "Prüfen" and "Importieren", kept on disk for at most an hour.

Each upload is ``<token>.bin`` with a small ``<token>.json`` beside it (original
name, who uploaded it, when). The token is random and checked against a strict
pattern before it becomes part of a path; only the uploader may import it.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

MAX_AGE = 3600  # seconds
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Upload:
    token: str
    name: str
    user: str
    size: int
    path: Path


def clean_name(name: str) -> str:
    """The file's own name without any folder a browser sent along, and without control characters."""
    base = PurePosixPath(name.replace("\\", "/")).name
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return base[-200:] or "upload"


class PendingUploads:
    """The folder of pending uploads."""

    def __init__(self, folder: Path, max_age: float = MAX_AGE) -> None:
        self.folder = folder
        self.max_age = max_age

    def _paths(self, token: str) -> tuple[Path, Path]:
        return self.folder / f"{token}.bin", self.folder / f"{token}.json"

    def save(self, stream: BinaryIO, name: str, user: str, limit: int) -> Upload | None:
        """Copy the stream to disk; ``None`` (and nothing kept) when it is larger than ``limit`` bytes."""
        self.folder.mkdir(parents=True, exist_ok=True)
        token = secrets.token_urlsafe(32)
        data_path, meta_path = self._paths(token)
        size = 0
        try:
            with data_path.open("wb") as out:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if size > limit:
                        break
                    out.write(chunk)
            if size > limit:
                data_path.unlink(missing_ok=True)
                return None
            meta = {"name": clean_name(name), "user": user, "size": size, "created": time.time()}
            meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        except BaseException:  # a broken stream or a full disk: no half-written upload stays behind
            self.delete(token)
            raise
        return Upload(token, meta["name"], user, size, data_path)

    def get(self, token: str, user: str) -> Upload | None:
        """The upload behind a token, if it exists, is fresh and belongs to ``user``."""
        if not TOKEN.match(token or ""):
            return None
        data_path, meta_path = self._paths(token)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if not isinstance(meta, dict) or not data_path.is_file() or meta.get("user") != user:
                return None
            created, name, size = float(meta.get("created", 0)), str(meta["name"]), int(meta.get("size", 0))
        except (OSError, ValueError, TypeError, KeyError):  # missing or damaged: as good as gone
            return None
        if time.time() - created > self.max_age:
            self.delete(token)
            return None
        return Upload(token, name, user, size, data_path)

    def delete(self, token: str) -> None:
        if TOKEN.match(token or ""):
            for path in self._paths(token):
                path.unlink(missing_ok=True)

    def purge(self) -> int:
        """Delete uploads older than the maximum age; returns how many files went."""
        if not self.folder.is_dir():
            return 0
        cutoff = time.time() - self.max_age
        removed = 0
        for path in self.folder.iterdir():
            try:
                if path.suffix in (".bin", ".json") and path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:  # another thread was faster
                continue
        return removed
