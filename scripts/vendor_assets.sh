#!/usr/bin/env bash
# Copy the npm-installed front-end assets into static/vendor so Django serves them locally.
# Nothing is fetched at run time: the intranet has no CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
out=static/vendor
rm -rf "$out"
mkdir -p "$out"/{bootstrap,bootstrap-icons,htmx,echarts,tom-select,fonts}
cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map "$out/bootstrap/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map "$out/bootstrap/"
cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css "$out/bootstrap-icons/"
cp -r node_modules/bootstrap-icons/font/fonts "$out/bootstrap-icons/"
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx/"
cp node_modules/echarts/dist/echarts.min.js "$out/echarts/"
# The filter card's searchable checkbox drop-down for multi-select filters (core/static/core/kit.js).
# With their source maps: collectstatic's manifest storage (production) refuses a file whose map is missing.
cp node_modules/tom-select/dist/js/tom-select.complete.min.js{,.map} node_modules/tom-select/dist/css/tom-select.bootstrap5.min.css{,.map} \
    "$out/tom-select/"
# A CJK font for the printed forms (干部任免审批表 PDF): WeasyPrint embeds it, so the PDF never depends on a
# font of the server or of the reader's machine (Noto Sans SC, SIL OFL 1.1, from the npm registry).
cp node_modules/@embedpdf/fonts-sc/fonts/NotoSansHans-Regular.otf node_modules/@embedpdf/fonts-sc/fonts/NotoSansHans-Bold.otf \
    node_modules/@embedpdf/fonts-sc/LICENSE "$out/fonts/"
echo "vendored assets into $out"
