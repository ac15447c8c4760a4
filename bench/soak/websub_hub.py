"""A WebSub hub on loopback for the soak benchmark, written from the W3C WebSub spec.

- Subscription request: a form POST with hub.mode (subscribe / unsubscribe), hub.topic,
  hub.callback, hub.lease_seconds and hub.secret, answered 202 Accepted (400 when a field is
  missing or wrong).
- Intent verification, after the answer: a GET to the callback with hub.mode, hub.topic,
  hub.challenge (random) and hub.lease_seconds; the subscription becomes active only when the
  subscriber answers 2xx with the challenge as its whole body.
- Content distribution: publish(topic, body) POSTs the body to every active subscriber of
  the topic with the topic's content type, Link headers naming the hub and the topic
  (rel="hub", rel="self") and X-Hub-Signature: sha256=<HMAC-SHA256 of the body under that
  subscriber's hub.secret>. Pushes go out from a worker thread, so the publisher never waits.
"""

import hashlib
import hmac
import queue
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Hub:
    def __init__(self, host="127.0.0.1"):
        self.lock = threading.Lock()
        self.active = {}  # topic -> {callback: secret}
        self.activated_at = {}  # topic -> time.monotonic() its first subscription verified
        self.counts = {"requests": 0, "verified": 0, "refused_verification": 0,
                       "pushes": 0, "push_failures": 0}
        self.outbox = queue.Queue()
        self.server = ThreadingHTTPServer((host, 0), self._handler())
        self.url = "http://%s:%d/" % (host, self.server.server_address[1])
        for target in (lambda: self.server.serve_forever(poll_interval=0.2), self._pusher):
            threading.Thread(target=target, daemon=True).start()

    def shutdown(self):
        self.outbox.put(None)
        self.server.shutdown()

    def is_active(self, topic):
        with self.lock:
            return bool(self.active.get(topic))

    def publish(self, topic, body, content_type):
        """The publisher's ping: distribute the topic's new content to its subscribers."""
        with self.lock:
            subscribers = list(self.active.get(topic, {}).items())
        for callback, secret in subscribers:
            self.outbox.put((topic, callback, secret, body, content_type))

    def _pusher(self):
        while True:
            job = self.outbox.get()
            if job is None:
                return
            topic, callback, secret, body, content_type = job
            signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
            request = urllib.request.Request(callback, data=body, method="POST", headers={
                "Content-Type": content_type,
                "Link": '<%s>; rel="hub", <%s>; rel="self"' % (self.url, topic),
                "X-Hub-Signature": "sha256=" + signature})
            try:
                with urllib.request.urlopen(request, timeout=10) as reply:
                    ok = 200 <= reply.status < 300
            except (urllib.error.URLError, OSError):
                ok = False
            with self.lock:
                self.counts["pushes" if ok else "push_failures"] += 1

    def _verify(self, mode, topic, callback, secret, lease):
        challenge = secrets.token_hex(16)
        query = urllib.parse.urlencode({"hub.mode": mode, "hub.topic": topic,
                                        "hub.challenge": challenge, "hub.lease_seconds": lease})
        separator = "&" if "?" in callback else "?"
        try:
            with urllib.request.urlopen(callback + separator + query, timeout=10) as reply:
                confirmed = 200 <= reply.status < 300 and reply.read().decode() == challenge
        except (urllib.error.URLError, OSError):
            confirmed = False
        with self.lock:
            if not confirmed:
                self.counts["refused_verification"] += 1
                return
            self.counts["verified"] += 1
            subscribers = self.active.setdefault(topic, {})
            if mode == "subscribe":
                subscribers[callback] = secret
                self.activated_at.setdefault(topic, time.monotonic())
            else:
                subscribers.pop(callback, None)

    def _handler(self):
        hub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def answer(self, status, text=""):
                body = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                field = lambda name: form.get(name, [""])[0]
                mode, topic, callback = field("hub.mode"), field("hub.topic"), field("hub.callback")
                with hub.lock:
                    hub.counts["requests"] += 1
                if mode not in ("subscribe", "unsubscribe") or not topic or \
                        not callback.startswith(("http://", "https://")):
                    return self.answer(400, "hub.mode, hub.topic and an http(s) hub.callback "
                                            "are required")
                self.answer(202)
                threading.Thread(target=hub._verify, daemon=True, args=(
                    mode, topic, callback, field("hub.secret"),
                    field("hub.lease_seconds") or "86400")).start()

        return Handler
