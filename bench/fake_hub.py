#!/usr/bin/env python3
"""A stand-in for the hub, to check regiebord-hub-load itself (not a hub: no database,
no validation, no authorisation). It answers the requests the load tool makes, on as
many kept-alive connections as the fd limit allows, from one asyncio event loop:

  GET  /v1/boards/B/snapshot          200, ETag "<seq>", a few open escalations
  GET  /v1/boards/B/changes?since=N   304 when N is the seq, else 200 {"seq": ...}
  POST /v1/boards/B/heartbeat         204
  POST /v1/boards/B/decisions         201; the seq moves on
  SIGUSR1                             the seq moves on (a change made from outside)

Usage: fake_hub.py [--listen 127.0.0.1:0] [--port-file F] [--delay-ms MS]
"""
import argparse
import asyncio
import json
import resource
import signal

state = {"seq": 1}


def answer(status, reason, body=b"", headers=()):
    lines = [f"HTTP/1.1 {status} {reason}", "Date: Thu, 01 Jan 2026 00:00:00 GMT"]
    lines += [f"{k}: {v}" for k, v in headers]
    if status not in (204, 304):
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def respond(method, target):
    seq = state["seq"]
    etag = ("ETag", f'"{seq}"')
    path, _, query = target.partition("?")
    if method == "GET" and path.endswith("/snapshot"):
        doc = {"format": "regiebord.snapshot.v1", "seq": seq,
               "escalations": [{"id": f"esc-{i:02d}", "status": "open"} for i in range(1, 6)]}
        return answer(200, "OK", json.dumps(doc).encode(), [etag])
    if method == "GET" and path.endswith("/changes"):
        if query == f"since={seq}":
            return answer(304, "Not Modified", headers=[etag])
        return answer(200, "OK", json.dumps({"format": "regiebord.changes.v1", "seq": seq}).encode(), [etag])
    if method == "POST" and path.endswith("/heartbeat"):
        return answer(204, "No Content")
    if method == "POST" and path.endswith("/decisions"):
        state["seq"] += 1
        return answer(201, "Created", b'{"decision": {}}')
    return answer(404, "Not Found", b'{"error": {"code": "not_found", "message": ""}}')


class Connection(asyncio.Protocol):
    delay = 0.0

    def connection_made(self, transport):
        self.transport = transport
        self.buffer = b""

    def data_received(self, data):
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end].decode("latin-1").split("\r\n")
            length = 0
            for line in head[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
            if len(self.buffer) < end + 4 + length:
                return
            self.buffer = self.buffer[end + 4 + length:]
            method, target, _ = head[0].split(" ", 2)
            reply = respond(method, target)
            if self.delay > 0:
                asyncio.get_running_loop().call_later(self.delay, self.send, reply)
            else:
                self.send(reply)

    def send(self, reply):
        if not self.transport.is_closing():
            self.transport.write(reply)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--listen", default="127.0.0.1:0")
    parser.add_argument("--port-file")
    parser.add_argument("--delay-ms", type=float, default=0)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    Connection.delay = args.delay_ms / 1000
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, lambda: state.__setitem__("seq", state["seq"] + 1))
    host, _, port = args.listen.rpartition(":")
    server = await loop.create_server(Connection, host, int(port), backlog=4096)
    bound = server.sockets[0].getsockname()[1]
    print(f"fake_hub listening on http://{host}:{bound}", flush=True)
    if args.port_file:
        with open(args.port_file, "w") as f:
            f.write(f"{bound}\n")
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
