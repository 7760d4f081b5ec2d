"""Request bodies as the hall reads them: raw (the signature covers the bytes as sent) and refused as
soon as they pass the limit, before anything is parsed or held in memory."""

from __future__ import annotations

from fastapi import Request

MAX_BODY = 16 * 1024  # every hall request is a few hundred bytes


class BodyRefused(Exception):
    """A body too large or not what the route takes: a 413 or 422 with a reason, never a 500."""

    def __init__(self, status: int, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.reason, self.detail = status, reason, detail


async def read_limited(request: Request) -> bytes:
    """The raw body, refused as soon as it passes ``MAX_BODY`` (never read whole into memory)."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
        raise BodyRefused(413, "body_too_large", f"a hall request body is at most {MAX_BODY} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise BodyRefused(413, "body_too_large", f"a hall request body is at most {MAX_BODY} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
