"""dlcourse: deep learning from scratch in NumPy, checked against PyTorch.

Each module implements one concept the course teaches:

- ``dlcourse.scratch``: NumPy from scratch: activations, losses, layers, MLP, perceptron, a scalar
  autograd engine, optimizers, convolution and pooling, RNN and LSTM with BPTT,
  attention and positional encodings.
- ``dlcourse.models``: PyTorch ``nn.Module`` s (MLP, a small CNN, RNN/LSTM/GRU sequence models,
  an autoencoder, a GAN, a transformer encoder).
- ``dlcourse.data``: offline data sets, splits, transforms, augmentation, the IDX loader.
- ``dlcourse.train`` and ``dlcourse.metrics``: the training loop; classification metrics.
- ``dlcourse.gradcheck`` and ``dlcourse.diagnostics``: numerical gradients; gradient norms.
- ``dlcourse.interpret``: saliency maps.
- ``dlcourse.plot``: figures the chapters share.
- ``dlcourse.checks``: self-check helpers that explain common mistakes in one line.
- ``dlcourse.device`` and ``dlcourse.reproducibility``: which device to use, and seeding.
- ``dlcourse.bench``: timing CPUs and GPUs correctly, the hardware and its theoretical peak
  (``python -m dlcourse.bench``).
- ``dlcourse.distributed``: data-parallel training with ``torch.distributed``, on CPUs too.
"""

from dlcourse.device import best_device
from dlcourse.reproducibility import seed_everything

__version__ = "0.1.0"
__all__ = ["best_device", "seed_everything", "__version__"]
