"""Charts of what the analytics computed: progress, weekly volume, and methods compared.

Each function takes a result of ``exhaust.domain.analytics`` (weights in kg), the lifter's
unit and its size in kg (``per_kg``: 1 for kg, 1/0.45359237 for lb), and returns a
``matplotlib.figure.Figure`` made without pyplot, so any thread may draw. ``render`` gives
PNG bytes or SVG text; ``save`` writes a .png or .svg file. Only commands that draw import
this package (it loads matplotlib); the domain never does.
"""

from __future__ import annotations

from exhaust.charts.compare import compare_figure
from exhaust.charts.output import FORMATS, render, save
from exhaust.charts.progress import Band, method_bands, progress_figure
from exhaust.charts.style import METHOD_COLOURS, PNG_DPI, SIZE, method_colour
from exhaust.charts.volume import Measure, Segment, stacks, volume_figure

__all__ = [
    "FORMATS",
    "METHOD_COLOURS",
    "PNG_DPI",
    "SIZE",
    "Band",
    "Measure",
    "Segment",
    "compare_figure",
    "method_bands",
    "method_colour",
    "progress_figure",
    "render",
    "save",
    "stacks",
    "volume_figure",
]
