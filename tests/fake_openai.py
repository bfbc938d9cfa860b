"""A small OpenAI-compatible HTTP server on 127.0.0.1 for tests: chat completions (SSE streaming too),
embeddings and models. Tests script its replies and read the requests it received."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import numpy as np


class FakeOpenAI:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        # reply(request) -> text; by default an answer that cites source [1]
        self.reply: Callable[[dict[str, Any]], str] = lambda req: "It happened [1]."
        self.fail_status: int | None = None
        self.fail_times = 0  # with fail_status: fail only this many requests, then answer (0: fail all)
        self.fail_after = 0  # with fail_status: answer this many requests first, then fail (0: no such grace)
        self.garbage = False  # answer 200 with a body that is not JSON
        self.delay = 0.0  # seconds before answering
        self.word_delay = 0.0  # seconds between streamed words (to watch streaming in a browser)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _json(self, status: int, obj: Any) -> None:
                body = json.dumps(obj).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                if self.path.endswith("/models"):
                    self._json(200, {"object": "list", "data": [{"id": "fake-model", "object": "model"}]})
                else:
                    self._json(404, {"error": {"message": "not found"}})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                req = json.loads(self.rfile.read(length) or b"{}")
                req["_path"] = self.path
                server.requests.append(req)
                if server.delay:
                    time.sleep(server.delay)
                failing = (len(server.requests) > server.fail_after if server.fail_after
                           else not server.fail_times or len(server.requests) <= server.fail_times)
                if server.fail_status and failing:
                    self._json(server.fail_status, {"error": {"message": "scripted failure", "type": "server_error"}})
                    return
                if server.garbage:
                    body = b"<html>502 Bad Gateway</html>"
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                if self.path.endswith("/embeddings"):
                    inputs = req["input"] if isinstance(req["input"], list) else [req["input"]]
                    data = []
                    for i, text in enumerate(inputs):
                        seed = int(hashlib.sha1(str(text).encode()).hexdigest()[:8], 16)
                        vec = np.random.default_rng(seed).normal(size=16)
                        data.append({"object": "embedding", "index": i, "embedding": vec.tolist()})
                    self._json(200, {"object": "list", "data": data, "model": req.get("model"),
                                     "usage": {"prompt_tokens": 1, "total_tokens": 1}})
                    return
                if self.path.endswith("/chat/completions"):
                    text = server.reply(req)
                    if req.get("stream"):
                        self.send_response(200)
                        self.send_header("Content-Type", "text/event-stream")
                        self.end_headers()
                        words = text.split(" ")
                        for i, word in enumerate(words):
                            piece = word if i == 0 else " " + word
                            chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": "fake-model",
                                     "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                            self.wfile.flush()
                            if server.word_delay:
                                time.sleep(server.word_delay)
                        end = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": "fake-model",
                               "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
                        self.wfile.write(f"data: {json.dumps(end)}\n\ndata: [DONE]\n\n".encode())
                        self.wfile.flush()
                        return
                    self._json(200, {
                        "id": "c1", "object": "chat.completion", "created": 0, "model": "fake-model",
                        "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                                     "finish_reason": "stop"}],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                    })
                    return
                self._json(404, {"error": {"message": "not found"}})

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self._httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def chat_requests(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["_path"].endswith("/chat/completions")]
