"""An asynchronous device in miniature, to see on any machine why GPU timing needs a sync.

A GPU runs work from a queue: the Python call that launches a kernel returns at once, and the work
happens later. ``SimulatedDevice`` does the same with a worker thread, so the classic mistake,
stopping the clock before the work is done, can be shown on a CPU-only machine. It is a teaching
model, not a GPU: on a machine with CUDA, chapter 15 measures the real thing.
"""

import queue
import threading
from collections.abc import Callable


class SimulatedDevice:
    """``launch(fn)`` queues ``fn`` and returns at once; ``synchronize()`` waits for the queue.

    Use it as a context manager (``with SimulatedDevice() as device:``) so its worker stops.
    """

    def __init__(self):
        self._queue: queue.Queue = queue.Queue()
        self._errors: list[BaseException] = []
        self._worker = threading.Thread(target=self._run, daemon=True)
        self._worker.start()

    def _run(self) -> None:
        while True:
            fn = self._queue.get()
            try:
                if fn is None:
                    return
                fn()
            except BaseException as error:  # kept and raised again by synchronize()
                self._errors.append(error)
            finally:
                self._queue.task_done()

    def launch(self, fn: Callable[[], object]) -> None:
        if not callable(fn):
            raise TypeError(f"launch needs a callable, got {type(fn).__name__}")
        if not self._worker.is_alive():
            raise RuntimeError("this SimulatedDevice has been closed")
        self._queue.put(fn)

    def synchronize(self) -> None:
        """Block until every launched call has finished; re-raise the first error one raised."""
        self._queue.join()
        if self._errors:
            error, self._errors = self._errors[0], []
            raise RuntimeError("a launched call failed on the simulated device") from error

    def close(self) -> None:
        if self._worker.is_alive():
            self._queue.put(None)
            self._worker.join()

    def __enter__(self) -> "SimulatedDevice":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
