"""schemathesis hooks for scripts/api-conformance.

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
