"""schemathesis hooks for scripts/api-conformance.

A run's fields must agree with each other (it ends after it starts, an
online run has no venue and an in-person one has one, the minimum is at most
the capacity), which no JSON Schema can say, and Kurso rightly answers a
request whose own fields disagree with 422 (tests/api/api_course_writes.rs
covers that). So a generated valid run is made to agree, as a real client's
would: only the fields sent together are adjusted.

An Idempotency-Key names one request: a client makes a new key (a UUID) for
each request and sends a key again only with that same request. Generated
keys repeat across operations ("0" is a favourite), and Kurso rightly answers
a key reused for another request with 422 (tests/api/api_enrollments.rs covers
that), so every well-formed generated key is replaced by a fresh UUID, as a
real client's would be. Malformed keys are left as generated: they must still
get a 400.
"""

import re
import uuid
from datetime import datetime, timedelta

import schemathesis

WELL_FORMED_KEY = re.compile(r"[!-~]{1,255}")


@schemathesis.hook
def before_call(context, case, kwargs):
    # A negative case is left alone: an edit makes schemathesis re-check the
    # case, which would turn a "header left out" case back into a valid one.
    if case.meta is not None and case.meta.generation.mode.is_negative:
        return
    headers = case.headers or {}
    for name, value in list(headers.items()):
        if name.lower() == "idempotency-key" and isinstance(value, str) and WELL_FORMED_KEY.fullmatch(value):
            headers[name] = str(uuid.uuid4())
    if case.path in ("/runs", "/runs/{id}") and case.method.upper() in ("POST", "PATCH"):
        make_run_agree(case.body, whole=case.method.upper() == "POST")


def instant(text):
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return None


def make_run_agree(body, whole):
    """`whole`: the body is a whole run (POST); else a change (PATCH), whose
    fields agree with the stored run only by chance (409 when they do not)."""
    if not isinstance(body, dict):
        return
    starts, ends = instant(body.get("starts_at")), instant(body.get("ends_at"))
    try:
        if starts is not None and ends is not None and ends <= starts:
            try:
                body["ends_at"] = (starts + timedelta(hours=8)).isoformat()
            except OverflowError:
                body["starts_at"] = (ends - timedelta(hours=8)).isoformat()
    except TypeError:  # one without an offset: left as generated
        pass
    if "mode" in body and ("venue_id" in body or whole):
        if body["mode"] == "online":
            body["venue_id"] = None
        elif body.get("venue_id") is None:
            body["venue_id"] = 1
    capacity, minimum = body.get("capacity"), body.get("min_to_run")
    numbers = (int, float)
    if isinstance(capacity, numbers) and isinstance(minimum, numbers) and minimum > capacity:
        body["min_to_run"] = capacity
