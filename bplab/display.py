"""Show bplab's own code and equations inside a notebook.

Notebooks never retype an update rule: they display the real source of the function
that computes it, and the equation stored with it, so text and code cannot drift apart.
"""

import inspect
import textwrap


def source(obj):
    """Return the source code of a bplab function, class or method as a string."""
    return textwrap.dedent(inspect.getsource(obj))


def show_source(obj):
    """Display the source of ``obj`` as a highlighted Python listing."""
    from IPython.display import Markdown, display

    display(Markdown(f"```python\n{source(obj)}```"))


def show_math(latex):
    """Display a LaTeX equation block (e.g. one read from the optimizer registry)."""
    from IPython.display import Math, display

    display(Math(latex))
