# lib-export.sh — helpers for the export tests: footage at a given time, downloads with
# the real OpenSSH scp and sftp, and damaging a bundle.  Source after lib.sh (and
# lib-ssh.sh or lib-gov.sh for the downloads).

EXPORT_CLIPS="${VIGIL_CLIP_CACHE:-$SRC/build/test-clips}"

# police_copy_site : a default-profile site (gov_site) for a copy the police
# ask for: camera gate-1; sh and sh2, security heads (one files, one
# approves); gu, a guard; it, ICT (who exports); liaison, the police's.
police_copy_site() {
	gov_site default
	camera gate-1 public entrance security
	user sh security_head security
	user sh2 security_head security
	user gu guard security
	user it ict ict
	user liaison police_liaison "" police
}
mkdir -p "$EXPORT_CLIPS"

# export_clip NAME : a clip as cameras send them, made with ffmpeg on first use, MP4 so
# that every stream's parameters are known from its first segment:
#   h264   320x240 25 fps H.264 high profile with B-frames, AAC mono, 20 s
#   h265   320x240 25 fps H.265 with B-frames, no audio, 20 s
#   hd     1920x1080 25 fps H.264 at 4 Mbit/s, keyframe every 2 s, AAC, 60 s (bench)
export_clip() {
	local out="$EXPORT_CLIPS/export-$1-v1.mp4" tmp
	if [ -s "$out" ]; then
		echo "$out"
		return
	fi
	tmp="$out.tmp.$$.mp4"
	local f=(ffmpeg -nostdin -hide_banner -loglevel error -y)
	case $1 in
	h264) "${f[@]}" -f lavfi -i testsrc2=s=320x240:r=25:d=20 -f lavfi -i sine=f=440:r=48000:d=20 \
		-c:v libx264 -preset veryfast -profile:v high -bf 3 -g 50 -pix_fmt yuv420p \
		-c:a aac -b:a 64k -movflags +faststart "$tmp" ;;
	h265) "${f[@]}" -f lavfi -i testsrc2=s=320x240:r=25:d=20 -c:v libx265 -preset ultrafast \
		-x265-params "keyint=50:bframes=3:log-level=error" -pix_fmt yuv420p \
		-movflags +faststart "$tmp" ;;
	hd) "${f[@]}" -f lavfi -i testsrc2=s=1920x1080:r=25:d=60 -f lavfi -i sine=f=440:r=48000:d=60 \
		-c:v libx264 -preset ultrafast -bf 0 -g 50 -b:v 4M -maxrate 4M -bufsize 4M \
		-pix_fmt yuv420p -c:a aac -b:a 64k -movflags +faststart "$tmp" ;;
	*) fail "no clip recipe \"$1\"" ;;
	esac
	mv "$tmp" "$out"
	echo "$out"
}

# footage CAMERA CLIP "YYYY-MM-DD HH:MM:SS" N SECONDS : N segments of the camera from that
# time (UTC), as the recorder writes and indexes them (tests/tools/footage.py).
footage() {
	/usr/bin/python3 "$SRC/tests/tools/footage.py" --site "$T/site" --camera "$1" \
	    --clip "$(export_clip "$2")" --start "$3" --segments "$4" --seconds "$5" ||
	    fail "cannot make footage for $1"
}

# The OpenSSH options to reach vigil serve as LOGIN with its key.
dl_opts() {
	printf '%s\n' "${SSH_OPTS[@]}" -i "$T/$1" -o BatchMode=yes
}

# dl_scp LOGIN REMOTE LOCAL [OPTION...] : modern scp (SFTP underneath); dl_scp_legacy: scp -O.
dl_scp() {
	local o
	mapfile -t o < <(dl_opts "$1")
	scp "${@:4}" "${o[@]}" -P "$SSH_PORT" "$1@127.0.0.1:$2" "$3"
}

dl_scp_legacy() {
	local o
	mapfile -t o < <(dl_opts "$1")
	scp -O "${o[@]}" -P "$SSH_PORT" "$1@127.0.0.1:$2" "$3"
}

# dl_scp_recursive LOGIN REMOTE LOCAL [OPTION...] : scp -O -r.
dl_scp_recursive() {
	local o
	mapfile -t o < <(dl_opts "$1")
	scp -O -r "${@:4}" "${o[@]}" -P "$SSH_PORT" "$1@127.0.0.1:$2" "$3"
}

# up_scp_legacy LOGIN LOCAL REMOTE, up_scp_recursive, up_scp : uploads, which must be refused.
up_scp_legacy() {
	local o
	mapfile -t o < <(dl_opts "$1")
	scp -O "${o[@]}" -P "$SSH_PORT" "$2" "$1@127.0.0.1:$3"
}

up_scp_recursive() {
	local o
	mapfile -t o < <(dl_opts "$1")
	scp -O -r "${o[@]}" -P "$SSH_PORT" "$2" "$1@127.0.0.1:$3"
}

up_scp() {
	local o
	mapfile -t o < <(dl_opts "$1")
	scp "${o[@]}" -P "$SSH_PORT" "$2" "$1@127.0.0.1:$3"
}

# dl_sftp LOGIN COMMANDS : sftp in batch mode (one command a line); exit 1 when one fails.
dl_sftp() {
	local o
	mapfile -t o < <(dl_opts "$1")
	printf '%s\n' "$2" | sftp "${o[@]}" -P "$SSH_PORT" -b - "$1@127.0.0.1"
}

# flip FILE OFFSET : one byte of FILE changed in place.
flip() {
	/usr/bin/python3 - "$1" "$2" <<'EOF'
import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(int(sys.argv[2]))
    b = f.read(1)
    f.seek(int(sys.argv[2]))
    f.write(bytes([b[0] ^ 0x01]))
EOF
}

# member_offset TAR NAME : where a member's data starts in the tar.
member_offset() {
	/usr/bin/python3 - "$1" "$2" <<'EOF'
import sys, tarfile
with tarfile.open(sys.argv[1]) as t:
    for m in t.getmembers():
        if m.name.endswith("/" + sys.argv[2]):
            print(m.offset_data)
            break
EOF
}

# tar_without TAR NAME OUT : the tar with one member left out, every other byte as it was
# (so that only its absence is wrong); tar_swap TAR A B OUT swaps two members' places.
tar_without() {
	/usr/bin/python3 "$SRC/tests/tools/tarblocks.py" drop "$1" "$2" "$3"
}

tar_swap() {
	/usr/bin/python3 "$SRC/tests/tools/tarblocks.py" swap "$1" "$2" "$3" "$4"
}
