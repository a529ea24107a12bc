"""Bad input gets a clear error from every public function, never a silent wrong answer.

``CALLS`` holds a valid call of each public function of ``dlcourse`` that takes data. Each test
spoils one argument of a valid call (None, text, a tensor where an array belongs, an empty array,
mismatched lengths, values out of range, a non-positive size) and expects a ``TypeError`` or
``ValueError`` whose one-line message names the argument. The last test checks that every public
function is here or has a stated reason not to be.
"""

import importlib
import inspect
import pkgutil
import re

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import dlcourse
from dlcourse import gradcheck, metrics, plot, train
from dlcourse.data import idx, loaders, sequences, splits, toy, transforms
from dlcourse.models import gan, transformer
from dlcourse.models.autoencoder import Autoencoder
from dlcourse.scratch import (
    activations,
    attention,
    conv,
    layers,
    losses,
    mlp,
    optim,
    perceptron,
    rnn,
)

RNG = np.random.default_rng(0)


def arr(*shape):
    return RNG.normal(size=shape)


def labels(n, k=3):
    return np.arange(n) % k


def probs(n):
    return RNG.uniform(0.05, 0.95, size=n)


def rnn_args(n=2, t=3, f=4, h=5, gates=1):
    return dict(
        x=arr(t, n, f),
        h0=np.zeros((n, h)),
        w_ih=arr(gates * h, f),
        w_hh=arr(gates * h, h),
        b_ih=arr(gates * h),
        b_hh=arr(gates * h),
    )


def lstm_args():
    return rnn_args(gates=4) | {"c0": np.zeros((2, 5))}


# name -> (function, a valid call's keyword arguments, the arguments that are NumPy arrays)
ELEMENTWISE = ["step", "relu", "relu_grad", "sigmoid", "sigmoid_grad", "tanh", "tanh_grad"]
ELEMENTWISE += ["identity", "leaky_relu", "leaky_relu_grad", "gelu", "gelu_grad"]
ELEMENTWISE += ["softmax", "log_softmax"]
CALLS = {
    f"activations.{n}": (getattr(activations, n), lambda: {"z": arr(4, 3)}) for n in ELEMENTWISE
}
for _name in ["mse", "mse_grad", "mae", "mae_grad", "huber", "huber_grad"]:
    CALLS[f"losses.{_name}"] = (getattr(losses, _name), lambda: {"pred": arr(6), "target": arr(6)})
GROUPS = {  # functions that take the same arguments
    ("losses", "bce_with_logits", "bce_with_logits_grad"): lambda: {
        "logits": arr(6),
        "target": labels(6, 2),
    },
    ("losses", "cross_entropy", "cross_entropy_grad"): lambda: {
        "logits": arr(6, 3),
        "labels": labels(6),
    },
    ("metrics", "accuracy_score", "confusion_matrix", "precision_recall_f1"): lambda: {
        "y_true": labels(6),
        "y_pred": labels(6)[::-1].copy(),
    },
    ("metrics", "roc_curve", "roc_auc", "precision_recall_curve", "average_precision"): lambda: {
        "y_true": labels(6, 2),
        "scores": probs(6),
    },
}
for (_module, *_names), _valid in GROUPS.items():
    for _name in _names:
        _function = getattr({"losses": losses, "metrics": metrics}[_module], _name)
        CALLS[f"{_module}.{_name}"] = (_function, _valid)
CALLS |= {
    "losses.binary_cross_entropy": (
        losses.binary_cross_entropy,
        lambda: {"prob": probs(6), "target": labels(6, 2)},
    ),
    "layers.linear_forward": (
        layers.linear_forward,
        lambda: {"x": arr(4, 3), "w": arr(3, 2), "b": arr(2)},
    ),
    "conv.im2col": (conv.im2col, lambda: {"x": arr(2, 1, 5, 5), "kh": 3, "kw": 3}),
    "conv.conv2d_forward": (
        conv.conv2d_forward,
        lambda: {"x": arr(2, 1, 5, 5), "w": arr(4, 1, 3, 3), "b": arr(4)},
    ),
    "conv.maxpool2d_forward": (conv.maxpool2d_forward, lambda: {"x": arr(2, 1, 4, 4)}),
    "rnn.rnn_forward": (rnn.rnn_forward, rnn_args),
    "rnn.lstm_forward": (rnn.lstm_forward, lstm_args),
    "attention.scaled_dot_product_attention": (
        attention.scaled_dot_product_attention,
        lambda: {"q": arr(2, 3, 4), "k": arr(2, 5, 4), "v": arr(2, 5, 6)},
    ),
    "mlp.mlp_forward": (mlp.mlp_forward, lambda: {"x": arr(4, 3), "params": [(arr(3, 2), arr(2))]}),
    "mlp.mlp_loss_and_grads": (
        mlp.mlp_loss_and_grads,
        lambda: {"x": arr(4, 3), "labels": labels(4, 2), "params": [(arr(3, 2), arr(2))]},
    ),
    "perceptron.perceptron_predict": (
        perceptron.perceptron_predict,
        lambda: {"x": arr(4, 2), "w": arr(2), "b": 0.0},
    ),
    "perceptron.train_perceptron": (
        perceptron.train_perceptron,
        lambda: {"x": arr(4, 2), "y": labels(4, 2)},
    ),
    "metrics.auc": (metrics.auc, lambda: {"x": np.linspace(0, 1, 5), "y": probs(5)}),
    "gradcheck.rel_error": (gradcheck.rel_error, lambda: {"a": arr(3), "b": arr(3)}),
    "gradcheck.numerical_gradient": (
        gradcheck.numerical_gradient,
        lambda: {"f": lambda v: float(np.sum(v**2)), "x": arr(3)},
    ),
    "plot.image_grid": (plot.image_grid, lambda: {"images": arr(4, 64), "ncols": 2}),
    "transforms.one_hot": (transforms.one_hot, lambda: {"labels": labels(5), "n_classes": 3}),
    "transforms.shift_images": (
        transforms.shift_images,
        lambda: {"X": arr(3, 64), "dy": 1, "dx": 0},
    ),
    "splits.train_val_test_split": (
        splits.train_val_test_split,
        lambda: {"X": arr(40, 2), "y": labels(40, 2)},
    ),
    "sequences.make_windows": (sequences.make_windows, lambda: {"series": arr(20), "window": 4}),
    "loaders.tensor_loader": (loaders.tensor_loader, lambda: {"X": arr(8, 2), "y": labels(8, 2)}),
    "gan.mode_coverage": (
        gan.mode_coverage,
        lambda: {"samples": arr(10, 2), "centers": arr(3, 2), "radius": 0.5},
    ),
    "gan.classifier_scores": (
        gan.classifier_scores,
        lambda: {"probabilities": activations.softmax(arr(5, 3))},
    ),
}
ARRAY_ARGS = {
    name: [k for k, v in valid().items() if isinstance(v, np.ndarray)]
    for name, (_, valid) in CALLS.items()
}

# Two arguments that must agree in length (or size of the named axis).
PAIRED = {
    name: tuple(ARRAY_ARGS[name][:2])
    for name in CALLS
    if name.startswith(("losses.", "metrics.", "gradcheck.rel_error", "splits.", "loaders."))
}


def call(name, **changes):
    function, valid = CALLS[name]
    return function(**(valid() | changes))


def names(message: str, argument: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(argument)}(?!\w)", message) is not None


def assert_clear_error(name, argument, exc_info):
    message = str(exc_info.value)
    assert "\n" not in message.strip(), f"{name}: the message is not one line: {message!r}"
    assert names(message, argument), f"{name}: the message does not name {argument!r}: {message!r}"


def test_every_valid_call_works():
    for function, valid in CALLS.values():
        function(**valid())


SPOILERS = {
    "None": lambda a: None,
    "text": lambda a: "not an array",
    "strings": lambda a: np.full(a.shape, "x"),
    "a tensor": lambda a: torch.as_tensor(a),
    "empty": lambda a: a[:0],
}


# Spoiled input that some functions rightly accept: (function, spoiler) -> what they return then.
ACCEPTED = {
    ("transforms.one_hot", "empty"): "no labels give a matrix with no rows",
}
# Initial states that may be None for zeros (the valid calls pass zeros).
NONE_IS_ZEROS = {("rnn.rnn_forward", "h0"), ("rnn.lstm_forward", "h0"), ("rnn.lstm_forward", "c0")}


def optional(name, argument):
    return inspect.signature(CALLS[name][0]).parameters[argument].default is None


def same(a, b) -> bool:
    if isinstance(a, tuple | list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), equal_nan=True)


@pytest.mark.parametrize("spoiler", SPOILERS)
@pytest.mark.parametrize(
    ("name", "argument"), [(n, a) for n, args in ARRAY_ARGS.items() for a in args]
)
def test_a_spoiled_array_argument_gets_a_clear_error(name, argument, spoiler):
    valid = CALLS[name][1]()
    if spoiler == "None" and optional(name, argument):
        return  # None means "use the default" here
    if spoiler == "None" and (name, argument) in NONE_IS_ZEROS:  # as in torch.nn.RNN/LSTM
        outputs, _ = CALLS[name][0](**(valid | {argument: None}))  # (outputs, cache)
        assert same(outputs, CALLS[name][0](**valid)[0])
        return
    bad = SPOILERS[spoiler](valid[argument])
    if (name, spoiler) in ACCEPTED:
        assert len(call(name, **{argument: bad})) == 0
        return
    try:
        result = CALLS[name][0](**(valid | {argument: bad}))
    except (TypeError, ValueError) as exc:
        message = str(exc)
        assert "\n" not in message.strip(), f"{name}: the message is not one line: {message!r}"
        assert names(message, argument), (
            f"{name}: the message does not name {argument!r}: {message!r}"
        )
        return
    # Only a tensor may be accepted in place of an array, and then it must give the same answer.
    assert spoiler == "a tensor", f"{name} accepted {spoiler} for {argument}: {result!r}"[:300]
    assert same(result, CALLS[name][0](**valid)), f"{name}: a tensor {argument} changes the answer"


@settings(max_examples=25, deadline=None)
@given(name=st.sampled_from(sorted(PAIRED)), extra=st.integers(1, 5), drop=st.booleans())
def test_mismatched_lengths_get_a_clear_error(name, extra, drop):
    first, second = PAIRED[name]
    value = CALLS[name][1]()[second]
    if drop:
        bad = value[: max(len(value) - extra, 1)] if len(value) > 1 else value
    else:
        bad = np.concatenate([value, value[:1].repeat(extra, axis=0)])
    if len(bad) == len(value):
        return
    with pytest.raises(ValueError) as info:
        call(name, **{second: bad})
    assert_clear_error(name, second, info)
    assert names(str(info.value), first), str(info.value)


@settings(max_examples=25, deadline=None)
@given(
    name=st.sampled_from(
        ["losses.cross_entropy", "losses.cross_entropy_grad", "transforms.one_hot"]
    ),
    label=st.one_of(st.integers(-50, -1), st.integers(3, 50)),
)
def test_class_labels_out_of_range_get_a_clear_error(name, label):
    bad = labels(6 if name.startswith("losses") else 5).copy()
    bad[0] = label
    with pytest.raises(ValueError) as info:
        call(name, labels=bad)
    assert_clear_error(name, "labels", info)
    assert str(label) in str(info.value)


@settings(max_examples=25, deadline=None)
@given(p=st.one_of(st.floats(-10, -1e-6), st.floats(1 + 1e-6, 10)))
def test_probabilities_out_of_range_get_a_clear_error(p):
    bad = probs(6)
    bad[2] = p
    with pytest.raises(ValueError) as info:
        call("losses.binary_cross_entropy", prob=bad)
    assert_clear_error("binary_cross_entropy", "prob", info)


SIZES = {
    "toy.make_moons": (lambda n: toy.make_moons(n=n), "n"),
    "toy.make_xor": (lambda n: toy.make_xor(n=n), "n"),
    "sequences.make_adding_problem": (lambda n: sequences.make_adding_problem(length=n), "length"),
    "attention.positional_encoding": (lambda n: attention.positional_encoding(n, 8), "length"),
    "plot.image_grid": (lambda n: plot.image_grid(arr(4, 64), n), "ncols"),
    "transforms.one_hot": (lambda n: transforms.one_hot(labels(3, 1), n), "n_classes"),
    "sequences.make_windows": (lambda n: sequences.make_windows(arr(20), n), "window"),
    "models.MLP": (lambda n: dlcourse.models.MLP([3, n, 2]), "sizes[1]"),
    "models.SequenceModel": (lambda n: dlcourse.models.SequenceModel(2, n, 1), "hidden_size"),
    "models.SmallCNN": (lambda n: dlcourse.models.SmallCNN(n_classes=n), "n_classes"),
    "models.SmallCNN channels": (lambda n: dlcourse.models.SmallCNN(channels=n), "channels"),
    "models.Autoencoder": (lambda n: Autoencoder([4, n, 4]), "sizes[1]"),
    "models.Generator": (lambda n: gan.Generator(2, [8, n], 2), "hidden[1]"),
    "models.Discriminator": (lambda n: gan.Discriminator(2, [8], pack=n), "pack"),
    "models.EncoderBlock": (lambda n: transformer.EncoderBlock(8, 2, n), "d_ff"),
    "models.TransformerEncoderModel": (
        lambda n: transformer.TransformerEncoderModel(2, 1, num_layers=n),
        "num_layers",
    ),
    "models.sinusoidal_encoding": (lambda n: transformer.sinusoidal_encoding(n, 8), "length"),
    "data.make_seasonal_series": (lambda n: sequences.make_seasonal_series(length=n), "length"),
    "data.make_ring_of_gaussians": (
        lambda n: toy.make_ring_of_gaussians(modes=n),
        "modes",
    ),
    "conv.conv_output_size": (lambda n: conv.conv_output_size(8, n), "kernel"),
    "conv.maxpool2d_forward": (lambda n: conv.maxpool2d_forward(arr(1, 1, 4, 4), n), "kernel_size"),
    "mlp.init_mlp_params": (lambda n: mlp.init_mlp_params([3, n], RNG), "sizes[1]"),
    "optim.step_decay_lr": (lambda n: optim.step_decay_lr(3, 0.1, n), "step_size"),
    "optim.cosine_lr": (lambda n: optim.cosine_lr(3, 0.1, n), "total"),
    "optim.warmup_lr": (lambda n: optim.warmup_lr(3, 0.1, n), "warmup"),
    "loaders.tensor_loader": (
        lambda n: loaders.tensor_loader(arr(4, 2), labels(4), n),
        "batch_size",
    ),
    "perceptron.train_perceptron": (
        lambda n: perceptron.train_perceptron(arr(4, 2), labels(4, 2), epochs=n),
        "epochs",
    ),
}


@settings(max_examples=30, deadline=None)
@given(name=st.sampled_from(sorted(SIZES)), n=st.integers(-20, 0))
def test_a_size_below_one_gets_a_clear_error(name, n):
    make, argument = SIZES[name]
    with pytest.raises(ValueError) as info:
        make(n)
    assert_clear_error(name, argument, info)
    assert str(n) in str(info.value)


# Functions whose size arguments the test above spoils.
SIZE_CHECKED = [
    "data.toy.make_moons",
    "data.toy.make_xor",
    "data.toy.make_ring_of_gaussians",
    "data.sequences.make_adding_problem",
    "data.sequences.make_seasonal_series",
    "scratch.attention.positional_encoding",
    "models.transformer.sinusoidal_encoding",
    "scratch.conv.conv_output_size",
    "scratch.mlp.init_mlp_params",
    "scratch.optim.step_decay_lr",
    "scratch.optim.cosine_lr",
    "scratch.optim.warmup_lr",
]


@pytest.mark.parametrize(
    ("make", "argument"),
    [
        (lambda: gan.discriminator_loss(None, torch.zeros(3)), "real_logits"),
        (lambda: gan.discriminator_loss(torch.zeros(3), np.zeros(3)), "fake_logits"),
        (lambda: gan.discriminator_loss(torch.zeros(3, 2), torch.zeros(3)), "real_logits"),
        (lambda: gan.generator_loss(torch.zeros(0)), "fake_logits"),
        (lambda: mlp.count_params(None), "params"),
        (lambda: mlp.count_params([arr(2, 2)]), "params"),
        (lambda: dlcourse.models.count_parameters(arr(3)), "model"),
        (lambda: mlp.params_from_torch([torch.nn.ReLU()]), "nn.Linear"),
        (lambda: train.accuracy(torch.nn.Linear(2, 2), None, labels(4)), "X"),
        (lambda: train.accuracy(torch.nn.Linear(2, 2), arr(4, 2), None), "y"),
        (lambda: train.accuracy(torch.nn.Linear(2, 2), arr(4, 2), labels(3)), "y"),
        (
            lambda: train.evaluate(torch.nn.Linear(2, 2), None, torch.nn.MSELoss()),
            "loader",
        ),
        (
            lambda: train.training_step(
                torch.nn.Linear(2, 1), arr(4, 2), torch.zeros(4, 1), torch.nn.MSELoss(), None
            ),
            "inputs",
        ),
        (lambda: train.save_checkpoint("unused.pt", "a model"), "model"),
        (lambda: toy.make_function_1d(None), "fn"),
        (
            lambda: idx.write_idx("unused.idx", np.zeros(3, complex)),
            "complex64|complex128",
        ),
        (lambda: conv.col2im(arr(5, 7), (1, 1, 4, 4), 3, 3), "cols"),
        (
            lambda: conv.maxpool2d_backward(
                arr(1, 1, 3, 3), conv.maxpool2d_forward(arr(2, 1, 4, 4))[1]
            ),
            "dout",
        ),
        (lambda: rnn.lstm_backward(arr(3, 2, 4), rnn.lstm_forward(**lstm_args())[1]), "dhs"),
    ],
)
def test_bad_input_to_the_torch_and_helper_functions_gets_a_clear_error(
    make, argument, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # nothing may be written outside the test's folder
    with pytest.raises((TypeError, ValueError)) as info:
        make()
    message = str(info.value)
    assert "\n" not in message.strip() and re.search(argument, message), message
    assert not any(tmp_path.iterdir()), "a failed call left a file behind"


# Public functions tested for bad input in another file, or with nothing to spoil.
CHECKED_ELSEWHERE = {
    "bench.": "tests/test_bench.py",
    "checks.": "tests/test_checks.py (the self-check helpers)",
    "grading.": "tests/test_adversarial_grading.py",
    "distributed.": "tests/test_distributed.py",
    "validation.": "the checks used by everything in this file",
    "data.idx.load_mnist": "tests/test_data_pipeline.py (missing files, bad checksums)",
    "data.idx.read_idx": "tests/test_data_pipeline.py (corrupt files)",
    "data.idx.md5": "a missing file raises FileNotFoundError, which says so",
    "data.idx.default_cache": "no arguments",
    "data.registry.list_datasets": "no arguments",
    "data.registry.load_dataset": "tests/test_data_pipeline.py (unknown names)",
    "data.toy.load_digits": "no arguments",
    "data.transforms.augment_digits": "tests/test_data_pipeline.py",
    "device.best_device": "no arguments",
    "diagnostics.layer_gradient_norms": "tests/test_diagnostics.py",
    "interpret.saliency_map": "tests/test_sequences.py",
    "models.gan.train_gan": "tests/test_gan.py",
    "plot.plot_decision_boundary": "tests/test_plot_device_seed.py",
    "reproducibility.seed_everything": "tests/test_plot_device_seed.py",
    "scratch.activations.get_activation": "tests/test_activations.py (unknown names)",
    "scratch.activations.get_activation_grad": "tests/test_activations.py (unknown names)",
    "scratch.attention.multi_head_attention": "tests/test_attention.py",
    "scratch.conv.conv2d_backward": "tests/test_conv.py",
    "scratch.layers.linear_backward": "tests/test_layers.py",
    "scratch.rnn.rnn_backward": "tests/test_rnn_scratch.py",
    "train.fit": "tests/test_fit.py, tests/test_train.py",
    "train.load_checkpoint": "tests/test_fit.py",
    "train.train_full_batch": "tests/test_train.py",
}
TORCH_AND_HELPERS = [
    "models.gan.discriminator_loss",
    "models.gan.generator_loss",
    "scratch.mlp.count_params",
    "models.mlp.count_parameters",
    "scratch.mlp.params_from_torch",
    "train.accuracy",
    "train.evaluate",
    "train.training_step",
    "train.save_checkpoint",
    "data.toy.make_function_1d",
    "data.idx.write_idx",
    "scratch.conv.col2im",
    "scratch.conv.maxpool2d_backward",
    "scratch.rnn.lstm_backward",
]


def public_functions():
    found = set()
    for module_info in pkgutil.walk_packages(dlcourse.__path__, "dlcourse."):
        if module_info.name.endswith("__main__"):
            continue
        module = importlib.import_module(module_info.name)
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(obj):
                found.add(f"{module.__name__.removeprefix('dlcourse.')}.{name}")
    return found


def test_every_public_function_is_checked_here_or_elsewhere():
    here = {f"{fn.__module__}.{fn.__name__}".removeprefix("dlcourse.") for fn, _ in CALLS.values()}
    here |= set(SIZE_CHECKED) | set(TORCH_AND_HELPERS)
    elsewhere = tuple(CHECKED_ELSEWHERE)
    missing = sorted(f for f in public_functions() - here if not f.startswith(elsewhere))
    assert not missing, f"public functions with no bad-input test: {missing}"
