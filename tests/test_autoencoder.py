import pytest
import torch

from dlcourse.models import Autoencoder, count_parameters


def test_autoencoder_mirrors_its_encoder_and_keeps_pixels_in_range():
    torch.manual_seed(0)
    model = Autoencoder([64, 32, 8])
    x = torch.rand(5, 64)
    z = model.encode(x)
    assert z.shape == (5, 8)
    out = model(x)
    assert out.shape == (5, 64) and out.min() >= 0 and out.max() <= 1
    # Encoder 64*32+32 + 32*8+8, decoder 8*32+32 + 32*64+64.
    assert count_parameters(model) == (64 * 32 + 32 + 32 * 8 + 8) + (8 * 32 + 32 + 32 * 64 + 64)
    linear = Autoencoder([4, 2], output="linear")
    assert [type(m) for m in linear.decoder] == [torch.nn.Linear]


def test_autoencoder_learns_to_reconstruct_data_on_a_low_dimensional_plane():
    # Data on a 2-D plane in 6-D: a 2-number code suffices, so the error must fall far below
    # the data's variance.
    torch.manual_seed(0)
    basis = torch.randn(2, 6)
    x = torch.randn(256, 2) @ basis
    model = Autoencoder([6, 2], output="linear")
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    for _ in range(300):
        loss = torch.nn.functional.mse_loss(model(x), x)
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert loss.item() < 0.01 * x.var().item()


def test_autoencoder_errors_name_the_expected_shape():
    model = Autoencoder([64, 16, 2])
    with pytest.raises(ValueError, match=r"x must have shape \(N, 64\)"):
        model(torch.rand(3, 8, 8))
    with pytest.raises(ValueError, match=r"z must have shape \(N, 2\)"):
        model.decode(torch.rand(3, 3))
    with pytest.raises(ValueError, match="output must be 'sigmoid' or 'linear'"):
        Autoencoder([4, 2], output="tanh")
    with pytest.raises(ValueError, match="needs an input and an output size"):
        Autoencoder([4])
