"""Optimizers in NumPy, written to match ``torch.optim`` step for step.

Each optimizer holds a list of parameter arrays and updates them **in place** with
``step(grads)``, where ``grads`` is a list of arrays of the same shapes. The update rules follow
PyTorch's documentation, including where its conventions differ from the papers (for example,
the ``eps`` of RMSprop and Adam is added after the square root). Hyper-parameters are checked
as torch checks them, except that ``eps`` must be > 0 (torch allows 0, and then a gradient of 0
gives 0 / 0 = NaN).
"""

import math
from collections.abc import Sequence

import numpy as np

from dlcourse.validation import (
    check_fraction,
    check_nonnegative_number,
    check_positive_int,
    check_positive_number,
)


class Optimizer:
    """Common bookkeeping: the parameters, the step count, shape checks."""

    def __init__(self, params: Sequence[np.ndarray], lr: float):
        if isinstance(params, np.ndarray):
            raise TypeError("params must be a list of arrays, not a single array")
        self.params = list(params)
        if not self.params:
            raise ValueError("params is empty: there is nothing to optimise")
        for i, p in enumerate(self.params):
            if not isinstance(p, np.ndarray) or not np.issubdtype(p.dtype, np.floating):
                raise TypeError(
                    f"params[{i}] must be a floating-point NumPy array (updated in place), "
                    f"got {type(p).__name__}"
                )
        self.lr = check_positive_number(lr, "lr")
        self.t = 0  # number of steps taken

    def step(self, grads: Sequence[np.ndarray]) -> None:
        grads = list(grads)
        if len(grads) != len(self.params):
            raise ValueError(f"expected {len(self.params)} gradients, got {len(grads)}")
        for i, (p, g) in enumerate(zip(self.params, grads, strict=True)):
            if np.shape(g) != p.shape:
                raise ValueError(f"grads[{i}] has shape {np.shape(g)}, params[{i}] {p.shape}")
            if not np.all(np.isfinite(g)):
                raise ValueError(f"grads[{i}] holds NaN or infinity; the update would ruin params")
        self.t += 1
        for i, (p, g) in enumerate(zip(self.params, grads, strict=True)):
            self._update(i, p, np.asarray(g, dtype=p.dtype))

    def _update(self, i: int, p: np.ndarray, g: np.ndarray) -> None:
        raise NotImplementedError


class SGD(Optimizer):
    """Gradient descent, optionally with momentum (heavy ball or Nesterov) and L2 weight decay.

    ``b = momentum * b + g`` (``b = g`` on the first step), then ``p -= lr * b`` (or
    ``p -= lr * (g + momentum * b)`` with Nesterov).
    """

    def __init__(self, params, lr, momentum=0.0, nesterov=False, weight_decay=0.0):
        super().__init__(params, lr)
        self.momentum = check_fraction(momentum, "momentum")
        self.weight_decay = check_nonnegative_number(weight_decay, "weight_decay")
        if nesterov and momentum == 0:
            raise ValueError("nesterov needs a momentum > 0")
        self.nesterov = nesterov
        self.buffers: list[np.ndarray | None] = [None] * len(self.params)

    def _update(self, i, p, g):
        if self.weight_decay:
            g = g + self.weight_decay * p
        if self.momentum:
            b = self.buffers[i]
            b = g.copy() if b is None else self.momentum * b + g
            self.buffers[i] = b
            g = g + self.momentum * b if self.nesterov else b
        p -= self.lr * g


class AdaGrad(Optimizer):
    """Per-parameter learning rates from the sum of all past squared gradients.

    ``s += g**2``, then ``p -= lr * g / (sqrt(s) + eps)``.
    """

    def __init__(self, params, lr=0.01, eps=1e-10):
        super().__init__(params, lr)
        self.eps = check_positive_number(eps, "eps")
        self.sums = [np.zeros_like(p) for p in self.params]

    def _update(self, i, p, g):
        self.sums[i] += g * g
        p -= self.lr * g / (np.sqrt(self.sums[i]) + self.eps)


class RMSprop(Optimizer):
    """Per-parameter learning rates from a moving average of squared gradients.

    ``v = alpha * v + (1 - alpha) * g**2``, then ``p -= lr * g / (sqrt(v) + eps)``.
    """

    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-8):
        super().__init__(params, lr)
        self.alpha = check_fraction(alpha, "alpha")
        self.eps = check_positive_number(eps, "eps")
        self.square_avg = [np.zeros_like(p) for p in self.params]

    def _update(self, i, p, g):
        v = self.square_avg[i]
        v *= self.alpha
        v += (1 - self.alpha) * g * g
        p -= self.lr * g / (np.sqrt(v) + self.eps)


class Adam(Optimizer):
    """Momentum on the gradient plus RMSprop's scaling, both bias-corrected.

    ``m = b1 m + (1 - b1) g``; ``v = b2 v + (1 - b2) g**2``;
    ``p -= lr * (m / (1 - b1**t)) / (sqrt(v / (1 - b2**t)) + eps)``.
    ``weight_decay`` here is an L2 term added to the gradient (as ``torch.optim.Adam``).
    """

    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(params, lr)
        self.b1, self.b2 = (check_fraction(b, f"betas[{i}]") for i, b in enumerate(betas))
        self.eps = check_positive_number(eps, "eps")
        self.weight_decay = check_nonnegative_number(weight_decay, "weight_decay")
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]

    def _update(self, i, p, g):
        if self.weight_decay:
            g = g + self.weight_decay * p
        self._adam_step(i, p, g)

    def _adam_step(self, i, p, g):
        m, v = self.m[i], self.v[i]
        m *= self.b1
        m += (1 - self.b1) * g
        v *= self.b2
        v += (1 - self.b2) * g * g
        m_hat = m / (1 - self.b1**self.t)
        v_hat = v / (1 - self.b2**self.t)
        p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


class AdamW(Adam):
    """Adam with decoupled weight decay: ``p *= 1 - lr * weight_decay`` before the Adam step."""

    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01):
        super().__init__(params, lr, betas, eps, weight_decay=0.0)
        self.decoupled_weight_decay = check_nonnegative_number(weight_decay, "weight_decay")

    def _update(self, i, p, g):
        p *= 1 - self.lr * self.decoupled_weight_decay
        self._adam_step(i, p, g)


def step_decay_lr(epoch: int, base_lr: float, step_size: int, gamma: float = 0.1) -> float:
    """Learning rate at ``epoch`` when it is multiplied by ``gamma`` every ``step_size`` epochs."""
    epoch, base_lr = _schedule_args(epoch, base_lr)
    step_size = check_positive_int(step_size, "step_size")
    gamma = check_positive_number(gamma, "gamma")
    return base_lr * gamma ** (epoch // step_size)


def cosine_lr(epoch: int, base_lr: float, total: int, min_lr: float = 0.0) -> float:
    """Cosine annealing from ``base_lr`` at epoch 0 to ``min_lr`` at epoch ``total``."""
    epoch, base_lr = _schedule_args(epoch, base_lr)
    total = check_positive_int(total, "total")
    if not (isinstance(min_lr, int | float) and 0 <= min_lr <= base_lr):
        raise ValueError(f"min_lr must be a number in [0, base_lr = {base_lr}], got {min_lr!r}")
    return min_lr + (base_lr - min_lr) * (1 + math.cos(math.pi * epoch / total)) / 2


def warmup_lr(epoch: int, base_lr: float, warmup: int) -> float:
    """Linear warm-up from ``base_lr / warmup`` to ``base_lr`` over the first ``warmup`` epochs."""
    epoch, base_lr = _schedule_args(epoch, base_lr)
    warmup = check_positive_int(warmup, "warmup")
    return base_lr * min(1.0, (epoch + 1) / warmup)


def _schedule_args(epoch: int, base_lr: float) -> tuple[int, float]:
    return check_positive_int(epoch, "epoch", minimum=0), check_positive_number(base_lr, "base_lr")
