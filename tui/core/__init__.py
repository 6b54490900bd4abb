"""The client's core, with no Textual in it: the session, its updates, intents and narration.

Every front end (the Textual app, a plain line mode, an SSH door) drives this core and
only renders what it reports. Nothing under ``tui.core`` may import ``textual``.
"""
