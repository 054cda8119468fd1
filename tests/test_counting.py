"""Tests for mlp2conv.counting: every formula equals a brute-force count of free parameters.

"Free parameters" is measured, not assumed: the number of parameters of a layer is the
dimension of the set of functions it can compute, i.e. the rank of the linear map from
its parameter vector to its outputs on probe images (the zero image and one image per
pixel). A formula that counted a weight twice, or a weight that never meets a pixel,
would disagree with that rank.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from mlp2conv._validation import format_bytes
from mlp2conv.counting import (
    dense_bytes,
    dense_params,
    local_params,
    receptive_field,
    shared_params,
)
from mlp2conv.layers import dense_layer, local_layer, shared_layer


def _rank_of_layer(layer, n_params, shape, in_channels=1):
    """Rank of theta -> (layer(theta, probe) for all probes) for a layer linear in theta."""
    height, width = shape
    probes = [np.zeros((in_channels, height, width))]
    for c, i, j in itertools.product(range(in_channels), range(height), range(width)):
        probe = np.zeros((in_channels, height, width))
        probe[c, i, j] = 1.0
        probes.append(probe)
    columns = []
    for m in range(n_params):
        theta = np.zeros(n_params)
        theta[m] = 1.0
        columns.append(np.concatenate([np.ravel(layer(theta, x)) for x in probes]))
    return int(np.linalg.matrix_rank(np.stack(columns, axis=1)))


def _dense(theta, x, shape):
    height, width = shape
    n = (height * width) ** 2
    return dense_layer(
        x[0], theta[:n].reshape(height, width, height, width), theta[n:].reshape(shape)
    )


def _shared(theta, x, shape):
    height, width = shape
    return shared_layer(x[0], theta[:-1].reshape(2 * height - 1, 2 * width - 1), theta[-1])


def _multichannel_local(theta, x, delta, c_in, c_out):
    """A convolution layer with channels, built from one-channel local layers."""
    side = 2 * delta + 1
    kernels = theta[: side * side * c_in * c_out].reshape(c_out, c_in, side, side)
    biases = theta[side * side * c_in * c_out :]
    return np.stack(
        [
            biases[o] + sum(local_layer(x[c], kernels[o, c]) for c in range(c_in))
            for o in range(c_out)
        ]
    )


@pytest.mark.parametrize("shape", [(1, 1), (1, 3), (2, 2), (2, 3), (3, 2)])
def test_dense_params_counts_the_free_parameters_of_dense_layer(shape):
    n = dense_params(*shape)
    assert n == _rank_of_layer(lambda t, x: _dense(t, x, shape), n, shape)


def _dense_channels(theta, x, shape, c_in, c_out):
    """A dense layer with channels: every output value its own sum of every input value."""
    height, width = shape
    n = c_out * c_in * (height * width) ** 2
    weights = theta[:n].reshape(c_out, c_in, height, width, height, width)
    bias = theta[n:].reshape(c_out, height, width)
    return np.stack(
        [bias[d] + sum(dense_layer(x[c], weights[d, c]) for c in range(c_in)) for d in range(c_out)]
    )


@pytest.mark.parametrize(
    ("shape", "c_in", "c_out"),
    [((1, 1), 1, 1), ((1, 2), 2, 1), ((2, 1), 1, 3), ((2, 2), 2, 2), ((1, 3), 3, 2)],
)
def test_dense_params_with_channels_counts_the_free_parameters(shape, c_in, c_out):
    n = dense_params(*shape, in_channels=c_in, out_channels=c_out)
    rank = _rank_of_layer(
        lambda t, x: _dense_channels(t, x, shape, c_in, c_out), n, shape, in_channels=c_in
    )
    assert n == rank
    # and the sizes of the parameter arrays: weights (C_out, C_in, H, W, H, W), bias (C_out, H, W)
    height, width = shape
    arrays = [np.empty((c_out, c_in, height, width, height, width)), np.empty((c_out, *shape))]
    assert n == sum(a.size for a in arrays)


def test_dense_params_with_one_channel_is_the_one_channel_count():
    for h, w in itertools.product(range(1, 6), repeat=2):
        assert dense_params(h, w, in_channels=1, out_channels=1) == dense_params(h, w)
        assert dense_bytes(h, w, 4, in_channels=1, out_channels=1) == dense_bytes(h, w, 4)
    for c_in, c_out in itertools.product(range(1, 5), repeat=2):
        pixels = 6 * 7
        expected = (pixels * c_in) * (pixels * c_out) + pixels * c_out
        assert dense_params(6, 7, in_channels=c_in, out_channels=c_out) == expected
        assert dense_bytes(6, 7, in_channels=c_in, out_channels=c_out) == 8 * expected
    # the channels multiply both the dense and the local count; their ratio is about
    # (H W)**2, whatever the channels
    assert dense_params(32, 32, in_channels=3, out_channels=16) > 10**5 * local_params(1, 3, 16)
    value = dense_params(np.int64(1000), 1000, in_channels=np.int32(3), out_channels=64)
    assert type(value) is int and value == 3 * 64 * 10**12 + 64 * 10**6


@pytest.mark.parametrize("shape", [(1, 1), (1, 4), (2, 2), (3, 3), (3, 5), (4, 2)])
def test_shared_params_counts_the_free_parameters_of_shared_layer(shape):
    n = shared_params(*shape)
    assert n == _rank_of_layer(lambda t, x: _shared(t, x, shape), n, shape)


@pytest.mark.parametrize(
    ("delta", "c_in", "c_out"), [(0, 1, 1), (1, 1, 1), (2, 1, 1), (1, 2, 1), (1, 1, 3), (1, 2, 2)]
)
def test_local_params_counts_the_free_parameters_of_a_convolution_layer(delta, c_in, c_out):
    n = local_params(delta, in_channels=c_in, out_channels=c_out)
    shape = (2 * delta + 1, 2 * delta + 2)  # large enough for every weight to meet a pixel
    rank = _rank_of_layer(
        lambda t, x: _multichannel_local(t, x, delta, c_in, c_out), n, shape, in_channels=c_in
    )
    assert n == rank


def test_parameter_counts_shrink_at_each_step_of_the_book():
    for height, width in [(3, 3), (5, 7), (28, 28), (1000, 1000)]:
        assert dense_params(height, width) > shared_params(height, width) > local_params(1)
    # on a 2 x 2 image the offsets are those of a 3 x 3 kernel: locality saves nothing
    assert shared_params(2, 2) == local_params(1) < dense_params(2, 2)


@pytest.mark.parametrize(("delta", "layers"), [(0, 1), (1, 1), (1, 2), (1, 3), (2, 2), (3, 1)])
def test_receptive_field_is_the_side_of_what_stacked_local_layers_see(delta, layers):
    size = 2 * delta * layers + 5
    impulse = np.zeros((size, size))
    impulse[size // 2, size // 2] = 1.0
    response = impulse
    for _ in range(layers):
        response = local_layer(response, np.ones((2 * delta + 1, 2 * delta + 1)))
    rows, cols = np.nonzero(response)
    assert rows.max() - rows.min() + 1 == receptive_field(delta, layers)
    assert cols.max() - cols.min() + 1 == receptive_field(delta, layers)


def test_counts_are_exact_python_ints_even_for_1000_by_1000():
    assert dense_params(1000, 1000) == 10**12 + 10**6
    assert shared_params(1000, 1000) == 1999 * 1999 + 1
    assert dense_bytes(1000, 1000) == 8 * (10**12 + 10**6)
    assert format_bytes(dense_bytes(1000, 1000)) == "8.0 TB"
    big = np.int64(10**6)  # (10**12)**2 overflows int64; the count must not
    assert dense_params(big, big) == 10**24 + 10**12
    for value in (
        dense_params(np.int32(3), np.uint8(4)),
        shared_params(np.int64(5), 6),
        local_params(np.int16(2), np.int64(3), np.uint64(4)),
        receptive_field(np.int8(2), np.int64(3)),
        dense_bytes(2, 2, np.int64(4)),
        dense_params(1000, 1000),
    ):
        assert type(value) is int


def test_counts_follow_their_formulas_on_a_grid():
    for h, w in itertools.product(range(1, 8), repeat=2):
        assert dense_params(h, w) == (h * w) ** 2 + h * w
        assert shared_params(h, w) == (2 * h - 1) * (2 * w - 1) + 1
        assert dense_bytes(h, w, 4) == 4 * dense_params(h, w)
    for delta, c_in, c_out in itertools.product(range(5), range(1, 4), range(1, 4)):
        assert local_params(delta, c_in, c_out) == (2 * delta + 1) ** 2 * c_in * c_out + c_out
    for delta, layers in itertools.product(range(6), range(1, 6)):
        assert receptive_field(delta, layers) == 2 * layers * delta + 1
    assert receptive_field(3) == 7


BAD_INPUT = [
    (lambda: dense_params(0, 3), ValueError, r"^`height` must be >= 1, got 0$"),
    (lambda: dense_params(3, -1), ValueError, r"^`width` must be >= 1, got -1$"),
    (lambda: dense_params(2.0, 3), TypeError, r"^`height` must be an integer, got float 2\.0$"),
    (lambda: dense_params(True, 3), TypeError, r"^`height` must be an integer, got bool True$"),
    (lambda: dense_params("3", 3), TypeError, r"^`height` must be an integer, got str '3'$"),
    (lambda: dense_params(None, 3), TypeError, r"^`height` must be an integer, got NoneType"),
    (
        lambda: dense_params(2, 2, in_channels=0),
        ValueError,
        r"^`in_channels` must be >= 1, got 0$",
    ),
    (
        lambda: dense_params(2, 2, out_channels=1.0),
        TypeError,
        r"^`out_channels` must be an integer, got float 1\.0$",
    ),
    (
        lambda: dense_bytes(2, 2, in_channels=True),
        TypeError,
        r"^`in_channels` must be an integer, got bool True$",
    ),
    (
        lambda: dense_params(2, 2, 3),
        TypeError,
        r"dense_params\(\) takes 2 positional arguments but 3 were given",
    ),
    (lambda: shared_params(3, 0), ValueError, r"^`width` must be >= 1, got 0$"),
    (
        lambda: shared_params(np.float64(3), 3),
        TypeError,
        r"^`height` must be an integer, got float",
    ),
    (lambda: local_params(-1), ValueError, r"^`delta` must be >= 0, got -1$"),
    (lambda: local_params(1.5), TypeError, r"^`delta` must be an integer, got float 1\.5$"),
    (lambda: local_params(1, 0), ValueError, r"^`in_channels` must be >= 1, got 0$"),
    (lambda: local_params(1, 1, 0), ValueError, r"^`out_channels` must be >= 1, got 0$"),
    (lambda: local_params(1, False), TypeError, r"^`in_channels` must be an integer, got bool"),
    (lambda: receptive_field(-2), ValueError, r"^`delta` must be >= 0, got -2$"),
    (lambda: receptive_field(1, 0), ValueError, r"^`layers` must be >= 1, got 0$"),
    (lambda: receptive_field(1, 2.0), TypeError, r"^`layers` must be an integer, got float"),
    (lambda: receptive_field(np.True_), TypeError, r"^`delta` must be an integer, got bool"),
    (lambda: dense_bytes(2, 2, 0), ValueError, r"^`itemsize` must be >= 1, got 0$"),
    (lambda: dense_bytes(2, 2, 8.0), TypeError, r"^`itemsize` must be an integer, got float"),
]


@pytest.mark.parametrize(("call", "error", "message"), BAD_INPUT)
def test_bad_input_is_refused_with_a_message_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()
