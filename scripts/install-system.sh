#!/usr/bin/env bash
# Installs the Debian packages Broadsheet needs, only those missing. Usage:
#   scripts/install-system.sh run    fonts and gettext (enough to build and serve the demo)
#   scripts/install-system.sh test   also Chromium (browser tests) and PostgreSQL (second database)
#   scripts/install-system.sh bench  also wrk (load generator for bench/reader.py) and XeLaTeX
#                                    (the TeX producer of bench/analysis.py)
set -euo pipefail
level=${1:-run}
packages=(fonts-wqy-microhei fonts-wqy-zenhei fonts-arphic-uming fonts-noto-cjk fonts-dejavu-core fonts-liberation2 gettext)
if [ "$level" = test ] || [ "$level" = bench ]; then
  packages+=(chromium postgresql libmagic1)
  packages+=(redis-server nginx)  # tests/scaleout: two app servers behind nginx, one Redis
  command -v npm >/dev/null || packages+=(nodejs npm)
fi
if [ "$level" = bench ]; then
  packages+=(wrk texlive-xetex texlive-lang-chinese texlive-latex-extra)
  packages+=(tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng)  # bench/ocr.py (docs/ocr.md)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO=sudo; else
    echo "need root to install: ${missing[*]} (run: apt-get install ${missing[*]})" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
