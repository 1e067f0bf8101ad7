#!/bin/sh
# Install Debian's Chromium and a Chinese font for the browser tests
# (tests/channels/test_browser.py). Idempotent: does nothing when /usr/bin/chromium and a
# font covering Chinese are already there. Playwright drives this system browser through
# `executable_path`; never `playwright install` (it would download a browser of its own).
# Without a CJK font every Chinese character in a screenshot is an empty box.
set -eu

CHROMIUM=/usr/bin/chromium
FONT_PACKAGE=fonts-wqy-zenhei  # 10 MB; fonts-noto-cjk works too but is 90 MB

has_chinese_font() {
    command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family 2>/dev/null)" ]
}

missing=""
[ -x "$CHROMIUM" ] || missing="chromium"
has_chinese_font || missing="$missing $FONT_PACKAGE"

if [ -z "$missing" ]; then
    echo "browser: already installed ($("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM"))"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "browser: missing:$missing — and this script is not running as root." >&2
    echo "  Install with:  sudo apt-get update && sudo apt-get install -y$missing" >&2
    echo "  (the browser tests skip without Chromium, and fail when ANXIN_REQUIRE_BROWSER=1)" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "browser: no apt-get here; install$missing with your package manager so that" >&2
    echo "  $CHROMIUM exists (the browser tests look for it there)" >&2
    exit 1
fi

echo "browser: installing$missing with apt-get"
$SUDO apt-get update
# word splitting of $missing is intended: one argument per package
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y $missing
"$CHROMIUM" --version
