"""What the convolution buys: learning a local filter from examples, dense against local.

An unknown *teacher* layer turns random images ``x`` into targets ``h`` (plus a little
label noise). Two students learn it from ``n`` example pairs by least squares:

- a **dense** layer, ``(HW)**2 + HW`` parameters (:func:`fit_dense`);
- a **local** layer of the teacher's radius, ``(2 * delta + 1)**2 + 1`` parameters
  (:func:`fit_local`).

:func:`learning_curve` measures both on fresh test images for several ``n``, and
:func:`samples_to_reach` reads off how many examples each needs. When the teacher is
itself a local layer (:func:`make_task`), the local student is exact after one or two
images while the dense one needs about as many images as it has inputs per output
pixel. When the teacher depends on absolute position (:func:`position_task`), no local
layer can represent it: that is the price of the assumption.

Conventions:

- a batch of images has shape ``(n, H, W)``, image first;
- errors are *relative*: the mean squared error over all test pixels divided by the
  variance of the test targets, so 0 is perfect and 1 is no better than predicting
  their mean (:func:`relative_error`);
- everything is seeded and deterministic; only numpy is used.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from mlp2conv import layers
from mlp2conv._validation import (
    DEFAULT_MAX_BYTES,
    as_choice,
    as_float,
    as_float_array,
    as_int,
    as_shape,
    check_tensor_bytes,
)

__all__ = [
    "INPUTS",
    "MAX_SIZE",
    "MODELS",
    "Task",
    "fit_dense",
    "fit_local",
    "learning_curve",
    "make_task",
    "position_task",
    "relative_error",
    "samples_to_reach",
]

#: The kinds of random input images a task can draw: independent uniform pixels, or
#: white noise blurred by a Gaussian (neighbours alike, as in photographs).
INPUTS = ("noise", "smooth")

#: The two students of :func:`learning_curve`, in the order of its readouts.
MODELS = ("dense", "local")

#: Largest image side of a task: the dense student solves for ``(HW)**2`` weights.
MAX_SIZE = 32

#: Standard deviation (pixels) of the Gaussian blur of ``"smooth"`` inputs.
_SMOOTH_SIGMA = 1.5


# --------------------------------------------------------------------------- checks


def _as_size(size, name: str = "size") -> tuple[int, int]:
    """An int or a (rows, cols) pair, each between 1 and MAX_SIZE."""
    if isinstance(size, tuple | list | np.ndarray):
        height, width = as_shape(size, name)
        as_int(height, f"{name}[0]", maximum=MAX_SIZE)
        as_int(width, f"{name}[1]", maximum=MAX_SIZE)
        return height, width
    n = as_int(size, name, minimum=1, maximum=MAX_SIZE)
    return n, n


def _as_batch(xs, name: str) -> np.ndarray:
    """A finite float batch of images of shape (n, H, W), none of the axes empty."""
    arr = as_float_array(xs, name, ndim=3)
    if 0 in arr.shape:
        raise ValueError(
            f"`{name}` must hold at least one image of at least one pixel, shape (n, H, W), "
            f"got shape {arr.shape}"
        )
    return arr


def _as_pairs(xs, hs) -> tuple[np.ndarray, np.ndarray]:
    xs = _as_batch(xs, "xs")
    hs = _as_batch(hs, "hs")
    if hs.shape != xs.shape:
        raise ValueError(
            f"`hs` must have the shape of `xs`, one target image per input image, "
            f"{xs.shape}, got shape {hs.shape}"
        )
    return xs, hs


# ---------------------------------------------------------------------------- tasks


@dataclass(frozen=True, eq=False)
class Task:
    """A teacher layer, written as a dense layer, and a way to draw examples from it.

    Build one with :func:`make_task` (a local teacher) or :func:`position_task` (a
    teacher no local layer can represent); the fields are read-only.

    Attributes
    ----------
    weights : ndarray, shape (H, W, H, W)
        The teacher as a dense layer, as for :func:`mlp2conv.layers.dense_layer`.
    bias : ndarray, shape (H, W)
        Its bias.
    delta : int
        The radius of the local student fitted to this task.
    noise : float
        Standard deviation of the Gaussian label noise added to training targets.
    inputs : {"noise", "smooth"}
        The kind of random input image (see :data:`INPUTS`).
    kernel : ndarray of shape (2 * delta + 1, 2 * delta + 1), or None
        The teacher's kernel when it is a local layer, else ``None``.
    kernel_bias : float or None
        The teacher's shared bias when it is a local layer, else ``None``.
    description : str
        What the teacher does, in words.

    Examples
    --------
    >>> task = make_task(6, delta=1, seed=0)
    >>> task.shape, task.kernel.shape
    ((6, 6), (3, 3))
    >>> xs, hs = task.sample(4, seed=1)
    >>> xs.shape, hs.shape
    ((4, 6, 6), (4, 6, 6))
    """

    weights: np.ndarray
    bias: np.ndarray
    delta: int
    noise: float
    inputs: str
    kernel: np.ndarray | None
    kernel_bias: float | None
    description: str

    @property
    def shape(self) -> tuple[int, int]:
        """The image shape ``(H, W)``."""
        return self.weights.shape[0], self.weights.shape[1]

    def images(self, n, seed=0) -> np.ndarray:
        """Draw ``n`` random input images with mean 0.5 and variance 1/12 per pixel.

        ``"noise"``: every pixel uniform on [0, 1), independent. ``"smooth"``: Gaussian
        white noise blurred by a Gaussian of standard deviation 1.5 pixels, scaled to
        the same mean and variance per pixel.

        Parameters
        ----------
        n : int
            Number of images, at least 1.
        seed : int, default 0
            Non-negative seed; the same seed gives the same images.

        Returns
        -------
        xs : ndarray, shape (n, H, W)

        Raises
        ------
        TypeError
            If ``n`` or ``seed`` is not an integer.
        ValueError
            If ``n`` is below 1 or ``seed`` negative.

        Examples
        --------
        >>> xs = make_task(8, inputs="smooth").images(200, seed=3)
        >>> xs.shape, round(float(xs.mean()), 1), round(float(xs.var() * 12), 1)
        ((200, 8, 8), 0.5, 1.0)
        """
        n = as_int(n, "n", minimum=1)
        return self._images(n, np.random.default_rng(as_int(seed, "seed", minimum=0)))

    def _images(self, n: int, rng: np.random.Generator) -> np.ndarray:
        height, width = self.shape
        if self.inputs == "noise":
            return rng.random((n, height, width))
        radius = int(np.ceil(3 * _SMOOTH_SIGMA))
        t = np.arange(-radius, radius + 1)
        g = np.exp(-0.5 * (t / _SMOOTH_SIGMA) ** 2)
        blur = np.outer(g, g)
        blur /= np.sqrt(np.sum(blur**2))  # unit-variance white noise stays unit-variance
        z = rng.standard_normal((n, height + 2 * radius, width + 2 * radius))
        smooth = np.stack([layers.local_layer(image, blur, padding="valid") for image in z])
        return 0.5 + smooth / np.sqrt(12.0)

    def targets(self, xs) -> np.ndarray:
        """The teacher's outputs, without noise, for a batch of images.

        Parameters
        ----------
        xs : array_like, shape (n, H, W)
            Images of the task's shape.

        Returns
        -------
        hs : ndarray, shape (n, H, W)
            ``hs[m] = dense_layer(xs[m], weights, bias)`` for every image ``m``.

        Raises
        ------
        TypeError
            If ``xs`` is not a real numeric array.
        ValueError
            If ``xs`` is not 3-D, is empty or not finite, or its images do not have the
            task's shape.

        Examples
        --------
        >>> task = make_task(5, delta=1, seed=2)
        >>> x = task.images(1)[0]
        >>> h = task.targets(x[None])[0]
        >>> bool(np.allclose(h, layers.local_layer(x, task.kernel, task.kernel_bias)))
        True
        """
        xs = _as_batch(xs, "xs")
        if xs.shape[1:] != self.shape:
            raise ValueError(
                f"`xs` must hold images of the task's shape {self.shape}, shape (n, H, W), "
                f"got shape {xs.shape}"
            )
        n = xs.shape[0]
        pixels = self.shape[0] * self.shape[1]
        flat = xs.reshape(n, pixels) @ self.weights.reshape(pixels, pixels).T
        return flat.reshape(xs.shape) + self.bias

    def sample(self, n, seed=0, *, noise=None) -> tuple[np.ndarray, np.ndarray]:
        """Draw ``n`` example pairs ``(xs, hs)``: random images and the teacher's noisy outputs.

        Parameters
        ----------
        n : int
            Number of pairs, at least 1.
        seed : int, default 0
            Non-negative seed; the same seed gives the same pairs.
        noise : float, optional
            Label-noise standard deviation; defaults to the task's ``noise``.

        Returns
        -------
        xs, hs : ndarray, shape (n, H, W)
            ``hs = targets(xs) + noise * (standard normal)``.

        Raises
        ------
        TypeError
            If ``n`` or ``seed`` is not an integer, or ``noise`` not a real number.
        ValueError
            If ``n`` is below 1, ``seed`` negative, or ``noise`` negative or not finite.

        Examples
        --------
        >>> task = make_task(4, seed=0, noise=0.1)
        >>> xs, hs = task.sample(3, seed=5)
        >>> clean = task.sample(3, seed=5, noise=0.0)[1]
        >>> bool(np.array_equal(clean, task.targets(xs))), bool(np.allclose(clean, hs))
        (True, False)
        """
        n = as_int(n, "n", minimum=1)
        rng = np.random.default_rng(as_int(seed, "seed", minimum=0))
        sigma = self.noise if noise is None else as_float(noise, "noise", minimum=0.0)
        return self._sample(n, rng, sigma)

    def _sample(self, n: int, rng: np.random.Generator, sigma: float):
        xs = self._images(n, rng)
        hs = self.targets(xs)
        if sigma:
            hs = hs + sigma * rng.standard_normal(hs.shape)
        return xs, hs


def make_task(size=12, delta=1, *, seed=0, noise=0.01, inputs="noise") -> Task:
    """A local teacher: a seeded random kernel of radius ``delta`` and a bias.

    Parameters
    ----------
    size : int or (int, int), default 12
        The image side, or ``(H, W)``; each between 1 and :data:`MAX_SIZE`.
    delta : int, default 1
        The kernel radius: a ``(2 * delta + 1) x (2 * delta + 1)`` kernel; at least 0.
    seed : int, default 0, keyword-only
        Seed of the kernel and the bias (not of the examples).
    noise : float, default 0.01, keyword-only
        Standard deviation of the label noise on training targets, at least 0. The
        targets themselves have a standard deviation of about 0.3.
    inputs : {"noise", "smooth"}, default "noise", keyword-only
        The kind of random input image.

    Returns
    -------
    task : Task
        ``task.kernel`` has independent normal entries divided by ``2 * delta + 1``
        (their squares sum to about 1), ``task.kernel_bias`` is normal with standard
        deviation 0.1, and ``task.weights``, ``task.bias`` are the same layer
        written as a dense layer (:func:`mlp2conv.layers.dense_from_local`,
        ``"same"`` padding).

    Raises
    ------
    TypeError
        If ``size``, ``delta`` or ``seed`` is not an integer (or ``size`` a pair),
        ``noise`` is not a real number, or ``inputs`` is not a string.
    ValueError
        If ``size`` is outside 1 .. MAX_SIZE, ``delta`` or ``seed`` is negative,
        ``noise`` is negative or not finite, or ``inputs`` is not one of
        :data:`INPUTS`.

    See Also
    --------
    position_task : a teacher that no local layer can represent.
    learning_curve : learn it with a dense and a local layer.

    Examples
    --------
    >>> task = make_task(12, delta=1, seed=0)
    >>> task.kernel.round(2).tolist()
    [[0.04, -0.04, 0.21], [0.03, -0.18, 0.12], [0.43, 0.32, -0.23]]
    >>> round(task.kernel_bias, 3), task.shape, task.weights.shape
    (-0.127, (12, 12), (12, 12, 12, 12))
    >>> task.description
    'a local layer with a seeded random 3 × 3 kernel'
    """
    shape = _as_size(size)
    delta = as_int(delta, "delta", minimum=0)
    rng = np.random.default_rng(as_int(seed, "seed", minimum=0))
    noise = as_float(noise, "noise", minimum=0.0)
    inputs = as_choice(inputs, "inputs", INPUTS)
    side = 2 * delta + 1
    kernel = rng.standard_normal((side, side)) / side
    kernel_bias = float(0.1 * rng.standard_normal())
    weights, bias = layers.dense_from_local(kernel, shape, kernel_bias)
    for arr in (kernel, weights, bias):
        arr.setflags(write=False)
    return Task(
        weights=weights,
        bias=bias,
        delta=delta,
        noise=noise,
        inputs=inputs,
        kernel=kernel,
        kernel_bias=kernel_bias,
        description=f"a local layer with a seeded random {side} × {side} kernel",
    )


def position_task(size=12, *, delta=1, noise=0.0, inputs="noise") -> Task:
    """A teacher that depends on absolute position: copy the left half, zero the right half.

    ``h[i, j] = x[i, j]`` for columns ``j < W // 2`` and 0 for the others. It is a
    perfectly good dense layer (a diagonal weight matrix), and as local as can be
    (each output reads only its own pixel), but not translation invariant: the
    weight of offset (0, 0) is 1 on the left and 0 on the right. No local layer can
    represent it, and :func:`mlp2conv.layers.shared_from_dense` refuses it.

    (One loophole: with ``"same"`` padding a window that reaches past the border
    sees the zeros there, so a wide kernel can tell a little about where it is. On
    12 x 12 images the best local fit leaves about 3/4 of the targets' variance with
    radius 1, 2/3 with radius 2, 1/3 with radius 5.)

    Parameters
    ----------
    size : int or (int, int), default 12
        The image side, or ``(H, W)``; each between 1 and :data:`MAX_SIZE`, at least
        2 columns (so that both halves exist).
    delta : int, default 1, keyword-only
        The radius of the local student that :func:`learning_curve` fits to it.
    noise : float, default 0.0, keyword-only
        Label-noise standard deviation, at least 0.
    inputs : {"noise", "smooth"}, default "noise", keyword-only
        The kind of random input image.

    Returns
    -------
    task : Task
        With ``kernel`` and ``kernel_bias`` set to ``None``.

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If ``size`` is out of range or has fewer than 2 columns, ``delta`` or
        ``noise`` is negative, or ``inputs`` is not one of :data:`INPUTS`.

    See Also
    --------
    make_task : a teacher that a local layer represents exactly.

    Examples
    --------
    >>> task = position_task(4)
    >>> x = np.arange(16.0).reshape(1, 4, 4)
    >>> task.targets(x)[0].tolist()
    [[0.0, 1.0, 0.0, 0.0], [4.0, 5.0, 0.0, 0.0], [8.0, 9.0, 0.0, 0.0], [12.0, 13.0, 0.0, 0.0]]
    >>> layers.is_translation_invariant(task.weights)
    False
    """
    height, width = _as_size(size)
    if width < 2:
        raise ValueError(
            f"`size` must give the image at least 2 columns, so that it has a left and a "
            f"right half, got shape {(height, width)}"
        )
    delta = as_int(delta, "delta", minimum=0)
    noise = as_float(noise, "noise", minimum=0.0)
    inputs = as_choice(inputs, "inputs", INPUTS)
    keep = (np.arange(width) < width // 2)[None, :].repeat(height, axis=0).ravel()
    weights = np.diag(keep.astype(np.float64)).reshape(height, width, height, width)
    bias = np.zeros((height, width))
    for arr in (weights, bias):
        arr.setflags(write=False)
    return Task(
        weights=weights,
        bias=bias,
        delta=delta,
        noise=noise,
        inputs=inputs,
        kernel=None,
        kernel_bias=None,
        description="copy the left half of the image, set the right half to zero",
    )


# --------------------------------------------------------------------------- fitting


def fit_dense(xs, hs, *, max_bytes=DEFAULT_MAX_BYTES):
    """Fit a dense layer to example pairs by least squares: the minimum-norm solution.

    Every output pixel is its own linear regression on all ``HW`` input pixels and a
    constant. With fewer images than unknowns (``n < HW + 1``) the equations do not
    determine the weights; the solution returned is the one of least norm, which is
    where gradient descent started from zero weights ends up.

    Parameters
    ----------
    xs, hs : array_like, shape (n, H, W)
        Input images and their targets.
    max_bytes : int, default DEFAULT_MAX_BYTES (512 MiB), keyword-only
        Refuse to build weights larger than this.

    Returns
    -------
    weights : ndarray, shape (H, W, H, W)
        For :func:`mlp2conv.layers.dense_layer`.
    bias : ndarray, shape (H, W)

    Raises
    ------
    TypeError
        If ``xs`` or ``hs`` is not a real numeric array.
    ValueError
        If they are not 3-D of the same shape, are empty or not finite, or the
        weights would need more than ``max_bytes``.

    See Also
    --------
    fit_local : the same with a local layer.

    Notes
    -----
    One call of :func:`numpy.linalg.lstsq` solves all outputs at once: a design of
    shape ``(n, HW + 1)`` (the flattened images and a column of ones) against ``HW``
    right-hand sides. Gradient descent on the squared error from zero only ever adds
    combinations of the design's rows, so it converges to the least-squares solution
    in their span, which is the minimum-norm one (bias included in the norm). With
    ``n <= HW + 1`` images in general position it fits the training pairs exactly,
    noise included. Cost: about ``n (HW)**2`` operations.

    Examples
    --------
    >>> task = make_task(4, seed=0, noise=0.0)
    >>> xs, hs = task.sample(5, seed=1)  # 5 images, 17 unknowns per output pixel
    >>> weights, bias = fit_dense(xs, hs)
    >>> weights.shape, bias.shape
    ((4, 4, 4, 4), (4, 4))
    >>> fitted = np.stack([layers.dense_layer(x, weights, bias) for x in xs])
    >>> bool(np.allclose(fitted, hs))  # the training pairs are reproduced
    True
    >>> bool(np.allclose(weights, task.weights))  # but the teacher is not recovered
    False
    """
    xs, hs = _as_pairs(xs, hs)
    n, height, width = xs.shape
    check_tensor_bytes((height, width, height, width), max_bytes, "fit_dense")
    pixels = height * width
    design = np.empty((n, pixels + 1))
    design[:, :pixels] = xs.reshape(n, pixels)
    design[:, pixels] = 1.0
    solution = np.linalg.lstsq(design, hs.reshape(n, pixels), rcond=None)[0]
    weights = np.ascontiguousarray(solution[:pixels].T).reshape(height, width, height, width)
    return weights, solution[pixels].reshape(height, width)


def fit_local(xs, hs, delta, *, max_bytes=DEFAULT_MAX_BYTES):
    """Fit a local layer of radius ``delta`` to example pairs by least squares.

    Every output pixel of every image is one equation in the same
    ``(2 * delta + 1)**2 + 1`` unknowns: the kernel and the bias.

    Parameters
    ----------
    xs, hs : array_like, shape (n, H, W)
        Input images and their targets.
    delta : int
        The kernel radius, at least 0.
    max_bytes : int, default DEFAULT_MAX_BYTES (512 MiB), keyword-only
        Refuse to build a design matrix larger than this.

    Returns
    -------
    kernel : ndarray, shape (2 * delta + 1, 2 * delta + 1)
        For :func:`mlp2conv.layers.local_layer` (``"same"`` padding).
    bias : float

    Raises
    ------
    TypeError
        If ``xs`` or ``hs`` is not a real numeric array, or ``delta`` not an integer.
    ValueError
        If they are not 3-D of the same shape, are empty or not finite, ``delta``
        is negative, or the design matrix would need more than ``max_bytes``.

    See Also
    --------
    fit_dense : the same with a dense layer.

    Notes
    -----
    The design matrix has one row per output pixel, ``n H W`` rows, holding the
    ``(2 * delta + 1)**2`` pixels of its window (zero outside the image, as with
    ``"same"`` padding) and a 1 for the bias: the "im2col" matrix. Its rows are
    built as a view of the zero-padded images (``sliding_window_view``) and copied
    once; one :func:`numpy.linalg.lstsq` then gives the minimum-norm solution.
    Offsets that never meet a pixel (``delta >= H`` or ``delta >= W``) get no
    column, and weight exactly 0.

    Examples
    --------
    Two images are plenty to recover a 3 x 3 kernel exactly:

    >>> task = make_task(8, delta=1, seed=0, noise=0.0)
    >>> xs, hs = task.sample(2, seed=1)
    >>> kernel, bias = fit_local(xs, hs, delta=1)
    >>> bool(np.allclose(kernel, task.kernel)), round(bias - task.kernel_bias, 12)
    (True, 0.0)
    """
    xs, hs = _as_pairs(xs, hs)
    delta = as_int(delta, "delta", minimum=0)
    n, height, width = xs.shape
    # Offsets beyond the image never meet a pixel: no column for them, weight 0.
    dr, dc = min(delta, height - 1), min(delta, width - 1)
    rows, taps = n * height * width, (2 * dr + 1) * (2 * dc + 1)
    check_tensor_bytes((rows, taps + 1), max_bytes, "fit_local")
    padded = np.zeros((n, height + 2 * dr, width + 2 * dc))
    padded[:, dr : dr + height, dc : dc + width] = xs
    windows = sliding_window_view(padded, (2 * dr + 1, 2 * dc + 1), axis=(1, 2))
    design = np.empty((rows, taps + 1))
    design[:, :-1] = windows.reshape(rows, taps)  # (n, H, W, window) -> one row per pixel
    design[:, -1] = 1.0
    solution = np.linalg.lstsq(design, hs.reshape(rows), rcond=None)[0]
    kernel = np.zeros((2 * delta + 1, 2 * delta + 1))
    kernel[delta - dr : delta + dr + 1, delta - dc : delta + dc + 1] = solution[:-1].reshape(
        2 * dr + 1, 2 * dc + 1
    )
    return kernel, float(solution[-1])


# ------------------------------------------------------------------------- measuring


def relative_error(predict, xs, hs) -> float:
    """Mean squared error of ``predict`` on test pairs, relative to the targets' variance.

    Parameters
    ----------
    predict : callable
        Maps one image, an ndarray of shape ``(H, W)``, to its prediction of the
        same shape, e.g. ``lambda x: layers.local_layer(x, kernel, bias)``.
    xs, hs : array_like, shape (n, H, W)
        Test images and their targets.

    Returns
    -------
    error : float
        ``mean((predict(x) - h)**2) / var(hs)`` over all images and pixels: 0 for a
        perfect prediction, 1 for one no better than the constant ``mean(hs)``.

    Raises
    ------
    TypeError
        If ``predict`` is not callable, or ``xs``, ``hs`` not real numeric arrays.
    ValueError
        If ``xs`` and ``hs`` are not 3-D of the same shape, are empty or not finite,
        ``hs`` is constant (its variance is 0, the ratio undefined), or ``predict``
        returns something of the wrong shape or not finite.

    Examples
    --------
    >>> xs = np.arange(8.0).reshape(2, 2, 2)
    >>> relative_error(lambda x: 2 * x, xs, 2 * xs)
    0.0
    >>> relative_error(lambda x: np.full(x.shape, 7.0), xs, 2 * xs)  # the mean, 7
    1.0
    """
    if not callable(predict):
        raise TypeError(
            f"`predict` must be callable, mapping an image of shape (H, W) to its "
            f"prediction, got {type(predict).__name__}"
        )
    xs, hs = _as_pairs(xs, hs)
    variance = float(np.var(hs))
    if variance == 0.0:
        raise ValueError(
            f"`hs` must not be constant: its variance is 0 (every target is {hs.flat[0]:g}), "
            f"so an error relative to it is undefined"
        )
    squared = 0.0
    for x, h in zip(xs, hs, strict=True):
        guess = as_float_array(predict(x), "predict(x)")
        if guess.shape != h.shape:
            raise ValueError(
                f"`predict` must return an array of shape {h.shape} for an image of that "
                f"shape, got shape {guess.shape}"
            )
        squared += float(np.sum((guess - h) ** 2))
    return squared / hs.size / variance


def _as_ns(ns) -> np.ndarray:
    if isinstance(ns, str | bytes) or np.ndim(ns) != 1 or len(ns) == 0:
        raise ValueError(f"`ns` must be a non-empty sequence of training-set sizes, got {ns!r}")
    values = [as_int(n, f"ns[{k}]", minimum=1) for k, n in enumerate(ns)]
    if any(b <= a for a, b in itertools.pairwise(values)):
        raise ValueError(f"`ns` must be strictly increasing, got {tuple(values)}")
    return np.array(values)


def learning_curve(task, ns, *, n_test=200, seed=0) -> dict:
    """Test error of a dense and a local student after ``n`` training pairs, for each ``n``.

    The training sets are nested, the first ``n`` of one seeded draw of ``max(ns)``
    pairs (with the task's label noise), so that the curve shows what more data
    adds. The test images are drawn separately, and their targets are the teacher's
    outputs without noise: the error measures how far each student is from the
    teacher.

    Parameters
    ----------
    task : Task
        The teacher, from :func:`make_task` or :func:`position_task`; the local
        student has radius ``task.delta``.
    ns : sequence of int
        Training-set sizes, strictly increasing, each at least 1.
    n_test : int, default 200, keyword-only
        Number of test images, at least 1.
    seed : int, default 0, keyword-only
        Seed of the training and the test images.

    Returns
    -------
    curve : dict
        ``"n"``: the sizes, int ndarray; ``"dense"`` and ``"local"``: float ndarrays of
        the same length, the :func:`relative_error` of each student after training
        on ``n`` pairs.

    Raises
    ------
    TypeError
        If ``task`` is not a :class:`Task`, or a size, ``n_test`` or ``seed`` is not
        an integer.
    ValueError
        If ``ns`` is empty, not strictly increasing or has a size below 1, or
        ``n_test`` is below 1 or ``seed`` negative.

    See Also
    --------
    samples_to_reach : read off how many pairs each student needs.

    Notes
    -----
    Each size costs one :func:`fit_dense` (about ``n (HW)**2`` operations, all
    outputs in one least-squares solve) and one :func:`fit_local`, and
    ``2 * n_test`` predictions. On 12 x 12 images, 14 sizes up to 600 and 200 test
    images take about 0.2 s (16 x 16, 10 sizes up to 1000: about the same).

    With very few images the dense student's error exceeds 1: the minimum-norm
    layer learned from one image predicts worse than the constant mean would.

    With label noise, the dense student's error has a peak near ``n = HW + 1``
    (145 on 12 x 12 images): there the equations are just determined, and fitting
    every noisy target exactly takes large weights. Below, the minimum-norm
    solution is still mostly ignorance (error about ``1 - n / (HW + 1)``); above,
    the noise averages out. This is "double descent"; choose the sizes to show it,
    or to step over it.

    Examples
    --------
    >>> curve = learning_curve(make_task(8, seed=0), [1, 4, 16, 64], n_test=50)
    >>> curve["n"].tolist()
    [1, 4, 16, 64]
    >>> bool(curve["local"][0] < 0.01 < 0.5 < curve["dense"][0])
    True
    """
    if not isinstance(task, Task):
        raise TypeError(
            f"`task` must be a Task, from make_task or position_task, got {type(task).__name__}"
        )
    sizes = _as_ns(ns)
    n_test = as_int(n_test, "n_test", minimum=1)
    seed = as_int(seed, "seed", minimum=0)
    train_rng, test_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))
    xs, hs = task._sample(int(sizes[-1]), train_rng, task.noise)
    test_xs = task._images(n_test, test_rng)
    test_hs = task.targets(test_xs)
    errors = {model: np.empty(len(sizes)) for model in MODELS}
    for k, n in enumerate(sizes.tolist()):
        weights, bias = fit_dense(xs[:n], hs[:n])
        kernel, shared = fit_local(xs[:n], hs[:n], task.delta)
        errors["dense"][k] = relative_error(
            lambda x, w=weights, b=bias: layers.dense_layer(x, w, b), test_xs, test_hs
        )
        errors["local"][k] = relative_error(
            lambda x, k=kernel, b=shared: layers.local_layer(x, k, b), test_xs, test_hs
        )
    return {"n": sizes, **errors}


def _as_curve(curve) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Check a curve from :func:`learning_curve`; return its sizes and errors."""
    if not isinstance(curve, dict) or not {"n", *MODELS} <= set(curve):
        raise TypeError(
            f"`curve` must be a dict with keys 'n', 'dense' and 'local', as learning_curve "
            f"returns, got {type(curve).__name__}"
            + (f" with keys {sorted(map(str, curve))}" if isinstance(curve, dict) else "")
        )
    sizes = _as_ns(curve["n"])
    errors = {}
    for model in MODELS:
        values = as_float_array(curve[model], f"curve[{model!r}]", ndim=1)
        if values.shape != sizes.shape:
            raise ValueError(
                f"`curve[{model!r}]` must have one error per size in `curve['n']`, "
                f"{len(sizes)}, got {values.shape[0]}"
            )
        errors[model] = values
    return sizes, errors


def samples_to_reach(curve, target) -> dict:
    """The smallest training-set size at which each student's error is at most ``target``.

    Parameters
    ----------
    curve : dict
        As returned by :func:`learning_curve`.
    target : float
        The relative error to reach, at least 0 (e.g. 0.05 for 5 %).

    Returns
    -------
    sizes : dict
        ``{"dense": n or None, "local": n or None}``: the smallest ``n`` of
        ``curve["n"]`` whose error is ``<= target``, or ``None`` if no size reaches
        it. It is the first size that reaches the target; with a non-monotone curve
        a larger size may be above it again.

    Raises
    ------
    TypeError
        If ``curve`` is not such a dict, or ``target`` not a real number.
    ValueError
        If the curve's arrays disagree in length, its sizes are not strictly
        increasing, or ``target`` is negative or not finite.

    Examples
    --------
    >>> curve = {"n": [1, 10, 100],
    ...          "dense": [0.9, 0.5, 0.01], "local": [0.001, 0.0, 0.0]}
    >>> samples_to_reach(curve, 0.05)
    {'dense': 100, 'local': 1}
    >>> samples_to_reach(curve, 0.0)
    {'dense': None, 'local': 10}
    """
    sizes, errors = _as_curve(curve)
    target = as_float(target, "target", minimum=0.0)
    reached = {}
    for model in MODELS:
        hits = np.flatnonzero(errors[model] <= target)
        reached[model] = int(sizes[hits[0]]) if hits.size else None
    return reached
