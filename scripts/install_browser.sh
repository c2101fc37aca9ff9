#!/usr/bin/env bash
# Install the headless browser the HTML report test (tests/python/test_html_browser.py) drives:
# Chromium from the OS packages. Idempotent: does nothing when a Chromium binary is already on the
# PATH (or $PAREVAL_CHROMIUM names one). Uses apt-get only when run as root on a Debian/Ubuntu
# system; otherwise it prints what to install and exits 0, and the browser test skips with a reason.
# Playwright's Python package (requirements-dev.txt) is pointed at this binary; `playwright
# install` (which downloads a browser build of its own) is never needed.
set -euo pipefail

for candidate in "${PAREVAL_CHROMIUM:-}" chromium chromium-browser google-chrome google-chrome-stable; do
    if [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1; then
        echo "install_browser: found $(command -v "$candidate"); nothing to do"
        exit 0
    fi
done

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install_browser: no Chromium found and not root with apt-get; install the 'chromium'" \
         "package yourself (or set PAREVAL_CHROMIUM); the browser test will skip until then" >&2
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q chromium
echo "install_browser: installed $(command -v chromium)"
