"""Borders stay visible in every bundled theme when the terminal has 256 colours or 16.

Textual draws in truecolor and Rich downgrades each colour to the terminal's palette. Seen over
SSH (no COLORTERM, 256 colours): the default dark theme's unfocused borders came out as
``38;5;16`` on ``48;5;16``, black on black.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import Color, ColorSystem
from textual.color import Color as TextualColor

from csi_tui import paths
from csi_tui.tui.themes import load_theme_file

THEMES = sorted(paths.bundled_themes_dir().glob("*.toml"))
# Far enough apart in RGB to tell a line from its ground on a projector (the old border was 0).
MIN_DISTANCE = 60.0


def _downgraded(value: str, background: str, system: ColorSystem) -> tuple[int, int, int]:
    colour = TextualColor.parse(value)
    if colour.a < 1:  # e.g. "$foreground 60%": what it looks like over the background
        colour = TextualColor.parse(background) + colour
    rich = Color.parse(colour.hex).downgrade(system)
    red, green, blue = rich.get_truecolor()
    return red, green, blue


def _distance(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    return float(sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5)


@pytest.mark.parametrize("system", [ColorSystem.EIGHT_BIT, ColorSystem.STANDARD])
@pytest.mark.parametrize("file", THEMES, ids=[f.stem for f in THEMES])
def test_borders_stand_out_from_the_background_after_downgrade(
    file: Path, system: ColorSystem
) -> None:
    theme, problems = load_theme_file(file)
    assert theme is not None and not problems
    colours = theme.to_color_system().generate()
    background = colours["background"]
    for ground in ("background", "surface"):
        under = _downgraded(colours[ground], background, system)
        for line in ("border", "border-blurred"):
            over = _downgraded(colours[line], background, system)
            assert _distance(over, under) >= MIN_DISTANCE, (file.stem, line, ground, over, under)


def test_the_old_default_border_was_invisible_at_256_colours() -> None:
    # What the check above catches: Textual's default unfocused border over the dark background.
    colours = {"background": "#0D1117", "border": "#10161C"}
    under = _downgraded(colours["background"], colours["background"], ColorSystem.EIGHT_BIT)
    over = _downgraded(colours["border"], colours["background"], ColorSystem.EIGHT_BIT)
    assert _distance(over, under) < MIN_DISTANCE


@pytest.mark.parametrize("file", THEMES, ids=[f.stem for f in THEMES])
def test_borders_stand_out_with_no_color(file: Path) -> None:
    # NO_COLOR: Textual turns every colour into its grey (the Monochrome filter), then Rich
    # downgrades the greys to the terminal's palette.
    from rich.segment import Segment
    from rich.style import Style
    from textual.filter import Monochrome

    theme, _problems = load_theme_file(file)
    assert theme is not None
    colours = theme.to_color_system().generate()
    background = TextualColor.parse(colours["background"])
    for ground in ("background", "surface"):
        under = TextualColor.parse(colours[ground])
        for line in ("border", "border-blurred"):
            over = TextualColor.parse(colours[line])
            style = Style(color=over.rich_color, bgcolor=under.rich_color)
            [segment] = Monochrome().apply([Segment("─", style)], background)
            assert segment.style is not None
            fg, bg = segment.style.color, segment.style.bgcolor
            assert fg is not None and bg is not None
            grey = [
                Color.parse(c.get_truecolor().hex).downgrade(ColorSystem.EIGHT_BIT).get_truecolor()
                for c in (fg, bg)
            ]
            assert _distance(grey[0], grey[1]) >= MIN_DISTANCE, (file.stem, line, ground, grey)
