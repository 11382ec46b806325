#!/bin/sh
# install-deps.sh — installs every Debian 12 package vigil's build, tests and demo need.
# Idempotent and non-interactive: packages already present are left alone.
set -eu

PKGS="
build-essential pkg-config gettext clang libclang-rt-14-dev
libncursesw5-dev libssh-dev
libavformat-dev libavcodec-dev libswscale-dev libavutil-dev
libsqlite3-dev sqlite3 libconfig-dev libsodium-dev libchafa-dev libglib2.0-dev libcmocka-dev
ffmpeg
gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good
gstreamer1.0-plugins-bad gstreamer1.0-libav gstreamer1.0-rtsp
gir1.2-gst-rtsp-server-1.0 gir1.2-gstreamer-1.0 python3-gi
openssh-client openssh-server tmux xterm xvfb x11-apps imagemagick
procps psmisc time locales openssl
debhelper dpkg-dev fakeroot lintian scdoc man-db systemd systemd-container strace gdb util-linux
kitty libgl1-mesa-dri
"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done

if [ -n "$missing" ]; then
	echo "install-deps: installing:$missing"
	SUDO=""
	if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing
else
	echo "install-deps: all packages present"
fi

# The console is tested in Simplified Chinese; make sure that locale exists.
if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
	SUDO=""
	if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
	if [ -f /etc/locale.gen ]; then
		$SUDO sed -i 's/^# *\(zh_CN.UTF-8 UTF-8\)/\1/; s/^# *\(en_US.UTF-8 UTF-8\)/\1/' /etc/locale.gen
		grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen || echo 'zh_CN.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
		grep -q '^en_US.UTF-8 UTF-8' /etc/locale.gen || echo 'en_US.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
		$SUDO locale-gen >/dev/null
	fi
fi
