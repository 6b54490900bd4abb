"""The footer that fits its width: whole keys or none, never a label cut in two.

Textual's ``Footer`` lays its keys in one row and docks the palette key (``^p palette``)
on the right over whatever is beneath, so at 80 columns a facilitator's footer ended in
a stray letter of a hidden label ("^p paletteR") and the room keys were cut mid-word
("r R"). ``FittingFooter`` measures its keys whatever they are: when they do not fit
beside the palette key but fit without it, the palette key goes (F1 and the help still
name Ctrl+P); otherwise the keys that do not fit whole are hidden, last first.
"""

from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Footer


def _width(widget: Widget) -> int:
    """The columns ``widget`` takes in the footer row, its gap included."""
    return widget.get_content_width(Size(0, 0), Size(0, 0)) + widget.styles.margin.width


class FittingFooter(Footer):
    """A ``Footer`` that shows only the keys that fit whole (see the module docstring)."""

    async def recompose(self) -> None:
        """Rebuild the keys (the bindings changed), then fit them to the width."""
        await super().recompose()
        self.call_after_refresh(self.fit_keys)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_keys)

    def fit_keys(self) -> None:
        """Hide the palette key or the last keys until every key shown is whole."""
        if not self.is_attached or self.size.width == 0:
            return
        children = list(self.children)
        palette = [child for child in children if child.has_class("-command-palette")]
        keys = [child for child in children if child not in palette]
        widths = [_width(key) for key in keys]
        room = self.size.width
        palette_width = sum(_width(key) + 1 for key in palette)  # the palette key's border
        if palette and sum(widths) > room - palette_width and sum(widths) <= room:
            for key in palette:
                key.display = False
        elif palette:
            room -= palette_width
        used = 0
        for key, width in zip(keys, widths, strict=True):
            used += width
            fits = used - key.styles.margin.right <= room  # the last key needs no gap after it
            if key.display != fits:
                key.display = fits
