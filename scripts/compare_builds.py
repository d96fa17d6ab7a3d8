"""Build the default leaflets with another revision of brochures and with this one, and
compare the PDFs byte for byte (used on the commit that moved the package by stage:
users must notice nothing).

    .venv/bin/python scripts/compare_builds.py REV [-- build options]
"""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def build(code: Path, out: Path, options: list[str]) -> None:
    env = dict(os.environ, PYTHONPATH=str(code))  # that revision's package, not the venv's
    subprocess.run([sys.executable, "-m", "brochures", "--project", str(REPO), "build",
                    "--force", "--quiet", "--out", str(out), *options], env=env, check=True)


def main() -> int:
    rev, options = sys.argv[1], sys.argv[3:] if sys.argv[2:3] == ["--"] else sys.argv[2:]
    with tempfile.TemporaryDirectory() as tmp:
        other = Path(tmp) / "other"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(other), rev],
                       check=True, capture_output=True)
        try:
            build(other, Path(tmp) / "before", options)
            build(REPO, Path(tmp) / "after", options)
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(other)],
                           check=True)
        before = sorted(p.relative_to(Path(tmp) / "before")
                        for p in (Path(tmp) / "before").rglob("*.pdf"))
        after = sorted(p.relative_to(Path(tmp) / "after")
                       for p in (Path(tmp) / "after").rglob("*.pdf"))
        differ = [str(p) for p in before if p in after and not filecmp.cmp(
            Path(tmp) / "before" / p, Path(tmp) / "after" / p, shallow=False)]
        print(f"{len(before)} PDFs at {rev}, {len(after)} now; {len(differ)} differ")
        for name in differ + [f"only at {rev}: {p}" for p in before if p not in after]:
            print("  ", name)
        return 0 if before == after and not differ else 1


if __name__ == "__main__":
    sys.exit(main())
