#!/usr/bin/python3
# notify-listen.py SOCKET LOG — plays systemd's side of sd_notify: binds a datagram
# socket (a path, or @name for an abstract one) and appends each message it gets to
# LOG as one line (newlines inside a message become "|"); prints "ready" once bound.
import os
import socket
import sys

path, log = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("\0" + path[1:] if path.startswith("@") else path)
print("ready", flush=True)
with open(log, "a", buffering=1) as out:
    while True:
        msg = s.recv(4096).decode("utf-8", "replace")
        out.write(msg.replace("\n", "|") + "\n")
