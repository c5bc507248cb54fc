#!/usr/bin/env bash
# make bundle: one archive that installs on an intranet machine with no network (issue 17).
# Run on a Linux x86_64 machine with Python 3.12 and registry access, after `make setup` (which built the
# front-end assets, the CJK font included, into static/vendor). Writes dist/cadre-<version>-linux-x86_64-py312.tar.gz
# holding the project, static/vendor, every wheel of requirements.txt with its dependencies (wheels/), and
# install.sh. On the intranet: tar xzf …; cd cadre-…; ./install.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}

"$PY" - <<'PY'
import platform, sys
if sys.version_info[:2] != (3, 12) or platform.system() != "Linux" or platform.machine() != "x86_64":
    sys.exit(f"make bundle builds wheels for Linux x86_64 and Python 3.12; this is {platform.system()} "
             f"{platform.machine()} with Python {platform.python_version()}")
PY
test -f static/vendor/.installed || { echo "static/vendor is missing: run make setup first"; exit 1; }

version=$(git describe --tags --always --dirty 2>/dev/null || date +%Y%m%d)
name="cadre-${version}-linux-x86_64-py312"
out="dist/$name"
rm -rf "$out" "dist/$name.tar.gz"
mkdir -p "$out/wheels"

# The project as it is in git (uncommitted edits of tracked files included), without the CI script.
git ls-files -z --cached | grep -zv '^\.ci/' | xargs -0 tar -cf - | tar -xf - -C "$out"
# The front-end assets (Bootstrap, htmx, ECharts, Tom Select, Noto Sans SC), built from the npm lock file.
cp -r static/vendor "$out/static/"
# Every wheel, dependencies included, resolved from the pins in requirements.txt.
"$PY" -m pip wheel --quiet --disable-pip-version-check --wheel-dir "$out/wheels" -r requirements.txt
"$PY" -m pip download --quiet --disable-pip-version-check --only-binary=:all: --dest "$out/wheels" pip setuptools wheel
(cd "$out/wheels" && ls -1 *.whl > MANIFEST && sha256sum *.whl > SHA256SUMS)
cp deploy/install.sh "$out/install.sh"
chmod +x "$out/install.sh"
echo "$version" > "$out/VERSION"

tar -czf "dist/$name.tar.gz" -C dist "$name"
rm -rf "$out"
echo "bundle: dist/$name.tar.gz ($(du -h "dist/$name.tar.gz" | cut -f1), $(tar -tzf "dist/$name.tar.gz" | grep -c '\.whl$') wheels)"
