"""The talkingstick relay: one small websocket server that one group hosts for itself.

It owns authority over every room: it validates commands against roles and modes (with
``protocol.rules``), records the resulting events in SQLite before telling anyone, and
fans them out. Modules: ``store`` (all SQL), ``room`` (one room's live state and
fan-out), ``connection`` (one websocket's life), ``http`` (plain HTTP routes),
``relay`` (the server that ties them together) and ``cli`` (the command line).
"""
