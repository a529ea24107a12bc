"""dlcourse: deep learning from scratch in NumPy, checked against PyTorch.

Each module implements one concept the course teaches:

- ``dlcourse.scratch``: NumPy implementations (activations, layers, MLP forward pass, perceptron).
- ``dlcourse.models``: the same ideas as PyTorch ``nn.Module`` s.
- ``dlcourse.data``: offline, seeded data sets.
- ``dlcourse.plot``: figures the chapters share.
- ``dlcourse.checks``: self-check helpers that explain common mistakes in one line.
- ``dlcourse.device`` and ``dlcourse.reproducibility``: which device to use, and seeding.
"""

from dlcourse.device import best_device
from dlcourse.reproducibility import seed_everything

__version__ = "0.1.0"
__all__ = ["best_device", "seed_everything", "__version__"]
