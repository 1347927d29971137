"""Griffe extension: document the functions that `nnbook.autodiff` makes from its operation classes.

Each operation of the engine is one `Primitive` subclass; importing `nnbook.autodiff` makes its
public function (``nnbook.autodiff.sin``, ...) from the class. Griffe reads source statically and
so cannot see those functions; this extension adds each one to the API reference with its
class's docstring and its call signature.
"""

from __future__ import annotations

import inspect

import griffe


class AutodiffOperations(griffe.Extension):
    """Add ``nnbook.autodiff.<name>`` for every registered operation, with its class's docstring."""

    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs) -> None:
        if pkg.path != "nnbook":
            return
        from nnbook.autodiff.primitive import operations

        package = pkg["autodiff"]
        for name, op in operations.items():
            cls = type(op)
            source = pkg[cls.__module__.removeprefix("nnbook.")][cls.__name__]
            parameters = griffe.Parameters(
                *(
                    griffe.Parameter(
                        p.name,
                        kind=griffe.ParameterKind(p.kind.description),
                        default=None if p.default is p.empty else repr(p.default),
                    )
                    for p in inspect.signature(op.function).parameters.values()
                )
            )
            function = griffe.Function(
                name, parameters=parameters, lineno=source.lineno, endlineno=source.endlineno
            )
            function.docstring = griffe.Docstring(
                source.docstring.value,
                lineno=source.docstring.lineno,
                endlineno=source.docstring.endlineno,
                parent=function,
                parser=source.docstring.parser,
                parser_options=source.docstring.parser_options,
            )
            package.set_member(name, function)
