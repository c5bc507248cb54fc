# Each target is one line a newcomer can read. `make run` and `make test` are the two that matter.
PYTHON312 := $(shell for p in python3.12 $$(pyenv root 2>/dev/null)/versions/3.12*/bin/python /usr/local/bin/python3.12 /usr/bin/python3.12; do "$$p" -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null && { echo "$$p"; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test setup serve lint format bench worker beat bundle install-offline clean

run: setup  ## fresh machine → venv, pinned deps, assets, migrate, demo county, server at http://127.0.0.1:8000
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py demo_logins
	$(PY) manage.py runserver 127.0.0.1:8000

test: setup  ## the whole test suite on the embedded defaults (SQLite, eager tasks), or on DATABASE_URL if set
	$(VENV)/bin/pytest -n 2

setup: $(VENV)/.installed static/vendor/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -n "$(PYTHON312)" || { echo "Python 3.12 is required: install python3.12 (Django 6.1 needs it)."; exit 1; }
	$(PYTHON312) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

static/vendor/.installed: package.json package-lock.json scripts/vendor_assets.sh
	npm ci --no-audit --no-fund --loglevel=error
	./scripts/vendor_assets.sh
	touch $@

serve: setup  ## gunicorn with production settings (needs DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL, CELERY_BROKER_URL)
	$(PY) manage.py collectstatic --noinput --settings=config.settings.production
	$(VENV)/bin/gunicorn config.wsgi --bind 127.0.0.1:8000 --workers 3

worker: setup  ## a Celery worker (needs CELERY_BROKER_URL)
	$(VENV)/bin/celery -A config worker --loglevel=info

beat: setup  ## the Celery beat scheduler; the schedule is CELERY_BEAT_SCHEDULE in settings
	$(VENV)/bin/celery -A config beat --loglevel=info

lint: setup
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check . && $(PY) manage.py makemigrations --check --dry-run

format: setup
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

bench: setup  ## every benchmark against DATABASE_URL (PostgreSQL); each prints one JSON line last
	for b in bench/[!_]*.py; do $(PY) $$b || exit 1; done

bundle: setup  ## the offline install bundle for an intranet: dist/cadre-<version>-linux-x86_64-py312.tar.gz
	./scripts/bundle.sh

install-offline:  ## inside an unpacked bundle, with no network: the venv from its wheels, then the checks
	./install.sh

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles db.sqlite3
