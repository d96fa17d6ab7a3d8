# One command to set up and build, one to set up and test (see README.md).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: build test docs setup system system-test axe lint clean install install-link

build: setup
	$(VENV)/bin/brochures build

# In parallel on two workers (-n 2 in pyproject.toml); e.g. PYTEST_ARGS="--durations=30".
# Then the docs site, strict (a broken link or a page left out fails), into a throwaway folder.
test: setup system-test axe
	$(PY) -m pytest -q $(PYTEST_ARGS)
	@$(MAKE) -s docs

docs: $(STAMP)
	@site=$$(mktemp -d) && $(VENV)/bin/mkdocs build --strict --site-dir "$$site"; \
	  status=$$?; rm -rf "$$site"; exit $$status

# `brochures` on the PATH: a link in BINDIR (~/.local/bin, on the PATH of most shells) to the
# venv's command. `make install BINDIR=/usr/local/bin` for every user of the machine.
BINDIR ?= $(HOME)/.local/bin

install: setup install-link

install-link:
	@mkdir -p $(BINDIR)
	@ln -sf $(abspath $(VENV))/bin/brochures $(BINDIR)/brochures
	@echo "installed: $(BINDIR)/brochures"
	@case ":$$PATH:" in *":$(BINDIR):"*) ;; \
	  *) echo "add it to your PATH: echo 'export PATH=\"$(BINDIR):\$$PATH\"' >> ~/.bashrc, then open a new terminal";; esac

lint: setup
	$(VENV)/bin/ruff check brochures tests

setup: system $(STAMP)

system:
	@sh scripts/install-system.sh

system-test:
	@sh scripts/install-system.sh --test

# axe-core (pinned, checked against its npm checksum) for the web page's accessibility tests.
axe: $(STAMP)
	@sh scripts/fetch-axe.sh $(VENV)

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@# brochures' own bytecode, once: where PYTHONDONTWRITEBYTECODE is set, every command
	@# would compile the package again (pip compiles only what it copies).
	$(PY) -m compileall -q brochures
	touch $(STAMP)

clean:
	rm -rf $(VENV) dist previews
