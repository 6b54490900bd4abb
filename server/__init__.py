"""The talkingstick relay: one small websocket server that one group hosts for itself.

It owns authority over every room: it validates commands against roles and modes (with
``protocol.rules``), records the resulting events in SQLite before telling anyone, and
fans them out. The table of which module owns what is in ``docs/architecture.md``;
``relay`` puts the parts together; within the relay only ``cli`` imports it.
"""
