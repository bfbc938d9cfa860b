"""The README documents every setting and every command; the public API is what it says."""

from __future__ import annotations

import qa
from index.settings import Settings
from tests.conftest import ROOT
from ui.cli import build_parser

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented() -> None:
    for name, field in Settings.model_fields.items():
        assert f"NEWSDESK_{name.upper()}" in README, f"NEWSDESK_{name.upper()} is not in the README"
        assert field.description, f"Settings.{name} has no description"


def test_every_command_is_documented() -> None:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for command in sub.choices:  # type: ignore[union-attr]
        assert f"newsdesk {command}" in README, f"`newsdesk {command}` is not in the README"


def test_readme_starts_with_the_two_commands() -> None:
    head = "\n".join(README.splitlines()[:25])
    assert "make run" in head and "make test" in head


def test_public_api_is_sorted_and_importable() -> None:
    assert qa.__all__ == sorted(qa.__all__)
    for name in qa.__all__:
        assert getattr(qa, name) is not None
