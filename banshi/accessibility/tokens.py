"""Design tokens as data: every size and colour a screen uses, per theme, checked against numbers.md."""

from __future__ import annotations

from dataclasses import dataclass, fields

from banshi.accessibility.contrast import contrast_ratio

TEXT_CONTRAST_MIN = 7.0  # WCAG 2.2 AAA 1.4.6, numbers.md
NON_TEXT_CONTRAST_MIN = 3.0  # WCAG 1.4.11
LINE_SPACING_MIN = 1.3  # MIIT elderly-friendly spec §1.2
TARGET_GAP_MIN_PX = 16  # numbers.md: touch targets ≥ 16 px apart
BRAND_MIN_PX = 24  # issue 12: the header's service name may be smaller than text, never below this


@dataclass(frozen=True)
class Palette:
    background: str
    surface: str
    text: str
    muted_text: str
    primary: str
    on_primary: str
    secondary: str
    on_secondary: str
    error: str
    success: str
    border: str
    focus: str


@dataclass(frozen=True)
class Theme:
    name: str
    body_px: int
    title_px: int
    button_px: int
    small_px: int
    brand_px: int  # the header's name of the service: a logotype, allowed smaller than text (≥ 24 px)
    min_text_px: int
    line_spacing: float
    primary_target_px: int
    target_px: int
    spacing_px: int
    radius_px: int
    palette: Palette
    large_text_mode: bool = False  # EN 301 549 5.1.4's "mode of operation": glyphs ≥ 0.7° at the viewing distance

    def text_pairs(self) -> dict[str, tuple[str, str]]:
        """Every text/background pair the stylesheet uses, by role."""
        colours = self.palette
        return {
            "body": (colours.text, colours.background),
            "body on surface": (colours.text, colours.surface),
            "muted": (colours.muted_text, colours.background),
            "muted on surface": (colours.muted_text, colours.surface),
            "primary button": (colours.on_primary, colours.primary),
            "secondary button": (colours.on_secondary, colours.secondary),
            "error": (colours.error, colours.background),
            "success": (colours.success, colours.background),
        }

    def non_text_pairs(self) -> dict[str, tuple[str, str]]:
        colours = self.palette
        return {
            "border": (colours.border, colours.background),
            "focus ring": (colours.focus, colours.background),
            "error border": (colours.error, colours.background),  # a field with a wrong answer
        }


_LIGHT = Palette(
    background="#FFFFFF", surface="#F2F4F7", text="#111111", muted_text="#3B3B3B",
    primary="#0A4A8F", on_primary="#FFFFFF", secondary="#E4E9F0", on_secondary="#111111",
    error="#8A1010", success="#0B5A24", border="#5A6470", focus="#B34700",
)
_HIGH_CONTRAST = Palette(
    background="#000000", surface="#111111", text="#FFFFFF", muted_text="#E8E8E8",
    primary="#FFE500", on_primary="#000000", secondary="#1F1F1F", on_secondary="#FFFFFF",
    error="#FF9E9E", success="#8CFF9E", border="#FFFFFF", focus="#00E5FF",
)

THEMES: dict[str, Theme] = {
    # Elder and high contrast: every text ≥ 32 px, and ≥ 41 px so a capital letter subtends 0.7° at 600 mm on a
    # 21.5″ 1920×1080 screen (EN 301 549 5.1.4; the audit measures it from rendered glyphs).
    "elder": Theme("elder", body_px=42, title_px=54, button_px=42, small_px=42, brand_px=28, min_text_px=32,
                   line_spacing=1.4, primary_target_px=120, target_px=96, spacing_px=24, radius_px=16,
                   palette=_LIGHT, large_text_mode=True),
    "standard": Theme("standard", body_px=32, title_px=44, button_px=32, small_px=28, brand_px=24, min_text_px=24,
                      line_spacing=1.35, primary_target_px=100, target_px=80, spacing_px=20, radius_px=12,
                      palette=_LIGHT),
    "high_contrast": Theme("high_contrast", body_px=42, title_px=54, button_px=42, small_px=42, brand_px=28,
                           min_text_px=32,
                           line_spacing=1.4, primary_target_px=120, target_px=96, spacing_px=24, radius_px=16,
                           palette=_HIGH_CONTRAST, large_text_mode=True),
    "clerk": Theme("clerk", body_px=16, title_px=22, button_px=16, small_px=16, brand_px=16, min_text_px=16,
                   line_spacing=1.35, primary_target_px=40, target_px=32, spacing_px=8, radius_px=4,
                   palette=_LIGHT),
}


class UnknownThemeError(KeyError):
    def __init__(self, name: str) -> None:
        super().__init__(f"Unknown theme {name!r}; choose one of {', '.join(THEMES)}.")


def theme(name: str) -> Theme:
    try:
        return THEMES[name]
    except KeyError as error:
        raise UnknownThemeError(name) from error


def token_violations(candidate: Theme) -> list[str]:
    """What in a theme's own tokens breaks numbers.md (the live-widget audit checks rendered screens)."""
    problems = [
        f"{candidate.name}: {role} contrast {contrast_ratio(fg, bg):.2f} < {TEXT_CONTRAST_MIN}"
        for role, (fg, bg) in candidate.text_pairs().items()
        if contrast_ratio(fg, bg) < TEXT_CONTRAST_MIN
    ]
    problems += [
        f"{candidate.name}: {role} contrast {contrast_ratio(fg, bg):.2f} < {NON_TEXT_CONTRAST_MIN}"
        for role, (fg, bg) in candidate.non_text_pairs().items()
        if contrast_ratio(fg, bg) < NON_TEXT_CONTRAST_MIN
    ]
    if candidate.line_spacing < LINE_SPACING_MIN:
        problems.append(f"{candidate.name}: line spacing {candidate.line_spacing} < {LINE_SPACING_MIN}")
    sizes = [getattr(candidate, item.name) for item in fields(candidate) if item.name.endswith("_px")
             and item.name not in {"spacing_px", "radius_px", "primary_target_px", "target_px", "brand_px"}]
    if min(sizes) < candidate.min_text_px:
        problems.append(f"{candidate.name}: a text size is below its minimum {candidate.min_text_px}px")
    if candidate.brand_px < min(BRAND_MIN_PX, candidate.min_text_px):
        problems.append(f"{candidate.name}: the brand is {candidate.brand_px}px, below {BRAND_MIN_PX}px")
    return problems
