"""Generative adversarial networks: generator, discriminator, their losses, a training loop, scores.

A generator ``G`` maps random codes ``z`` to samples; a discriminator ``D`` outputs a logit, high
for samples it believes real. With ``s = sigmoid``:

- discriminator loss: ``-log s(D(x)) - log(1 - s(D(G(z))))``, binary cross-entropy with real as 1
  and generated as 0;
- generator loss, **minimax** form (the original game): ``log(1 - s(D(G(z))))``, minimised;
- generator loss, **non-saturating** form (used in practice): ``-log s(D(G(z)))``. Both push
  ``D(G(z))`` up, but the minimax gradient vanishes exactly when the generator is bad and the
  discriminator confident, at the start of training.
"""

from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from dlcourse.validation import as_float_array, check_positive_int, check_positive_number

OUTPUTS = {"linear": None, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}


def _mlp(sizes: list[int], activation: type[nn.Module]) -> list[nn.Module]:
    layers: list[nn.Module] = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        layers.append(nn.Linear(a, b))
        if i < len(sizes) - 2:
            layers.append(activation())
    return layers


class Generator(nn.Module):
    """An MLP from ``latent_size`` random numbers to ``output_size`` values.

    ``output`` is ``"linear"`` (any real values, e.g. 2-D points), ``"sigmoid"`` (pixels in
    [0, 1]) or ``"tanh"``. ``sample(n)`` draws ``n`` codes from a standard normal and maps them.
    """

    def __init__(
        self, latent_size: int, hidden: list[int], output_size: int, output: str = "linear"
    ):
        super().__init__()
        if output not in OUTPUTS:
            raise ValueError(f"output must be one of {sorted(OUTPUTS)}, got {output!r}")
        self.latent_size = check_positive_int(latent_size, "latent_size")
        sizes = [self.latent_size, *_hidden(hidden), check_positive_int(output_size, "output_size")]
        layers = _mlp(sizes, nn.ReLU)
        if OUTPUTS[output] is not None:
            layers.append(OUTPUTS[output]())
        self.net = nn.Sequential(*layers)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        if z.ndim != 2 or z.shape[1] != self.latent_size:
            raise ValueError(f"z must have shape (N, {self.latent_size}), got {tuple(z.shape)}")
        return self.net(z)

    def sample(self, n: int, generator: torch.Generator | None = None) -> torch.Tensor:
        z = torch.randn(check_positive_int(n, "n"), self.latent_size, generator=generator)
        return self(z)


class Discriminator(nn.Module):
    """An MLP from samples of ``input_size`` values to one logit ("real" when high).

    With ``pack = m > 1`` it judges ``m`` samples at once, concatenated (PacGAN, Lin et al. 2018):
    a generator that puts out the same few samples is easy to spot in a group, which counters
    mode collapse. The batch size must then be a multiple of ``m``; the output has one logit per
    group.
    """

    def __init__(self, input_size: int, hidden: list[int], pack: int = 1):
        super().__init__()
        self.input_size = check_positive_int(input_size, "input_size")
        self.pack = check_positive_int(pack, "pack")
        sizes = [self.input_size * self.pack, *_hidden(hidden), 1]
        self.net = nn.Sequential(*_mlp(sizes, lambda: nn.LeakyReLU(0.2)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.ndim != 2 or x.shape[1] != self.input_size:
            raise ValueError(f"x must have shape (N, {self.input_size}), got {tuple(x.shape)}")
        if x.shape[0] % self.pack:
            raise ValueError(
                f"the batch size ({x.shape[0]}) must be a multiple of pack ({self.pack})"
            )
        return self.net(x.reshape(-1, self.input_size * self.pack))[:, 0]


def discriminator_loss(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """Binary cross-entropy of the discriminator: real samples labelled 1, generated ones 0."""
    real_logits, fake_logits = (
        _logits(real_logits, "real_logits"),
        _logits(fake_logits, "fake_logits"),
    )
    return F.binary_cross_entropy_with_logits(
        real_logits, torch.ones_like(real_logits)
    ) + F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))


def generator_loss(fake_logits: torch.Tensor, kind: str = "non_saturating") -> torch.Tensor:
    """Generator loss: ``"non_saturating"`` ``-log s(D)``, or ``"minimax"`` ``log(1 - s(D))``."""
    fake_logits = _logits(fake_logits, "fake_logits")
    if kind == "non_saturating":
        return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))
    if kind == "minimax":
        return -F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
    raise ValueError(f"kind must be 'non_saturating' or 'minimax', got {kind!r}")


@dataclass
class GANHistory:
    """Losses per step, and samples (from fixed codes) at the requested steps."""

    d_loss: list[float] = field(default_factory=list)
    g_loss: list[float] = field(default_factory=list)
    snapshots: dict[int, np.ndarray] = field(default_factory=dict)


def train_gan(
    generator: Generator,
    discriminator: Discriminator,
    data: np.ndarray | torch.Tensor,
    steps: int,
    batch_size: int = 128,
    lr_g: float = 1e-3,
    lr_d: float = 1e-3,
    loss: str = "non_saturating",
    snapshot_steps: tuple[int, ...] = (),
    n_snapshot: int = 64,
    seed: int = 0,
) -> GANHistory:
    """Alternate one discriminator step and one generator step, ``steps`` times (Adam, beta1=0.5,
    learning rates ``lr_d`` and ``lr_g``).

    ``data`` holds real samples as rows. At each step in ``snapshot_steps`` the generator's
    output for ``n_snapshot`` fixed codes is stored, to show the same samples evolve.
    """
    steps = check_positive_int(steps, "steps")
    batch_size = check_positive_int(batch_size, "batch_size")
    if batch_size % discriminator.pack:
        raise ValueError(
            f"batch_size ({batch_size}) must be a multiple of the discriminator's pack "
            f"({discriminator.pack})"
        )
    real = torch.as_tensor(as_float_array(data, "data", ndim=2), dtype=torch.float32)
    if real.shape[1] != discriminator.input_size:
        raise ValueError(
            f"data has {real.shape[1]} values per sample but the discriminator expects "
            f"{discriminator.input_size}"
        )
    lr_g, lr_d = check_positive_number(lr_g, "lr_g"), check_positive_number(lr_d, "lr_d")
    generator_loss(torch.zeros(1), loss)  # check the loss name before training
    torch.manual_seed(seed)
    rng = torch.Generator().manual_seed(seed)
    fixed_z = torch.randn(n_snapshot, generator.latent_size, generator=rng)
    opt_d = torch.optim.Adam(discriminator.parameters(), lr=lr_d, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(generator.parameters(), lr=lr_g, betas=(0.5, 0.999))
    history = GANHistory()
    for step in range(1, steps + 1):
        batch = real[torch.randint(0, len(real), (batch_size,), generator=rng)]
        z = torch.randn(batch_size, generator.latent_size, generator=rng)
        fake = generator(z)
        d_loss = discriminator_loss(discriminator(batch), discriminator(fake.detach()))
        opt_d.zero_grad()
        d_loss.backward()
        opt_d.step()
        g_loss = generator_loss(discriminator(fake), loss)
        opt_g.zero_grad()
        g_loss.backward()
        opt_g.step()
        history.d_loss.append(d_loss.item())
        history.g_loss.append(g_loss.item())
        if step in snapshot_steps:
            with torch.no_grad():
                history.snapshots[step] = generator(fixed_z).numpy()
    return history


def mode_coverage(samples: np.ndarray, centers: np.ndarray, radius: float) -> tuple[int, float]:
    """How many modes a generator covers, and the share of its samples that are good.

    A sample is *good* if it lies within ``radius`` of some mode centre; a mode is *covered* if at
    least 1% of the samples are good samples of it (the criterion of Metz et al., 2017, Srivastava
    et al., 2017). Returns ``(modes covered, share of good samples)``.
    """
    samples = as_float_array(samples, "samples", ndim=2)
    centers = as_float_array(centers, "centers", ndim=2)
    if samples.shape[1] != centers.shape[1]:
        raise ValueError(
            f"samples and centers must have the same width, got {samples.shape[1]} and "
            f"{centers.shape[1]}"
        )
    distances = np.linalg.norm(samples[:, None, :] - centers[None, :, :], axis=2)
    nearest = distances.argmin(axis=1)
    good = distances.min(axis=1) <= radius
    counts = np.bincount(nearest[good], minlength=len(centers))
    return int((counts >= 0.01 * len(samples)).sum()), float(good.mean())


def classifier_scores(probabilities: np.ndarray) -> dict[str, float]:
    """Judge samples by a classifier's predicted class probabilities ``(N, classes)``.

    - ``confidence``: mean of the largest probability (clear samples score near 1);
    - ``classes_covered``: ``exp(entropy)`` of the mean prediction, the *effective* number of
      classes (10 for an even spread over 10 classes, 1 if every sample is the same class);
    - ``score``: ``exp(mean KL(p(y|x) || p(y)))``, the Inception Score of Salimans et al. (2016)
      with this classifier in place of Inception: high when each sample is confidently one class
      *and* the classes are diverse. Its maximum is the number of classes.
    """
    p = as_float_array(probabilities, "probabilities", ndim=2)
    if np.any(p < 0) or not np.allclose(p.sum(axis=1), 1.0, atol=1e-4):
        raise ValueError("probabilities must be non-negative rows that sum to 1 (use softmax)")
    eps = 1e-12
    marginal = p.mean(axis=0)
    kl = (p * (np.log(p + eps) - np.log(marginal + eps))).sum(axis=1)
    entropy = -(marginal * np.log(marginal + eps)).sum()
    return {
        "confidence": float(p.max(axis=1).mean()),
        "classes_covered": float(np.exp(entropy)),
        "score": float(np.exp(kl.mean())),
    }


def _hidden(hidden: list[int]) -> list[int]:
    """Hidden layer widths: a list of ints >= 1 (may be empty)."""
    if isinstance(hidden, str | bytes) or not isinstance(hidden, list | tuple):
        raise TypeError(f"hidden must be a list of layer widths, got {type(hidden).__name__}")
    return [check_positive_int(h, f"hidden[{i}]") for i, h in enumerate(hidden)]


def _logits(logits: torch.Tensor, name: str) -> torch.Tensor:
    """The discriminator's logits: a tensor with one number per example, ``(N,)`` or ``(N, 1)``."""
    if not isinstance(logits, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor of logits, got {type(logits).__name__}")
    if logits.numel() == 0 or not (logits.ndim == 1 or (logits.ndim == 2 and logits.shape[1] == 1)):
        raise ValueError(
            f"{name} must hold one logit per example, shape (N,) or (N, 1), got "
            f"{tuple(logits.shape)}"
        )
    return logits
