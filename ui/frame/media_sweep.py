"""Built downloads do not outlive their use.

Every download button whose file holds customer data gets a callable (built only when
clicked, ``on_click="ignore"``). Streamlit then keeps the built file in its in-memory
media store under an address made from a hash of its content, referenced by no session,
until its next clean-up, which runs at the end of any page run. When nobody uses the app
after a download (the last tab was closed), no page runs: this sweep runs the same
clean-up every :data:`SWEEP_SECONDS` in the server, so the address answers "not found"
soon after, whatever happens next.

``CX_SME_MEDIA_SWEEP_SECONDS`` sets the interval (tests use 1 s).
"""

from __future__ import annotations

import logging
import os
import threading

from streamlit import runtime

SWEEP_SECONDS = 60.0

_LOG = logging.getLogger(__name__)
_started = threading.Event()
_start_lock = threading.Lock()


def interval() -> float:
    """The sweep interval: ``CX_SME_MEDIA_SWEEP_SECONDS`` when it is a positive number."""
    try:
        value = float(os.environ.get("CX_SME_MEDIA_SWEEP_SECONDS", SWEEP_SECONDS))
    except ValueError:
        return SWEEP_SECONDS
    return value if value > 0 else SWEEP_SECONDS


def start() -> None:
    """Start the sweep once per server process (a no-op outside a running server)."""
    if _started.is_set() or not runtime.exists():
        return
    with _start_lock:
        if _started.is_set():
            return
        _started.set()
    threading.Thread(target=_sweep, args=(interval(),), name="cx-media-sweep", daemon=True).start()


def _sweep(seconds: float) -> None:
    idle = threading.Event()  # never set: wait() is the sleep between sweeps
    while not idle.wait(seconds):
        if not runtime.exists():
            return
        try:
            runtime.get_instance().media_file_mgr.remove_orphaned_files()
        except Exception:  # a sweep that fails must not take the server down
            _LOG.warning("media sweep failed", exc_info=True)
