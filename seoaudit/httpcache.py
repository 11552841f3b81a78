"""An on-disk HTTP cache for scans: validators plus bodies, so a re-scan of an unchanged site transfers little.

For each URL that answered ``200`` with an ``ETag`` or ``Last-Modified`` header, the cache
keeps the validators, the response headers and the (decoded) body, zlib-compressed, in
one SQLite file. The next request for that URL is conditional (``If-None-Match`` /
``If-Modified-Since``); a ``304 Not Modified`` is answered from the cache, so the server
sends headers only. Nothing is served without asking the server: the cache saves bytes,
never requests, so a changed page is always seen.

It is a cache, never a source of truth. An entry that cannot be read back (bad zlib
data, checksum mismatch, unreadable headers) is dropped and its URL fetched in full; a
file that is not a database is replaced; any other database failure switches the cache
off for the rest of the run (``note`` says why). Its size is bounded: past ``max_bytes``
of stored bodies the least recently used entries are evicted.

One connection behind a lock serves every fetch thread. Writes (new entries, refreshed
headers, evictions) go through one background thread in batched transactions, so a fetch
thread hands its response back without waiting for a commit: storing costs a request slot
nothing. ``flush()`` waits for queued writes; ``close()`` flushes. WAL plus a busy timeout
lets two scans share one file.
"""

from __future__ import annotations

import hashlib
import json
import queue
import sqlite3
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

CACHE_FILENAME = "http-cache.sqlite3"
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
#: After an eviction the cache holds at most this share of ``max_bytes`` (so it does not evict on every write).
EVICT_TO = 0.9
#: Writes waiting for the writer thread; a full queue makes fetch threads wait (memory stays bounded).
MAX_QUEUED_WRITES = 256
WRITE_BATCH = 64
SCHEMA_VERSION = "1"

#: Response headers that describe one transfer, not the representation: never stored or merged.
_TRANSFER_HEADERS = frozenset({
    "connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "date",
    "set-cookie", "proxy-authenticate", "trailer", "upgrade", "age",
})

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)",
    "CREATE TABLE IF NOT EXISTS entries (url TEXT PRIMARY KEY, status INTEGER NOT NULL, headers TEXT NOT NULL,"
    " body BLOB NOT NULL, size INTEGER NOT NULL, digest TEXT NOT NULL, used_at REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS entries_used ON entries(used_at)",
)


def default_cache_path(history_db: str | Path) -> Path:
    """The cache lives next to the history database: ``<its folder>/http-cache.sqlite3``."""
    return Path(history_db).parent / CACHE_FILENAME


def representation_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Lower-cased headers minus the per-transfer ones (what a 304 may update, RFC 9111 4.3.4)."""
    return {k.lower(): v for k, v in headers.items() if k.lower() not in _TRANSFER_HEADERS}


def is_cacheable(status: int, headers: Mapping[str, str]) -> bool:
    """A 200 with a validator, not marked ``no-store``: a later request can be made conditional."""
    if status != 200:
        return False
    if "no-store" in headers.get("cache-control", "").lower():
        return False
    return bool(headers.get("etag") or headers.get("last-modified"))


@dataclass(frozen=True)
class CachedResponse:
    url: str
    status: int
    headers: Mapping[str, str]  # lower-case names
    body: bytes

    def conditional_headers(self) -> dict[str, str]:
        """The request headers that ask the server "has this changed since?"."""
        out = {}
        if self.headers.get("etag"):
            out["If-None-Match"] = self.headers["etag"]
        if self.headers.get("last-modified"):
            out["If-Modified-Since"] = self.headers["last-modified"]
        return out


@dataclass
class CacheStats:
    hits: int = 0  # 304s answered from the cache
    stored: int = 0
    dropped: int = 0  # unreadable entries removed
    bytes_saved: int = 0  # body bytes the server did not have to send

    def to_dict(self) -> dict:
        return {"hits": self.hits, "stored": self.stored, "dropped": self.dropped, "bytes_saved": self.bytes_saved}


class HttpCache:
    """``get(url)`` before a request, ``put(...)`` after a 200, ``revalidated(...)`` after a 304."""

    def __init__(self, path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES):
        self.path = Path(path)
        self.max_bytes = max_bytes
        self.max_entry_bytes = max(1, max_bytes // 10)  # one huge page must not flush everything else
        self.stats = CacheStats()
        self.note: str | None = None  # why the cache was reset or switched off
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._size = 0
        self._writes: queue.Queue = queue.Queue(MAX_QUEUED_WRITES)
        self._writer: threading.Thread | None = None
        try:
            self._db = self._open()
        except (sqlite3.DatabaseError, OSError) as exc:
            if not isinstance(exc, sqlite3.DatabaseError) or not self._reset(exc):
                self._off(f"{self.path}: HTTP cache unavailable, pages fetched in full ({exc})")

    # ---- opening -----------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(str(self.path), timeout=30.0, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA busy_timeout = 30000")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            for statement in _SCHEMA:
                db.execute(statement)
            row = db.execute("SELECT value FROM meta WHERE name='schema'").fetchone()
            if row is None:
                db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            elif row[0] != SCHEMA_VERSION:
                db.execute("DELETE FROM entries")  # another layout: start empty rather than misread it
                db.execute("UPDATE meta SET value=? WHERE name='schema'", (SCHEMA_VERSION,))
            self._size = int(db.execute("SELECT COALESCE(SUM(size), 0) FROM entries").fetchone()[0])
        except BaseException:
            db.close()
            raise
        return db

    def _reset(self, exc: Exception) -> bool:
        """The file is not a usable database (truncated, overwritten): start a fresh one."""
        try:
            for suffix in ("", "-wal", "-shm"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)
            self._db = self._open()
        except (sqlite3.DatabaseError, OSError):
            return False
        self.note = f"{self.path}: HTTP cache was unreadable and has been reset ({exc})"
        return True

    def _off(self, note: str) -> None:
        self.note = note
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        self._db = None

    @property
    def enabled(self) -> bool:
        return self._db is not None

    # ---- use -----------------------------------------------------------------------------
    def get(self, url: str) -> CachedResponse | None:
        """The stored response for ``url`` if it reads back intact; None otherwise (never raises)."""
        with self._lock:
            if self._db is None:
                return None
            try:
                row = self._db.execute("SELECT status, headers, body, digest FROM entries WHERE url=?", (url,)).fetchone()
                if row is None:
                    return None
                entry = _decode(url, *row)
                if entry is None:
                    self._db.execute("DELETE FROM entries WHERE url=?", (url,))
                    self.stats.dropped += 1
                return entry
            except sqlite3.Error as exc:
                self._off(f"{self.path}: HTTP cache switched off after a database error ({exc})")
                return None

    def put(self, url: str, status: int, headers: Mapping[str, str], body: bytes) -> bool:
        """Queue a response for storing if it can be revalidated later; True when it will be stored."""
        headers = representation_headers(headers)
        if not self.enabled or not is_cacheable(status, headers) or len(body) > self.max_entry_bytes:
            return False
        self._write(("put", url, status, json.dumps(headers), body))
        return True

    def revalidated(self, entry: CachedResponse, headers_304: Mapping[str, str]) -> CachedResponse:
        """The server said 304: the stored body stands, with the headers the 304 updated."""
        merged = {**entry.headers, **representation_headers(headers_304)}
        with self._lock:
            self.stats.hits += 1
            self.stats.bytes_saved += len(entry.body)
        self._write(("touch", entry.url, json.dumps(merged)))
        return CachedResponse(entry.url, entry.status, merged, entry.body)

    def forget(self, url: str) -> None:
        """Drop an entry (its URL no longer answers with validators)."""
        self._write(("forget", url))

    def flush(self) -> None:
        """Wait until every queued write is in the database."""
        if self._writer is not None:
            self._writes.join()

    # ---- the writer thread -------------------------------------------------------------------
    def _write(self, item: tuple) -> None:
        if not self.enabled:
            return
        if self._writer is None:
            with self._lock:
                if self._writer is None:
                    self._writer = threading.Thread(target=self._write_loop, name="seoaudit-cache-writer", daemon=True)
                    self._writer.start()
        self._writes.put(item)

    def _write_loop(self) -> None:
        while True:
            batch = [self._writes.get()]
            while len(batch) < WRITE_BATCH:
                try:
                    batch.append(self._writes.get_nowait())
                except queue.Empty:
                    break
            stop = any(item is None for item in batch)
            try:
                self._apply([item for item in batch if item is not None])
            finally:
                for _ in batch:
                    self._writes.task_done()
            if stop:
                return

    def _apply(self, items: list[tuple]) -> None:
        """One transaction for a batch of writes (compression happens here, off the fetch threads)."""
        rows = []
        for item in items:
            if item[0] == "put":
                _, url, status, headers_json, body = item
                packed = zlib.compress(body, 6)
                rows.append(("put", url, (url, status, headers_json, packed, len(packed), _digest(body), time.time())))
            else:
                rows.append(item)
        with self._lock:
            if self._db is None or not rows:
                return
            try:
                self._db.execute("BEGIN IMMEDIATE")
                for row in rows:
                    self._apply_one(row)
                self._db.execute("COMMIT")
                if self._size > self.max_bytes:
                    self._evict()
            except sqlite3.Error as exc:
                self._off(f"{self.path}: HTTP cache switched off after a database error ({exc})")

    def _apply_one(self, row: tuple) -> None:
        kind, url = row[0], row[1]
        if kind == "put":
            values = row[2]
            old = self._db.execute("SELECT size FROM entries WHERE url=?", (url,)).fetchone()
            self._db.execute("INSERT OR REPLACE INTO entries VALUES (?,?,?,?,?,?,?)", values)
            self._size += values[4] - (old[0] if old else 0)
            self.stats.stored += 1
        elif kind == "touch":
            self._db.execute("UPDATE entries SET headers=?, used_at=? WHERE url=?", (row[2], time.time(), url))
        elif kind == "forget":
            old = self._db.execute("SELECT size FROM entries WHERE url=?", (url,)).fetchone()
            self._db.execute("DELETE FROM entries WHERE url=?", (url,))
            self._size -= old[0] if old else 0

    @property
    def size(self) -> int:
        """Bytes of stored (compressed) bodies."""
        return self._size

    def _evict(self) -> None:
        """Remove least recently used entries until the bodies fit in ``EVICT_TO * max_bytes``."""
        goal = int(self.max_bytes * EVICT_TO)
        doomed = []
        for url, size in self._db.execute("SELECT url, size FROM entries ORDER BY used_at"):
            if self._size <= goal:
                break
            doomed.append((url,))
            self._size -= size
        self._db.executemany("DELETE FROM entries WHERE url=?", doomed)

    def close(self) -> None:
        if self._writer is not None:
            self._writes.put(None)
            self._writer.join()
            self._writer = None
        with self._lock:
            if self._db is not None:
                try:
                    self._db.close()
                except sqlite3.Error:
                    pass
                self._db = None


def _digest(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def _decode(url: str, status, headers_json, packed, digest) -> CachedResponse | None:
    """A stored row as a response, or None when any part of it does not read back."""
    try:
        body = zlib.decompress(packed)
        headers = json.loads(headers_json)
    except (zlib.error, TypeError, ValueError):
        return None
    if _digest(body) != digest or not isinstance(headers, dict) or not isinstance(status, int):
        return None
    return CachedResponse(url=url, status=status, headers={str(k): str(v) for k, v in headers.items()}, body=body)
