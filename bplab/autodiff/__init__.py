"""The engines: scalar and tensor reverse mode, forward mode, and functional transforms.

- :class:`Value` — one number per node, the graph the first notebooks draw.
"""

from bplab.autodiff.scalar import Value

__all__ = ["Value"]
