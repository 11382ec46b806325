#!/usr/bin/python3
# rtsp-proxy.py — a camera's quirks in front of the simulator: an RTSP-over-TCP proxy
# that passes the conversation through and bends the interleaved RTP on the way.
#
#   /usr/bin/python3 rtsp-proxy.py --port PORT --to HOST:PORT [--tag TEXT]
#       [--delay CH:MS]... [--ts-jump CH:SECONDS:EVERY]... [--drop-every N]
#
#   --delay CH:MS            frames of interleaved channel CH reach the client MS
#                            milliseconds late (a camera that sends its sound in
#                            bigger, later bursts; RTCP is left as it is)
#   --ts-jump CH:SECS:EVERY  every EVERY seconds the RTP timestamps of channel CH
#                            jump by SECS seconds (negative: back), as a camera
#                            whose clock restarts does; the clock rate comes
#                            from the SDP the camera sent
#   --drop-every N           closes each client connection after N seconds (a
#                            camera that drops; the client reconnects)
#
# Prints "ready PORT" once listening; SIGTERM ends it.  --tag is ignored (it puts
# the test's directory in the command line so leftovers can be found).
import argparse
import asyncio
import re
import signal
import struct
import time


class Bend:
    def __init__(self, a):
        self.delay = {}
        for d in a.delay:
            ch, ms = d.split(":")
            self.delay[int(ch)] = int(ms) / 1000
        self.jumps = {}
        for j in a.ts_jump:
            ch, secs, every = j.split(":")
            self.jumps[int(ch)] = (float(secs), float(every))
        self.drop_every = a.drop_every


def clock_rates(sdp):
    """RTP clock rate of each media section, in order."""
    rates = []
    for line in sdp.splitlines():
        if line.startswith("m="):
            rates.append(90000)
        m = re.match(r"a=rtpmap:\d+ [^/]+/(\d+)", line)
        if m and rates:
            rates[-1] = int(m.group(1))
    return rates


async def camera_to_client(creader, cwriter, bend, state):
    """Responses pass through; interleaved frames are bent and may be delayed."""
    buf = b""
    start = time.monotonic()
    pending = []	# (due, bytes)

    async def flush(now):
        while pending and pending[0][0] <= now:
            cwriter.write(pending.pop(0)[1])
        await cwriter.drain()

    while True:
        try:
            data = await asyncio.wait_for(creader.read(65536), 0.02)
        except asyncio.TimeoutError:
            data = None
        now = time.monotonic()
        if data == b"":
            break
        if bend.drop_every and now - start > bend.drop_every:
            break
        if data:
            buf += data
        while True:
            if buf[:1] == b"$" and len(buf) >= 4:
                n = struct.unpack(">H", buf[2:4])[0]
                if len(buf) < 4 + n:
                    break
                ch, frame = buf[1], bytearray(buf[:4 + n])
                buf = buf[4 + n:]
                jump = bend.jumps.get(ch)
                if jump and len(frame) >= 12:
                    rate = state["rates"][ch // 2] if ch // 2 < len(state["rates"]) else 90000
                    ts = struct.unpack(">I", frame[8:12])[0]
                    # A camera's clock restarts between frames, never inside
                    # one: the packets of a frame (one timestamp) keep the
                    # step the frame's first packet got.
                    last = state["jumped"].get(ch)
                    if last is None or last[0] != ts:
                        last = (ts, int((now - start) / jump[1]))
                        state["jumped"][ch] = last
                    ts = (ts + int(last[1] * jump[0] * rate)) & 0xffffffff
                    frame[8:12] = struct.pack(">I", ts)
                pending.append((now + bend.delay.get(ch, 0), bytes(frame)))
                continue
            end = buf.find(b"\r\n\r\n")
            if buf[:4] == b"RTSP" and end >= 0:
                head = buf[:end + 4]
                m = re.search(rb"Content-Length:\s*(\d+)", head, re.I)
                n = int(m.group(1)) if m else 0
                if len(buf) < end + 4 + n:
                    break
                body = buf[end + 4:end + 4 + n]
                if b"application/sdp" in head:
                    state["rates"] = clock_rates(body.decode(errors="replace"))
                pending.append((now, buf[:end + 4 + n]))
                buf = buf[end + 4 + n:]
                continue
            if buf and buf[:1] != b"$" and buf[:4] != b"RTSP"[:len(buf[:4])]:
                pending.append((now, buf))	# not ours to understand
                buf = b""
            break
        pending.sort(key=lambda p: p[0])
        await flush(now)
    cwriter.close()


async def client_to_camera(reader, writer):
    while True:
        data = await reader.read(65536)
        if not data:
            break
        writer.write(data)
        await writer.drain()
    writer.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", required=True, type=int)
    ap.add_argument("--to", required=True)
    ap.add_argument("--tag")
    ap.add_argument("--delay", action="append", default=[])
    ap.add_argument("--ts-jump", action="append", default=[])
    ap.add_argument("--drop-every", type=float, default=0)
    a = ap.parse_args()
    bend = Bend(a)
    host, port = a.to.rsplit(":", 1)

    async def handle(reader, writer):
        try:
            creader, cwriter = await asyncio.open_connection(host, int(port))
        except OSError:
            writer.close()
            return
        state = {"rates": [], "jumped": {}}
        up = asyncio.ensure_future(client_to_camera(reader, cwriter))
        try:
            await camera_to_client(creader, writer, bend, state)
        except (ConnectionError, OSError):
            pass
        up.cancel()
        cwriter.close()
        writer.close()

    async def serve():
        server = await asyncio.start_server(handle, "127.0.0.1", a.port)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        loop.add_signal_handler(signal.SIGINT, stop.set)
        print("ready", a.port, flush=True)
        await stop.wait()
        server.close()

    asyncio.run(serve())


main()
