import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

import dlcourse
from dlcourse.plot import image_grid, plot_decision_boundary


def test_decision_boundary_draws_the_half_contour_where_predict_says():
    X = np.array([[-1.0, 0.0], [1.0, 0.0]])
    y = np.array([0, 1])
    ax = plot_decision_boundary(lambda p: (p[:, 0] > 0).astype(float), X, y, resolution=101)
    boundary = ax.collections[1]  # contourf, then the 0.5 contour
    xs = np.concatenate([path.vertices[:, 0] for path in boundary.get_paths()])
    assert xs.size > 0 and np.all(np.abs(xs) < 0.05), "the boundary should be the line x1 = 0"
    plt.close(ax.figure)


def test_decision_boundary_rejects_data_it_cannot_draw():
    with pytest.raises(ValueError, match="2 features"):
        plot_decision_boundary(lambda p: p[:, 0], np.ones((4, 3)), np.zeros(4))
    with pytest.raises(ValueError, match=r"y must have shape \(4,\)"):
        plot_decision_boundary(lambda p: p[:, 0], np.ones((4, 2)), np.zeros(3))


def test_best_device_falls_back_to_the_cpu_when_no_accelerator_is_present():
    device = dlcourse.best_device()
    if torch.cuda.is_available():
        assert device.type == "cuda"
    elif torch.backends.mps.is_available():
        assert device.type == "mps"
    else:
        assert device.type == "cpu"
    torch.zeros(1, device=device)  # the device is usable


def test_seed_everything_makes_numpy_and_torch_repeat():
    rng = dlcourse.seed_everything(5)
    a, ta = rng.standard_normal(3), torch.randn(3)
    rng = dlcourse.seed_everything(5)
    np.testing.assert_array_equal(a, rng.standard_normal(3))
    assert torch.equal(ta, torch.randn(3))


@pytest.mark.parametrize(("seed", "error"), [(-1, ValueError), (1.5, TypeError), (True, TypeError)])
def test_seed_everything_rejects_bad_seeds(seed, error):
    with pytest.raises(error, match="seed"):
        dlcourse.seed_everything(seed)


def test_image_grid_places_each_image_in_its_cell():
    images = np.arange(5 * 6, dtype=float).reshape(5, 6)  # five 2x3 images
    grid = image_grid(images, ncols=2, shape=(2, 3), gap=1)
    assert grid.shape == (3 * 2 + 2, 2 * 3 + 1)
    for i in range(5):
        r, c = divmod(i, 2)
        np.testing.assert_array_equal(
            grid[3 * r : 3 * r + 2, 4 * c : 4 * c + 3], images[i].reshape(2, 3)
        )
    assert np.isnan(grid[2]).all() and np.isnan(grid[:, 3]).all()  # the gaps
    assert np.isnan(grid[6:, 4:]).all()  # the empty sixth cell
    np.testing.assert_array_equal(
        image_grid(images.reshape(5, 2, 3), 5, (2, 3), gap=0), np.hstack(images.reshape(5, 2, 3))
    )


def test_image_grid_rejects_mismatched_images():
    with pytest.raises(ValueError, match="8x8 images"):
        image_grid(np.zeros((4, 63)), 2)
    with pytest.raises(ValueError, match="must not be empty"):
        image_grid(np.zeros((0, 64)), 2)
    with pytest.raises(ValueError, match="ncols must be a positive integer"):
        image_grid(np.zeros((4, 64)), 0)
