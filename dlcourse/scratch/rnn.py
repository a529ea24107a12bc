"""Recurrent layers in NumPy: the vanilla (Elman) RNN and the LSTM, with backpropagation in time.

Shapes and parameters follow PyTorch's ``nn.RNN``/``nn.LSTM`` (one layer, ``batch_first=False``):

- input ``x (T, N, D)``: time steps, batch, features; initial state ``h0 (N, H)`` (and ``c0``);
- ``w_ih (G*H, D)``, ``w_hh (G*H, H)``, ``b_ih (G*H,)``, ``b_hh (G*H,)``, with ``G = 1`` for the
  RNN and ``G = 4`` for the LSTM, whose gates are stacked in PyTorch's order: input ``i``,
  forget ``f``, cell candidate ``g``, output ``o``;
- output ``hs (T, N, H)``: the hidden state at every step.

So ``rnn_forward(x, h0, *[p.detach().numpy() for p in torch_rnn.parameters()])`` computes the
same numbers as ``torch_rnn(x, h0[None])``.

The backward functions take ``dhs``, the gradient of the loss with respect to every hidden
state (zeros where the loss does not look), and walk the sequence backwards: the gradient
reaching ``h_t`` is what the loss sends to it directly plus what flows back from ``h_{t+1}``.
That backward walk is backpropagation through time (BPTT).
"""

import numpy as np

from dlcourse.scratch.activations import sigmoid
from dlcourse.validation import as_float_array


def _check_recurrent(x, h0, w_ih, w_hh, b_ih, b_hh, gates: int) -> tuple:
    x = as_float_array(x, "x")
    if x.ndim != 3:
        raise ValueError(
            f"x must have shape (T, N, D): time steps, batch, features; got shape {x.shape}"
        )
    w_ih = as_float_array(w_ih, "w_ih", ndim=2)
    w_hh = as_float_array(w_hh, "w_hh", ndim=2)
    hidden = w_hh.shape[1]
    if w_hh.shape != (gates * hidden, hidden):
        raise ValueError(
            f"w_hh must have shape ({gates} * H, H) = {(gates * hidden, hidden)}, got {w_hh.shape}"
        )
    if w_ih.shape != (gates * hidden, x.shape[2]):
        raise ValueError(
            f"w_ih must have shape {(gates * hidden, x.shape[2])} for {x.shape[2]} input "
            f"features and hidden size {hidden}, got {w_ih.shape}"
        )
    b_ih = as_float_array(b_ih, "b_ih", ndim=1)
    b_hh = as_float_array(b_hh, "b_hh", ndim=1)
    for name, b in (("b_ih", b_ih), ("b_hh", b_hh)):
        if b.shape != (gates * hidden,):
            raise ValueError(f"{name} must have shape ({gates * hidden},), got {b.shape}")
    h0 = _initial_state(h0, "h0", x.shape[1], hidden, x.dtype)
    return x, h0, w_ih, w_hh, b_ih, b_hh


def _initial_state(h0, name: str, batch: int, hidden: int, dtype) -> np.ndarray:
    if h0 is None:
        return np.zeros((batch, hidden), dtype=dtype)
    h0 = as_float_array(h0, name)
    if h0.shape != (batch, hidden):
        raise ValueError(f"{name} must have shape (N, H) = {(batch, hidden)}, got {h0.shape}")
    return h0


def _check_dhs(dhs, shape: tuple) -> np.ndarray:
    dhs = as_float_array(dhs, "dhs")
    if dhs.shape != shape:
        raise ValueError(
            f"dhs must have the shape of the hidden states {shape}, got {dhs.shape}; "
            "put zeros at the steps the loss does not use"
        )
    return dhs


def rnn_forward(x, h0, w_ih, w_hh, b_ih, b_hh) -> tuple[np.ndarray, tuple]:
    """Vanilla RNN: ``h_t = tanh(x_t @ w_ih.T + b_ih + h_{t-1} @ w_hh.T + b_hh)``.

    ``h0`` may be ``None`` for zeros. Returns ``(hs, cache)`` with ``hs (T, N, H)``.
    """
    x, h0, w_ih, w_hh, b_ih, b_hh = _check_recurrent(x, h0, w_ih, w_hh, b_ih, b_hh, gates=1)
    steps = x.shape[0]
    # The input part of every step at once: one matrix product instead of T small ones.
    x_part = x @ w_ih.T + b_ih
    hs = np.empty((steps, x.shape[1], w_hh.shape[0]), dtype=np.result_type(x, w_hh, h0))
    h = h0
    for t in range(steps):
        h = np.tanh(x_part[t] + h @ w_hh.T + b_hh)
        hs[t] = h
    return hs, (x, h0, w_ih, w_hh, hs)


def rnn_backward(dhs, cache: tuple) -> dict[str, np.ndarray]:
    """BPTT for :func:`rnn_forward`.

    Returns a dict with the gradients for ``x, h0, w_ih, w_hh, b_ih, b_hh``, and ``hs``: the
    total gradient reaching each hidden state ``h_t`` (directly from the loss and through all
    later steps), the quantity that vanishes or explodes over long distances.
    """
    x, h0, w_ih, w_hh, hs = cache
    dhs = _check_dhs(dhs, hs.shape)
    dx = np.empty_like(x, dtype=hs.dtype)
    dw_ih, dw_hh = np.zeros_like(w_ih), np.zeros_like(w_hh)
    db = np.zeros(w_hh.shape[0], dtype=hs.dtype)
    dh_next = np.zeros_like(h0)
    dh_total = np.empty_like(hs)
    for t in reversed(range(x.shape[0])):
        h_prev = hs[t - 1] if t > 0 else h0
        dh = dhs[t] + dh_next  # from the loss at step t, and from step t + 1
        dh_total[t] = dh
        da = dh * (1.0 - hs[t] ** 2)  # back through tanh
        dx[t] = da @ w_ih
        dw_ih += da.T @ x[t]
        dw_hh += da.T @ h_prev
        db += da.sum(axis=0)
        dh_next = da @ w_hh
    return {
        "x": dx,
        "h0": dh_next,
        "w_ih": dw_ih,
        "w_hh": dw_hh,
        "b_ih": db,
        "b_hh": db.copy(),
        "hs": dh_total,
    }


def lstm_forward(x, h0, c0, w_ih, w_hh, b_ih, b_hh) -> tuple[tuple[np.ndarray, np.ndarray], tuple]:
    """LSTM with PyTorch's equations and gate order (i, f, g, o)::

        i, f, o = sigmoid(.), g = tanh(.)      of  x_t @ w_ih.T + b_ih + h_{t-1} @ w_hh.T + b_hh
        c_t = f * c_{t-1} + i * g
        h_t = o * tanh(c_t)

    ``h0``/``c0`` may be ``None`` for zeros. Returns ``((hs, cs), cache)``, both ``(T, N, H)``.
    """
    x, h0, w_ih, w_hh, b_ih, b_hh = _check_recurrent(x, h0, w_ih, w_hh, b_ih, b_hh, gates=4)
    steps, batch = x.shape[:2]
    hidden = w_hh.shape[1]
    c0 = _initial_state(c0, "c0", batch, hidden, x.dtype)
    x_part = x @ w_ih.T + b_ih
    dtype = np.result_type(x, w_hh, h0, c0)
    hs = np.empty((steps, batch, hidden), dtype=dtype)
    cs = np.empty_like(hs)
    gates = np.empty((steps, batch, 4 * hidden), dtype=dtype)  # after their nonlinearities
    h, c = h0, c0
    for t in range(steps):
        a = x_part[t] + h @ w_hh.T + b_hh
        i, f, g, o = np.split(a, 4, axis=1)
        i, f, g, o = sigmoid(i), sigmoid(f), np.tanh(g), sigmoid(o)
        c = f * c + i * g
        h = o * np.tanh(c)
        gates[t] = np.concatenate([i, f, g, o], axis=1)
        hs[t], cs[t] = h, c
    return (hs, cs), (x, h0, c0, w_ih, w_hh, hs, cs, gates)


def lstm_backward(dhs, cache: tuple, dc_last=None) -> dict[str, np.ndarray]:
    """BPTT for :func:`lstm_forward`.

    ``dhs`` is the gradient with respect to every ``h_t``; ``dc_last`` (optional) the gradient
    with respect to the final cell state. Returns a dict with ``x, h0, c0, w_ih, w_hh, b_ih,
    b_hh`` gradients.
    """
    x, h0, c0, w_ih, w_hh, hs, cs, gates = cache
    dhs = _check_dhs(dhs, hs.shape)
    dx = np.empty_like(x, dtype=hs.dtype)
    dw_ih, dw_hh = np.zeros_like(w_ih), np.zeros_like(w_hh)
    db = np.zeros(w_hh.shape[0], dtype=hs.dtype)
    dh_next = np.zeros_like(h0)
    dc_next = np.zeros_like(c0) if dc_last is None else _check_dhs(dc_last, c0.shape)
    for t in reversed(range(x.shape[0])):
        i, f, g, o = np.split(gates[t], 4, axis=1)
        h_prev = hs[t - 1] if t > 0 else h0
        c_prev = cs[t - 1] if t > 0 else c0
        tanh_c = np.tanh(cs[t])
        dh = dhs[t] + dh_next
        dc = dc_next + dh * o * (1.0 - tanh_c**2)
        # Gradients with respect to the gates' pre-activations, in the order i, f, g, o.
        da = np.concatenate(
            [
                dc * g * i * (1.0 - i),
                dc * c_prev * f * (1.0 - f),
                dc * i * (1.0 - g**2),
                dh * tanh_c * o * (1.0 - o),
            ],
            axis=1,
        )
        dx[t] = da @ w_ih
        dw_ih += da.T @ x[t]
        dw_hh += da.T @ h_prev
        db += da.sum(axis=0)
        dh_next = da @ w_hh
        dc_next = dc * f
    return {
        "x": dx,
        "h0": dh_next,
        "c0": dc_next,
        "w_ih": dw_ih,
        "w_hh": dw_hh,
        "b_ih": db,
        "b_hh": db.copy(),
    }
