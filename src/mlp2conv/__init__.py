"""mlp2conv: the numerics, pictures and sliders behind the book *From MLP to convolution*.

Modules, one job each:

- :mod:`mlp2conv.layers` -- the dense, shared (translation-invariant) and local layers
  and the exact conversions between them;
- :mod:`mlp2conv.counting` -- exact parameter counts and receptive fields;
- :mod:`mlp2conv.images` -- a photograph and synthetic test images, no network;
- :mod:`mlp2conv.plotting` -- drawing helpers that take an axes and return artists;
- :mod:`mlp2conv.widgets` -- explorers: sliders wired to drawing functions, live in
  Jupyter and pre-rendered for the static site;
- :mod:`mlp2conv.learning` -- a small experiment: learning an unknown filter with a
  dense layer and with a local layer, by least squares;
- :mod:`mlp2conv.scenes` -- the figure behind each explorer of the book.
"""

__version__ = "0.1.0"
