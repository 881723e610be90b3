"""Pixel arrays a function returns, brought to 8 bits the way Gradio 4.44.1 does before saving.

Gradio (``processing_utils.save_img_array_to_cache`` → ``_convert``, after scikit-image's
``img_as_ubyte``) reads a float array as intensities in [-1, 1] (refusing any other range),
scales it by 255, rounds and clips negatives to 0; a wider integer array keeps its values when
they fit in 8 bits and otherwise drops its low bits; a boolean array becomes 0 / 255. Without
this, Pillow refuses a float image outright ("Cannot handle this data type").
"""

from __future__ import annotations

from typing import Any

__all__ = ["to_uint8"]


def to_uint8(array: Any) -> Any:
    """``array`` (a numpy array of pixels) as ``uint8``, or unchanged when it already is."""
    import numpy

    array = numpy.asarray(array)
    kind = array.dtype.kind
    if array.dtype == numpy.uint8:
        return array
    if kind == "b":
        return array.astype(numpy.uint8) * 255
    if kind == "f":
        if array.size and (array.min() < -1.0 or array.max() > 1.0):
            raise ValueError(  # Gradio fails the job too (not a gr.Error: no message shown)
                "An image returned as a float array must hold values between -1 and 1 (Gradio "
                f"refuses this one: it runs from {float(array.min())!r} to {float(array.max())!r}); "
                "divide it by its maximum, or return uint8 values 0..255."
            )
        scaled = numpy.rint(array.astype(numpy.float64) * 255)
        return numpy.clip(scaled, 0, 255).astype(numpy.uint8)
    if kind in "ui":
        bits = array.dtype.itemsize * 8 - (1 if kind == "i" else 0)
        array = numpy.maximum(array, 0)
        if array.size and array.max() >= 256:
            array = array // (2 ** (bits - 8))
        return array.astype(numpy.uint8)
    raise ValueError(f"An image array of {array.dtype} values cannot be shown; return uint8, float or bool pixels.")
