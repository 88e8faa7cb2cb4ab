"""HTTP done right for stored files, whatever server runs Django.

- `Range` (RFC 9110 §14): a single byte range of a page PDF, an issue PDF or an image is
  answered with 206 and `Content-Range`; an unsatisfiable one with 416; `If-Range` with an
  old validator, or several ranges, get the whole file (200). Big issue PDFs load
  progressively in PDF viewers that ask for ranges.
- `HEAD` never sends a body (gunicorn, unlike Django's test client, sends what the view made),
  but keeps the `Content-Length` a GET would have.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import IO

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe


def read_only(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A route that only reads: GET and HEAD; any other method is answered 405 with `Allow`.

    The CSRF check is waived for it, because it would otherwise answer 403 to a method the
    route never takes, before the 405 could be given (no unsafe method ever reaches it)."""
    return csrf_exempt(require_safe(view))


_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def _size(response: FileResponse) -> int | None:
    length = response.get("Content-Length")
    return int(length) if length and length.isdigit() else None


def _slice(handle: IO[bytes], start: int, length: int) -> Iterator[bytes]:
    try:
        handle.seek(start)
        left = length
        while left > 0:
            chunk = handle.read(min(CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            yield chunk
    finally:
        handle.close()


UNSATISFIABLE = (-1, -1)


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """(start, end inclusive) of one range; None for a header to ignore (several ranges,
    malformed); UNSATISFIABLE for a range outside the file."""
    match = _RANGE.match(header.strip())
    if not match:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        count = int(last)
        if count == 0:
            return UNSATISFIABLE
        return max(0, size - count), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or (last and int(last) < start):
        return UNSATISFIABLE
    return start, end


def ranged(request: HttpRequest, response: FileResponse) -> HttpResponseBase:
    size = _size(response)
    response["Accept-Ranges"] = "bytes"
    header = request.headers.get("Range")
    if size is None or not header or request.method != "GET":
        return response
    condition = request.headers.get("If-Range")
    if condition and condition not in (response.get("ETag"), response.get("Last-Modified")):
        return response  # the reader's part is of another version: send it whole
    wanted = parse_range(header, size)
    if wanted is None:
        return response
    handle = response.file_to_stream
    if wanted == UNSATISFIABLE or handle is None or not hasattr(handle, "seek"):
        if handle is not None:
            handle.close()
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        return refused
    start, end = wanted
    partial = StreamingHttpResponse(_slice(handle, start, end - start + 1), status=206)
    for key, value in response.items():
        if key.lower() not in ("content-length",):
            partial[key] = value
    partial["Content-Range"] = f"bytes {start}-{end}/{size}"
    partial["Content-Length"] = str(end - start + 1)
    return partial


def _without_body(response: HttpResponseBase) -> HttpResponseBase:
    if isinstance(response, StreamingHttpResponse):
        close = getattr(response, "file_to_stream", None)
        if close is not None:
            close.close()
        response.streaming_content = iter(())
    elif isinstance(response, HttpResponse):
        if "Content-Length" not in response:
            response["Content-Length"] = str(len(response.content))
        response.content = b""
    return response


class FileRangesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if isinstance(response, FileResponse) and response.status_code == 200:
            response = ranged(request, response)
        if request.method == "HEAD":
            length = response.get("Content-Length")
            response = _without_body(response)
            if length:
                response["Content-Length"] = length
        return response
