#!/usr/bin/env bash
# Install the Debian packages the project needs, once, through one script.
#
# Usage: tools/bootstrap.sh [html|pdf|epub|all]
#   html  what the HTML site, diagrams and browser tests need
#   pdf   the html set plus the TeX toolchain for `make pdf`
#   epub  the html set plus EPUBCheck (and the Java runtime it depends on)
#   all   everything (what `make test` needs)
#
# As root it runs apt-get; otherwise it prints the exact command to run and
# stops with exit code 1, so a build never goes on half-equipped.
set -euo pipefail

html_pkgs=(chromium fonts-noto-cjk poppler-utils nodejs npm)
pdf_pkgs=(texlive-xetex latexmk texlive-lang-chinese texlive-latex-extra
          texlive-fonts-recommended fonts-freefont-otf)
epub_pkgs=(epubcheck)

case "${1:-all}" in
  html) wanted=("${html_pkgs[@]}") ;;
  pdf) wanted=("${html_pkgs[@]}" "${pdf_pkgs[@]}") ;;
  epub) wanted=("${html_pkgs[@]}" "${epub_pkgs[@]}") ;;
  all) wanted=("${html_pkgs[@]}" "${pdf_pkgs[@]}" "${epub_pkgs[@]}") ;;
  *) echo "usage: $0 [html|pdf|epub|all]" >&2; exit 2 ;;
esac

missing=()
for pkg in "${wanted[@]}"; do
  # node and npm may come with the machine image rather than from Debian.
  case "$pkg" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' \
    || missing+=("$pkg")
done

[ ${#missing[@]} -eq 0 ] && exit 0

cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "bootstrap: missing Debian packages: ${missing[*]}" >&2
  echo "bootstrap: run as root, then re-run make:" >&2
  echo "  sudo sh -c '$cmd'" >&2
  exit 1
fi
echo "bootstrap: installing Debian packages: ${missing[*]}" >&2
log=$(mktemp -t bootstrap-apt.XXXXXX.log)
if ! sh -c "$cmd" >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  echo "bootstrap: apt-get failed; full log: $log" >&2
  exit 1
fi
rm -f "$log"
