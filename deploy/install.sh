#!/usr/bin/env bash
# Install the cadre system from this bundle on a machine with no network (issue 17). Run it inside the unpacked
# bundle, as the user that will own the installation:
#
#     ./install.sh            # virtual environment from wheels/ only, pip check, and (when configured) the checks
#     ./install.sh --migrate  # the same, then collectstatic and migrate (first install and every upgrade)
#
# Configuration comes from the environment or from $CADRE_ENV_FILE (default /etc/cadre/cadre.env; the template is
# deploy/cadre.env.example). Needs Python 3.12 with its venv module, and for backups the PostgreSQL client.
set -euo pipefail
cd "$(dirname "$0")"
migrate=false
[ "${1:-}" = "--migrate" ] && migrate=true

python=""
pyenv_pythons=$(ls -d "$(pyenv root 2>/dev/null || echo /nonexistent)"/versions/3.12*/bin/python 2>/dev/null || true)
for candidate in "${PYTHON:-}" python3.12 /usr/local/bin/python3.12 /usr/bin/python3.12 $pyenv_pythons; do
    if [ -n "$candidate" ] && "$candidate" -c 'import sys, venv; assert sys.version_info[:2] == (3, 12)' 2>/dev/null; then
        python=$candidate
        break
    fi
done
[ -n "$python" ] || { echo "Python 3.12 with its venv module is required (python3.12, or PYTHON=/path/to/python3.12)."; exit 1; }

echo "==> checksums of the wheels"
(cd wheels && sha256sum --quiet -c SHA256SUMS)

# pip sees the bundle's wheels and nothing else: no pip.conf of this machine, no PIP_* variable (an index, a
# find-links folder or a constraints file there would change what gets installed).
while read -r variable; do unset "$variable"; done < <(compgen -e | grep '^PIP_' || true)
export PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# Running install.sh again (after configuring, or for --migrate) keeps a venv built from these same wheels.
stamp=.venv/.installed-from-wheels
wheels_sum=$(cat wheels/SHA256SUMS requirements.txt | sha256sum | cut -d' ' -f1)
if [ -x .venv/bin/python ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wheels_sum" ]; then
    echo "==> virtual environment .venv: already built from these wheels"
else
    echo "==> virtual environment .venv, from wheels/ only (no network)"
    rm -rf .venv
    "$python" -m venv .venv
    .venv/bin/python -m pip install --quiet --no-index --find-links wheels --upgrade pip setuptools wheel
    .venv/bin/python -m pip install --quiet --no-index --find-links wheels -r requirements.txt
    echo "$wheels_sum" >"$stamp"
fi
.venv/bin/python -m pip check

env_file=${CADRE_ENV_FILE:-/etc/cadre/cadre.env}
if [ -r "$env_file" ]; then
    echo "==> configuration from $env_file"
    set -a
    # shellcheck disable=SC1090
    . "$env_file"
    set +a
fi
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.production}

missing=()
for variable in DJANGO_SECRET_KEY DJANGO_ALLOWED_HOSTS DATABASE_URL CELERY_BROKER_URL; do
    [ -n "${!variable:-}" ] || missing+=("$variable")
done
if [ ${#missing[@]} -gt 0 ]; then
    cat <<TEXT

Installed into $(pwd)/.venv. Not configured yet: ${missing[*]}.
Copy deploy/cadre.env.example to $env_file, fill it in (secret key, host names, PostgreSQL, Redis, media and
backup folders), then run ./install.sh --migrate again. The README's "Deploy on an intranet" has every step.
TEXT
    exit 0
fi

echo "==> manage.py check --deploy ($DJANGO_SETTINGS_MODULE)"
.venv/bin/python manage.py check --deploy --fail-level WARNING
if $migrate; then
    # Side by side: collectstatic (hashing and compressing the assets) needs no database, migrate no files.
    echo "==> collectstatic and migrate"
    collect_log=$(mktemp)
    .venv/bin/python manage.py collectstatic --noinput --verbosity 0 >"$collect_log" 2>&1 &
    collect_pid=$!
    trap 'kill "$collect_pid" 2>/dev/null || true; rm -f "$collect_log"' EXIT
    .venv/bin/python manage.py migrate --noinput
    if ! wait "$collect_pid"; then
        cat "$collect_log"
        echo "collectstatic failed"
        exit 1
    fi
    cat "$collect_log"
fi
command -v pg_dump >/dev/null || echo "note: pg_dump is not installed; manage.py backup needs the PostgreSQL client."
cat <<TEXT

Installed $(cat VERSION 2>/dev/null || echo) in $(pwd).
Next: the systemd units in deploy/systemd/ and the nginx site in deploy/nginx/cadre.conf (see the README),
then check http://127.0.0.1:8000/health/.
TEXT
