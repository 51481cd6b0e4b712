"""A real portal server in a subprocess (``innrapportering portal start``), and plain HTTP uploads to it."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data: Path, port: int, env: dict | None = None) -> subprocess.Popen:
    environment = {**os.environ, **(env or {})}
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "portal", "start", "--data", str(data),
                                "--port", str(port)], env=environment, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(f"portalen startet ikke: {process.stderr.read().decode()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("portalen svarte ikke")


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"fil\"; filename=\"{name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def post_workbook(port: int, token: str, name: str, data: bytes, timeout: float = 60) -> tuple[int, dict]:
    body, content_type = multipart(name, data)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("POST", "/api/v1/innsendinger", body,
                           {"Authorization": f"Bearer {token}", "Content-Type": content_type})
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()
