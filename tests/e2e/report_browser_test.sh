#!/usr/bin/env bash
# The HTML report as a browser shows it: render the sample figures to HTML, have headless
# Chromium load the file from disk and take a screenshot, then check that Chromium succeeded,
# that the screenshot is a real PNG of the window's width, and that the page logged no
# console or page errors.
#
# Usage: report_browser_test.sh <render_report_sample> <figures.json> <work folder>
# The screenshot is kept as <work folder>/report.png for a human to look at.
set -u

renderer=${1:?usage: report_browser_test.sh <render_report_sample> <figures.json> <work folder>}
figures=${2:?figures.json missing}
work=${3:?work folder missing}
chromium=${CHROMIUM:-/usr/bin/chromium}
width=1280
height=4000

fail() {
    echo "report_browser_test: FAIL: $*" >&2
    exit 1
}

if [[ ! -x "$chromium" ]]; then
    fail "Chromium is not installed ($chromium not found). 'make test' installs it (scripts/install-deps.sh installs the Debian package 'chromium'); or run: sudo apt-get install chromium"
fi

mkdir -p "$work" || fail "cannot create $work"
html="$work/report.html"
png="$work/report.png"
log="$work/chromium.log"
rm -f "$html" "$png" "$log"

"$renderer" "$figures" "$html" || fail "the renderer failed on $figures"
[[ -s "$html" ]] || fail "the renderer wrote no HTML"

profile=$(mktemp -d "${TMPDIR:-/tmp}/mentorkit-chromium.XXXXXX") || fail "cannot create a temporary profile folder"
trap 'rm -rf "$profile"' EXIT

# --enable-logging=stderr makes console messages and uncaught errors of the page show up in
# the log as "CONSOLE(...)" / "Uncaught" lines, next to Chromium's own harmless GPU and D-Bus
# chatter, which is ignored.
timeout 120 "$chromium" --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
    --no-first-run --no-default-browser-check --disable-extensions --mute-audio \
    --user-data-dir="$profile" --enable-logging=stderr --v=0 \
    --window-size="$width,$height" --screenshot="$png" "file://$html" >"$log" 2>&1
status=$?
if [[ $status -ne 0 ]]; then
    cat "$log" >&2
    fail "chromium exited with status $status"
fi

[[ -s "$png" ]] || {
    cat "$log" >&2
    fail "chromium wrote no screenshot at $png"
}

# The PNG signature, then the IHDR chunk whose first two fields are width and height (big endian).
python3 - "$png" "$width" "$height" <<'EOF' || fail "the screenshot is not a ${width}x${height} PNG"
import struct, sys
path, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(path, "rb") as f:
    head = f.read(24)
if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
    sys.exit("not a PNG: " + repr(head[:16]))
w, h = struct.unpack(">II", head[16:24])
print(f"screenshot {path}: {w}x{h}")
if w != width or h != height:
    sys.exit(f"expected {width}x{height}, got {w}x{h}")
EOF

# Console messages, uncaught exceptions and failed loads of the page (the report must need
# nothing from outside itself).
if grep -E 'CONSOLE|Uncaught|ERR_FILE_NOT_FOUND|ERR_NAME_NOT_RESOLVED|net::ERR_' "$log" >&2; then
    fail "the page logged errors (above)"
fi

echo "report_browser_test: OK ($png)"
