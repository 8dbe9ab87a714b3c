"""Start warm: once a server has drawn its first page, load the models the first click will need in the
background, so that click finds them in memory instead of waiting 10–30 s for them.

    warm_up()            # from the app's entry point, after the page is drawn; only the first call does anything
    warming()            # -> {"decoder"}: names still loading in the background

EVENTS_LLM_WARM_START=0 turns it off (the tests do: they load each model when they need it).
"""
from __future__ import annotations

import threading

from core.config import setting
from core.models.cache import MODELS, ModelUnavailableError

# The headline page's draft needs all three: the decoder writes, the embedder ranks the candidates, and the
# decoder's PyTorch copy gives its second opinion on their sentences (core/descriptions/likelihood.py)
FIRST_NEEDED = ("decoder", "embedder", "decoder_torch")

_lock = threading.Lock()
_pending: list[str] = []
_started = False


def enabled() -> bool:
    return (setting("warm_start") or "1").strip().lower() not in ("0", "false", "no", "off")


def warm_up(names: tuple[str, ...] = FIRST_NEEDED) -> bool:
    """Load `names` one after another on a background thread, once per process; True when this call started
    it. A model that fails to load keeps its error in its load record, where the Model status page shows it."""
    global _started
    with _lock:
        if _started or not enabled():
            return False
        _started = True
        _pending[:] = list(names)
    threading.Thread(target=_load_all, daemon=True, name="warm-up").start()
    return True


def _load_all() -> None:
    while True:
        with _lock:
            if not _pending:
                return
            name = _pending[0]
        try:
            MODELS.get(name)
        except ModelUnavailableError:
            pass  # the page that needs it says so, with the load record's reason
        finally:
            with _lock:
                _pending.pop(0)


def warming() -> list[str]:
    """The models the background warm-up has not finished loading yet."""
    with _lock:
        return list(_pending)
