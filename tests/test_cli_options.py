"""The option stacks of build, check and preview are written once (brochures/cli/options.py):
check takes exactly build's selection, editions included."""

from pathlib import Path

from brochures.cli import main

COMMANDS = Path(__file__).resolve().parent.parent / "brochures" / "cli" / "commands.py"


def _params(command: str) -> dict:
    return {p.name: (tuple(p.opts), repr(p.type), getattr(p, "help", None), p.multiple
                     if hasattr(p, "multiple") else None)
            for p in main.commands[command].params}


def test_build_check_and_preview_select_leaflets_the_same_way():
    selection = ["topics", "languages", "layouts", "brands"]
    build, check, preview = _params("build"), _params("check"), _params("preview")
    for name in selection:
        assert build[name] == check[name] == preview[name]


def test_check_takes_every_option_of_builds_selection_editions_included():
    build, check = _params("build"), _params("check")
    for name in ["press", "editions", "paper", "fit", "strict", "jobs"]:
        assert build[name] == check[name], name


def test_the_shared_options_are_not_written_out_in_the_commands():
    text = COMMANDS.read_text("utf-8")
    for flag in ['"--lang"', '"--layout"', '"--brand"', '"--edition"', '"--paper"', '"--strict"',
                 '"--press"', '"--jobs"']:
        assert flag not in text, flag
