#!/bin/sh
# Prints the path of a Python >= 3.12, newest first. Set PYTHON to choose one yourself.
ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; }

if [ -n "${PYTHON:-}" ]; then
  ok "$PYTHON" && { echo "$PYTHON"; exit 0; }
  echo "PYTHON=$PYTHON is not a Python >= 3.12." >&2
  exit 1
fi
for name in python3.14 python3.13 python3.12 python3 python; do
  path=$(command -v "$name" 2>/dev/null) && ok "$path" && { echo "$path"; exit 0; }
done
# pyenv's shims answer only for the selected version, so ask pyenv for the others.
if command -v pyenv >/dev/null 2>&1; then
  for version in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9]|[2-9][0-9])(\.[0-9]+)?$' | sort -t. -k2,2nr -k3,3nr); do
    path=$(PYENV_VERSION=$version pyenv which python 2>/dev/null) && ok "$path" && { echo "$path"; exit 0; }
  done
fi
if command -v uv >/dev/null 2>&1; then
  path=$(uv python find '>=3.12' 2>/dev/null) && ok "$path" && { echo "$path"; exit 0; }
fi
echo "No Python >= 3.12 found. Install one (python.org, your package manager, pyenv or uv)," >&2
echo "or point PYTHON at it: make PYTHON=/path/to/python3.13 run" >&2
exit 1
