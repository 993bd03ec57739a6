#!/usr/bin/env python3
"""Runs one SQL statement on the database a DATABASE_URL names and prints the
rows, tab-separated: the benchmark and crash scripts use it to prepare data and
to check what the server left behind, on SQLite and on PostgreSQL alike.

    bench/sql.py DATABASE_URL "SELECT COUNT(*) FROM enrollments"
"""
import sqlite3
import subprocess
import sys


def run(url: str, sql: str) -> list[list[str]]:
    if url.startswith("sqlite://"):
        path = url.removeprefix("sqlite://").split("?")[0]
        with sqlite3.connect(path, timeout=30) as connection:
            rows = connection.execute(sql).fetchall()
        return [["" if value is None else str(value) for value in row] for row in rows]
    if url.startswith(("postgres://", "postgresql://")):
        out = subprocess.run(
            ["psql", url, "-v", "ON_ERROR_STOP=1", "-At", "-F", "\t", "-c", sql],
            check=True, capture_output=True, text=True,
        ).stdout
        return [line.split("\t") for line in out.splitlines() if line]
    raise SystemExit(f"sql.py: unsupported database URL {url!r}")


if __name__ == "__main__":
    for row in run(sys.argv[1], sys.argv[2]):
        print("\t".join(row))
