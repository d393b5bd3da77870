"""Chart colours taken from the app theme, so charts follow dark, light and high-contrast themes.

Themes define app colours as variables (``csi-target``, ``csi-improvement``, ``csi-concern``,
``csi-baseline``, ...); anything missing falls back to a standard theme colour. plotext wants RGB.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.color import Color

RGB = tuple[int, int, int]

# role -> theme variables tried in order (the app's own names first, then Textual's standard ones)
_ROLES: dict[str, tuple[str, ...]] = {
    "series": ("csi-series", "foreground"),  # the strongest contrast: the measured values
    "earlier": ("csi-earlier", "secondary"),
    "target": ("csi-target", "warning"),
    "baseline": ("csi-baseline", "foreground-muted"),
    "limits": ("csi-limits", "foreground-muted"),
    "improvement": ("csi-improvement", "success"),
    "concern": ("csi-concern", "error"),
    "change": ("csi-change", "accent"),
    "foreground": ("foreground",),
    "canvas": ("surface", "background"),
}


@dataclass(frozen=True)
class ChartPalette:
    series: RGB
    earlier: RGB
    target: RGB
    baseline: RGB
    limits: RGB
    improvement: RGB
    concern: RGB
    change: RGB
    foreground: RGB
    canvas: RGB

    def hex(self, role: str) -> str:
        r, g, b = getattr(self, role)
        return f"#{r:02x}{g:02x}{b:02x}"


def _rgb(value: str | None, background: Color) -> RGB | None:
    if not value:
        return None
    try:
        colour = Color.parse(value)
    except Exception:  # a theme variable that is not a colour: use the fallback
        return None
    return (background + colour).rgb if colour.a < 1 else colour.rgb


def palette_from(variables: Mapping[str, str]) -> ChartPalette:
    colours: dict[str, RGB] = {}
    background = Color.parse(variables.get("background", "#000000"))
    for role, names in _ROLES.items():
        found = next(
            (c for n in names if (c := _rgb(variables.get(n), background)) is not None), None
        )
        colours[role] = found if found is not None else (128, 128, 128)
    return ChartPalette(**colours)


def rich_colour(variables: Mapping[str, str], *names: str) -> str:
    """A theme variable as a Rich colour: ``#rrggbb``, translucent values blended on the background.

    Rich cannot parse ``#rrggbbaa`` (Textual's muted colours carry alpha), hence the blend.
    """
    background = Color.parse(variables.get("background", "#000000"))
    for name in names:
        value = variables.get(name)
        if not value:
            continue
        try:
            colour = Color.parse(value)
        except Exception:  # not a colour: try the next name
            continue
        return (background + colour).hex6 if colour.a < 1 else colour.hex6
    return ""
