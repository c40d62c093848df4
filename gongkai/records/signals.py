"""Signals of the records app.

`record_changed` is sent after the transaction commits, with ``record_id=<pk>``, whenever a
record is published, corrected, withdrawn or repealed (or its public fields otherwise change).
Receivers (the search index, caches) must not assume the record is still public: re-read it
through ``Record.objects.public()``.
"""

from django.dispatch import Signal

record_changed = Signal()
