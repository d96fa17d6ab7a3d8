"""The command reference of the docs site, generated from brochures' Click commands.

Owns: one section per command and sub-command (``brochures translate export``), with its
usage line, its help text and every option with its help and default, read from the Click
group ``brochures.cli.main`` itself, so the page says what ``--help`` says.
"""

from __future__ import annotations

import click

from brochures import cli


def _walk(command: click.Command, names: list[str], ctx: click.Context):
    yield names, command, ctx
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                yield from _walk(sub, [*names, name], click.Context(sub, info_name=name,
                                                                    parent=ctx))


def _plain(text: str) -> str:
    """Help text as written, without Click's ``\\b`` (do not rewrap) marker lines."""
    return "\n".join(line for line in text.splitlines() if line.strip() != "\b").strip()


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _default(option: click.Option) -> str:
    """The default worth showing: a plain value, never a flag's off or an unset marker."""
    value = option.default
    if option.is_flag or callable(value) or value in (None, "", (), []):
        return ""
    if not isinstance(value, str | int | float | tuple | list):
        return ""  # Click's unset marker, and the like
    if isinstance(value, tuple | list):
        value = " ".join(str(v) for v in value)
    return f"`{value}`"


def page() -> str:
    root = click.Context(cli.main, info_name="brochures")
    lines = ["# Command reference", "",
             "<!-- Generated from brochures' Click commands by scripts/docsite/commands.py: "
             "edit the commands' help texts, not this page. -->", "",
             "What `brochures COMMAND --help` prints, for every command. The guides "
             "(building, checking, translation, ...) say how the commands work together.", ""]
    for names, command, ctx in _walk(cli.main, ["brochures"], root):
        title = " ".join(names)
        usage = " ".join(command.collect_usage_pieces(ctx))
        lines += [f"## `{title}`", "", "```text", f"{title} {usage}".strip(), "```", ""]
        help_text = (command.help or "").split("\f", 1)[0].strip()
        if help_text:
            lines += ["```text", _plain(help_text), "```", ""]
        options = [p for p in command.get_params(ctx) if isinstance(p, click.Option)
                   and not p.hidden]
        if options:
            lines += ["| option | what it does | default |", "|---|---|---|"]
            for option in options:
                names_shown = ", ".join(f"`{o}`" for o in [*option.opts, *option.secondary_opts])
                lines.append(f"| {names_shown} | {_cell(option.help or '')} | "
                             f"{_default(option)} |")
            lines.append("")
        if command.epilog:
            lines += ["```text", _plain(command.epilog), "```", ""]
    return "\n".join(lines)
