#!/usr/bin/python3
# rtsp-sim.py — a camera simulator for the tests: a real RTSP server (GStreamer's
# rtsp-server through python3-gi) serving MPEG-TS clips in a loop, one mount per camera.
#
#   /usr/bin/python3 rtsp-sim.py --port PORT [--auth USER:PASS[:basic|digest]]
#       [--shared] [--tag TEXT] --mount NAME=FILE.ts [--mount NAME=FILE.ts ...]
#
# Each mount plays its clip from the start for every client and loops it with
# continuous timestamps (multifilesrc loop + tsdemux), like a camera that never
# stops; with --shared, one pipeline per mount serves every client from where it
# is (so a hundred cameras cost the simulator one stream, for make bench-scale).
# Video H.264, H.265 or MPEG-4 part 2 (a codec vigil refuses), AAC
# audio when the clip has it.  Prints "ready PORT" once listening; SIGTERM ends
# it.  Stop and start it again on the same port to simulate a camera dropping;
# SIGSTOP/SIGCONT freeze it with the connections open.  --tag is ignored: it
# puts the test's directory in the command line so leftovers can be found.
import argparse
import json
import signal
import subprocess
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

VIDEO = {
    "h264": "h264parse ! rtph264pay name=pay0 pt=96 config-interval=-1",
    "hevc": "h265parse ! rtph265pay name=pay0 pt=96 config-interval=-1",
    "mpeg4": "mpeg4videoparse ! rtpmp4vpay name=pay0 pt=96 config-interval=-1",
}


def probe(path):
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_streams", "-of", "json", path],
        check=True, capture_output=True, text=True).stdout
    streams = json.loads(out)["streams"]
    video = [s["codec_name"] for s in streams if s["codec_type"] == "video"]
    audio = [s["codec_name"] for s in streams if s["codec_type"] == "audio"]
    return (video[0] if video else None), (audio[0] if audio else None)


def launch_line(path):
    video, audio = probe(path)
    src = ("multifilesrc location=%s loop=true "
           "caps=\"video/mpegts,systemstream=(boolean)true,packetsize=(int)188\" "
           "! tsdemux name=d" % path)
    parts = [src]
    pay = 0
    if video:
        if video not in VIDEO:
            sys.exit("rtsp-sim: %s: video codec %s is not supported" % (path, video))
        parts.append("d. ! queue ! " + VIDEO[video])
        pay = 1
    if audio == "aac":
        parts.append("d. ! queue ! aacparse ! rtpmp4gpay name=pay%d pt=97" % pay)
    return "( " + " ".join(parts) + " )"


def not_seekable(pad, info):
    # Clients send "Range: npt=0-" with PLAY; a looping demuxer cannot seek,
    # so the media says it is not seekable and the server skips the seek.
    q = info.get_query()
    if q is not None and q.type == Gst.QueryType.SEEKING:
        return Gst.PadProbeReturn.HANDLED
    return Gst.PadProbeReturn.OK


def on_configure(factory, media):
    bin_ = media.get_element()
    it = bin_.iterate_recurse()
    while True:
        ok, el = it.next()
        if ok != Gst.IteratorResult.OK:
            break
        if el.get_name().startswith("pay"):
            el.get_static_pad("src").add_probe(Gst.PadProbeType.QUERY_UPSTREAM, not_seekable)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", required=True)
    ap.add_argument("--auth")
    ap.add_argument("--tag")
    ap.add_argument("--shared", action="store_true")
    ap.add_argument("--mount", action="append", required=True)
    a = ap.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(a.port)
    mounts = server.get_mount_points()
    if a.auth:
        user, pw, *kind = a.auth.split(":")
        auth = GstRtspServer.RTSPAuth()
        tok = GstRtspServer.RTSPToken.new()
        tok.set_string("media.factory.role", "user")
        if kind and kind[0] == "digest":
            auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
            auth.add_digest(user, pw, tok)
        else:
            auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, pw), tok)
        server.set_auth(auth)
    for m in a.mount:
        name, path = m.split("=", 1)
        f = GstRtspServer.RTSPMediaFactory()
        f.set_launch(launch_line(path))
        f.set_shared(a.shared)
        f.connect("media-configure", on_configure)
        if a.auth:
            f.add_role_from_structure(Gst.Structure.new_from_string(
                "user, media.factory.access=(boolean)true, "
                "media.factory.construct=(boolean)true"))
        mounts.add_factory("/" + name, f)
    if server.attach(None) == 0:
        sys.exit("rtsp-sim: cannot listen on port %s" % a.port)
    loop = GLib.MainLoop()
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, loop.quit)
    print("ready", a.port, flush=True)
    loop.run()


main()
