"""A check box whose mark says whether it is ticked, without relying on colour.

Textual's ``Checkbox`` always draws an ``X`` and shows the state by colour only, so on a
monochrome terminal, under ``NO_COLOR`` or with the ANSI theme an unticked box still
read "X". ``TickBox`` draws the ``X`` only when ticked and a blank otherwise.
"""

from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox):
    """A ``Checkbox`` marked ``X`` when ticked and blank when not."""

    @property
    def _button(self) -> Content:
        # The inner character is read at each render; the class default stays "X".
        self.BUTTON_INNER = "X" if self.value else " "
        return super()._button
