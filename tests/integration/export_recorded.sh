# export_recorded.sh — footage the recorder wrote (H.264 with AAC over UDP, H.265) exports
# into a bundle vigil verify accepts, its joined videos holding exactly the segments' packets.
# timeout: 300
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"
rec_site
sim_start a yard=aac hall=h265
cam_add yard "$(sim_url a yard)" --transport udp
cam_add hall "$(sim_url a hall)"
for u in "sh security_head security" "sh2 security_head security" "gu guard security" \
    "it ict ict" "liaison police_liaison - police"; do
	set -- $u
	args=(--role "$2")
	if [ -n "${3:-}" ] && [ "$3" != - ]; then args+=(--unit "$3"); fi
	if [ -n "${4:-}" ]; then args+=(--agency "$4"); fi
	printf 'correct horse battery\n' | "$VIGIL" admin user add "$1" --name "$1" "${args[@]}" \
	    --password-stdin >/dev/null || fail "cannot add $1"
	"$VIGIL" admin authorize "$1" --trained-on 2020-01-01 --until 2099-09-01 >/dev/null
done

rec_start
wait_segments yard 5
wait_segments hall 5
rec_stop
as() {
	local who=$1
	shift
	"$VIGIL" exec --user "$who" "$@"
}
t() {	# t MICROSECONDS : the site's time format (UTC here)
	date -u -d "@$(($1 / 1000000))" '+%Y-%m-%d %H:%M:%S'
}
frames() {	# frames FILE : video frames that decode
	ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames \
	    -of csv=p=0 "$1"
}
from=$(t "$(sql "SELECT MIN(start_us) FROM segments")")
to=$(t "$(( $(sql "SELECT MAX(end_us) FROM segments") + 1000000 ))")
sleep 1	# the range must lie in the past

note "a copy of what was recorded, handed over and exported"
expect_status 0 as sh request new --requester-kind external --agency police --letter L \
    --officer "Officer Ma" --officer-id M1 --kind copy --camera yard,hall --from "$from" \
    --to "$to" --purpose investigation --reason "recorded footage"
R=$(head -n 1 "$T/out")
expect_status 0 as sh2 approve "$R"
expect_status 0 as gu viewing start "$R" --viewer "Officer Ma:M1" --declare-not-involved
expect_status 0 as gu viewing end "$(head -n 1 "$T/out")" --copied --destination police \
    --recipient "Officer Ma:M1"
expect_status 0 as it export create "$R" --recipient liaison
F="$T/site/exports/$(head -n 1 "$T/out")"
n=$(sql "SELECT COUNT(*) FROM segments")
expect_out "2 cameras, $n segments"

note "vigil verify: signature, hashes, chains, and the joined videos' packets"
expect_status 0 "$VIGIL" verify "$F"
expect_out "2 cameras: $n segments in unbroken hash chains; 2 joined videos hold exactly their segments' packets"
mkdir "$T/x"
tar -C "$T/x" -xf "$F"
for cam in yard hall; do
	v="$T/x/$R-E1/video/$cam.mp4"
	ffprobe -v error -show_entries stream=codec_name -of csv=p=0 "$v" | tr '\n' ' ' >"$T/probe"
	case $cam in
	yard) want="h264 aac " ;;
	hall) want="hevc " ;;
	esac
	[ "$(cat "$T/probe")" = "$want" ] || fail "video/$cam.mp4 has \"$(cat "$T/probe")\", not \"$want\""
	# It plays through: every frame decodes.  (Timestamps the recorder nudged by a tick
	# where a camera sent them out of order are copied as they are; ffmpeg's null
	# muxer grumbles about those, which is not a decoding error.)
	ffmpeg -nostdin -v error -i "$v" -f null - 2>&1 |
	    grep -v -e "non monotonically increasing dts" -e "Last message repeated" >"$T/dec" || true
	[ ! -s "$T/dec" ] || fail "video/$cam.mp4 decodes with errors: $(head -n 5 "$T/dec")"
	# As many frames play as from the segments themselves (a camera over UDP may
	# have sent a frame that decodes in neither).
	want=0
	for seg in "$T/x/$R-E1/segments/$cam"/*/*.mp4; do
		want=$((want + $(frames "$seg")))
	done
	[ "$(frames "$v")" = "$want" ] ||
	    fail "video/$cam.mp4: $(frames "$v") frames decode, its segments $want"
done
(cd "$T/x/$R-E1" && sha256sum -c --quiet SHA256SUMS) || fail "sha256sum -c failed"

note "a segment altered after recording is refused, and nothing is left behind"
p=$(sql "SELECT path FROM segments WHERE camera = 'hall' AND seq = 2")
printf 'x' | dd of="$T/site/storage/$p" bs=1 seek=3000 conv=notrunc status=none
expect_status 1 as it export create "$R" --recipient liaison
expect_err "camera \"hall\" segment 2 ($p) no longer matches its SHA-256 and chain link; nothing was exported"
[ "$(ls -A "$T/site/exports" | wc -l)" = 1 ] || fail "a refused export left files: $(ls -A "$T/site/exports")"
[ "$(sql "SELECT COUNT(*) FROM exports")" = 1 ] || fail "a refused export was recorded"
