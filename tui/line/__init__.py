"""The plain line mode: one line of text per event, typed lines in, no Textual at all.

For screen readers, braille displays, dumb terminals, scripts, SSH sessions without a
pseudo-terminal and the slowest links. ``render`` turns session updates into lines,
``asked`` answers the on-demand views (who, queue, agenda, help), ``app`` reads standard
input and writes standard output. Nothing in this package imports ``textual`` or
``rich``: ``tui.cli`` picks line mode before the Textual app is ever imported.
"""
