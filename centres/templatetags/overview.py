"""The overview's template filters: the formatting functions of `centres.overview.formatting`
(so the page and the exports write numbers the same way), the figures that say for how many
centres they are known (as the table's cells write them), and the grid's shading."""

from __future__ import annotations

from functools import partial

from django import template

from centres.overview.charts import shade_bins, shade_level
from centres.overview.formatting import decimal1, percent, whole
from centres.overview.tables import ifp_with_known, step_free_with_known

register = template.Library()

register.filter("decimal1", decimal1)
register.filter("percent", percent)
register.filter("whole", whole)
# In the key figures, too, the known-share is a quieter second line under the figure.
register.filter("ifp_with_known", partial(ifp_with_known, in_table=True))
register.filter("step_free_with_known", partial(step_free_with_known, in_table=True))


@register.filter
def shade(count: int, maximum: int) -> str:
    """The CSS class that shades a grid cell by its count."""
    return f"shade-{shade_level(count, maximum)}"


@register.filter
def shades_for(maximum: int) -> list[tuple[int, str]]:
    """The legend's shades, each with the counts it stands for, for a grid of this maximum."""
    return shade_bins(maximum)
