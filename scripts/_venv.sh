# Sourced by run.sh and test.sh: a project-local virtual environment with the pinned requirements.
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# Reinstall only when requirements.txt changed since the last install.
stamp=.venv/.requirements.sha256
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r requirements.txt
  echo "$want" > "$stamp"
fi
source .venv/bin/activate
