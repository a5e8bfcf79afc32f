"""Worker processes never outlive the ``convert`` that started them, even after SIGKILL.

``convert --jobs N`` runs its workers through multiprocessing's forkserver:
the main process starts the forkserver, and the forkserver forks the workers.
Nothing in that chain dies with its parent by itself (a worker blocked on
its task queue holds the queue's write end, so it never reads end-of-file), so
on Linux each link asks the kernel for a parent-death signal
(``prctl(PR_SET_PDEATHSIG, SIGKILL)``):

- the forkserver, when it imports this module as a preloaded module
  (:func:`guard_forkserver`, run at import; it acts only in the forkserver,
  which it recognises by the environment variable the main process sets to its
  own pid before starting it);
- each worker, in the pool's initializer (:func:`guard_worker`), which also
  makes the worker ignore SIGINT and SIGTERM: a Ctrl-C in a terminal reaches
  the whole process group, and the main process alone decides what stops (it
  ends its workers with SIGKILL when it is interrupted).

So when the main process dies, however it dies, the kernel kills the
forkserver, and the forkserver's death kills every worker. Elsewhere than on
Linux, the workers are ended by the main process on an orderly stop only.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PARENT_VARIABLE = "ARTICLEKIT_POOL_PARENT"
"""Set by the main process to its pid before it starts the forkserver."""

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> bool:
    """Ask the kernel to SIGKILL this process when its parent ends; True when that is in place (Linux).

    If the parent already ended before the request took effect, this process exits at once.
    """
    if not sys.platform.startswith("linux"):
        return False
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if os.getppid() != parent:  # the parent ended before the request: nobody would signal us
        os._exit(1)
    return True


def guard_forkserver() -> None:
    """In the forkserver (a direct child of the pid in :data:`PARENT_VARIABLE`), die with the main process."""
    if os.environ.get(PARENT_VARIABLE) == str(os.getppid()):
        die_with_parent()


def guard_worker() -> None:
    """Pool initializer: die with the forkserver, and leave SIGINT and SIGTERM to the main process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    die_with_parent()


guard_forkserver()
