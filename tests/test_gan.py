import numpy as np
import pytest
import torch
import torch.nn.functional as F

from dlcourse.data.toy import make_ring_of_gaussians
from dlcourse.models.gan import (
    Discriminator,
    Generator,
    classifier_scores,
    discriminator_loss,
    generator_loss,
    mode_coverage,
    train_gan,
)


def test_losses_match_their_formulas():
    torch.manual_seed(0)
    real, fake = torch.randn(7), torch.randn(7)
    s = torch.sigmoid
    expected_d = -torch.log(s(real)).mean() - torch.log(1 - s(fake)).mean()
    torch.testing.assert_close(discriminator_loss(real, fake), expected_d)
    torch.testing.assert_close(generator_loss(fake), -torch.log(s(fake)).mean())
    torch.testing.assert_close(generator_loss(fake, "minimax"), torch.log(1 - s(fake)).mean())
    with pytest.raises(ValueError, match="kind must be"):
        generator_loss(fake, "wasserstein")


def test_minimax_gradient_vanishes_when_the_discriminator_is_confident():
    # The reason for the non-saturating loss: at D(G(z)) -> 0 the minimax gradient -> 0.
    logit = torch.tensor([-8.0], requires_grad=True)
    (g_minimax,) = torch.autograd.grad(generator_loss(logit, "minimax"), logit)
    (g_ns,) = torch.autograd.grad(generator_loss(logit), logit)
    assert abs(g_minimax.item()) < 1e-3 < abs(g_ns.item())


def test_packed_discriminator_judges_groups():
    D = Discriminator(2, [8], pack=4)
    assert D(torch.randn(12, 2)).shape == (3,)
    with pytest.raises(ValueError, match=r"batch size \(10\) must be a multiple of pack \(4\)"):
        D(torch.randn(10, 2))
    with pytest.raises(ValueError, match=r"x must have shape \(N, 2\)"):
        D(torch.randn(12, 3))


def test_generator_shapes_and_output_ranges():
    torch.manual_seed(0)
    G = Generator(4, [16], 64, output="sigmoid")
    x = G.sample(10)
    assert x.shape == (10, 64) and x.min() >= 0 and x.max() <= 1
    with pytest.raises(ValueError, match=r"z must have shape \(N, 4\)"):
        G(torch.randn(3, 5))
    with pytest.raises(ValueError, match="output must be one of"):
        Generator(4, [16], 2, output="relu")


def test_a_short_gan_run_moves_samples_onto_the_data():
    X, centers = make_ring_of_gaussians(n=2000, modes=4, radius=2.0, std=0.05, seed=0)
    torch.manual_seed(0)
    G, D = Generator(4, [32, 32], 2), Discriminator(2, [32, 32])
    with torch.no_grad():
        before = mode_coverage(G.sample(500).numpy(), centers, 0.5)[1]
    history = train_gan(G, D, X, steps=600, batch_size=64, snapshot_steps=(1, 600), seed=0)
    with torch.no_grad():
        after = mode_coverage(G.sample(500).numpy(), centers, 0.5)[1]
    assert len(history.d_loss) == 600 and set(history.snapshots) == {1, 600}
    assert after > before + 0.3


def test_train_gan_names_mismatches():
    X, _ = make_ring_of_gaussians(n=100)
    with pytest.raises(ValueError, match="data has 2 values per sample but the discriminator"):
        train_gan(Generator(2, [4], 3), Discriminator(3, [4]), X, steps=1)
    with pytest.raises(ValueError, match=r"batch_size \(10\) must be a multiple"):
        train_gan(Generator(2, [4], 2), Discriminator(2, [4], pack=3), X, steps=1, batch_size=10)
    for bad in (0, -1e-3, float("nan"), "0.01"):
        with pytest.raises(ValueError, match="lr_d must be a positive number"):
            train_gan(Generator(2, [4], 2), Discriminator(2, [4]), X, steps=1, lr_d=bad)
    with pytest.raises(ValueError, match="lr_g must be a positive number"):
        train_gan(Generator(2, [4], 2), Discriminator(2, [4]), X, steps=1, lr_g=0)


def test_mode_coverage_counts_modes_and_good_samples():
    centers = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])
    samples = np.r_[np.zeros((50, 2)), np.full((49, 2), [10.0, 0.0]), [[5.0, 5.0]]]
    assert mode_coverage(samples, centers, radius=1.0) == (2, 0.99)


def test_ring_of_gaussians_puts_points_around_the_centres():
    X, centers = make_ring_of_gaussians(n=4000, modes=8, radius=2.0, std=0.05, seed=1)
    np.testing.assert_allclose(np.linalg.norm(centers, axis=1), 2.0)
    assert mode_coverage(X, centers, radius=0.25) == (8, 1.0)
    with pytest.raises(ValueError, match="std must be a positive number"):
        make_ring_of_gaussians(std=0.0)


def test_classifier_scores_against_a_direct_computation():
    from scipy.stats import entropy

    rng = np.random.default_rng(0)
    p = rng.dirichlet(np.ones(5) * 0.3, size=200)
    scores = classifier_scores(p)
    marginal = p.mean(axis=0)
    kl = np.array([entropy(row, marginal) for row in p])  # scipy's KL divergence
    assert scores["score"] == pytest.approx(np.exp(kl.mean()), rel=1e-6)
    assert scores["classes_covered"] == pytest.approx(np.exp(entropy(marginal)), rel=1e-6)
    assert scores["confidence"] == pytest.approx(p.max(axis=1).mean())
    # Extremes: one-hot and evenly spread over 5 classes -> the maximum, 5; all one class -> 1.
    assert classifier_scores(np.tile(np.eye(5), (4, 1)))["score"] == pytest.approx(5.0)
    same = classifier_scores(np.tile([1.0, 0, 0, 0, 0], (10, 1)))
    assert same["score"] == pytest.approx(1.0) and same["classes_covered"] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="sum to 1"):
        classifier_scores(np.ones((3, 4)))
    softmax = F.softmax(torch.randn(6, 3), dim=1).numpy()
    assert 1.0 <= classifier_scores(softmax)["score"] <= 3.0
