"""Before each test cell of a graded notebook, put back what the tests rely on.

Student code runs in the same kernel as the tests, so it can change what they use: replace
``numpy.allclose`` or a check helper, register an IPython input transformer that empties every
later cell, trace frames. No grader can rule all of it out from outside the kernel; this makes it
harder and makes it show. When the kernel starts, ``snapshot()`` records the modules the tests use
and IPython's hooks; before each test cell the grader runs ``restore()``, which puts back every
name that was changed and prints the changed names as one marked line, which the grader reads,
reports and shows in the feedback.

The grader calls ``restore()`` through the kernel's ``user_expressions``, which IPython evaluates
without passing them through input transformers, so a transformer cannot hide the call.
"""

import ast
import importlib
import sys

WATCHED = (
    "builtins",
    "math",
    "numpy",
    "numpy.testing",
    "numpy.linalg",
    "torch",
    "torch.testing",
    "torch.nn.functional",
    "dlcourse.checks",
)
# names IPython itself sets and resets in builtins while it runs a cell
IPYTHON_BUILTINS = {"_", "__", "___", "exit", "quit", "get_ipython", "display", "__IPYTHON__"}
# IPython's methods that run a cell: a student may wrap them on the shell or on its class
SHELL_METHODS = ("run_cell", "run_cell_async", "run_ast_nodes", "run_code", "transform_cell")
# names the notebooks bind to the watched modules' objects: put back in the notebook's namespace
ALIASES = {"np": "numpy", "numpy": "numpy", "torch": "torch", "math": "math"}
RESTORE_EXPRESSION = "__import__('dlcourse.grading.integrity').grading.integrity.restore()"
START_LINE = "import dlcourse.grading.integrity as _i; _i.snapshot(); del _i"
_saved: dict = {}


def _shell():
    try:
        return get_ipython()  # type: ignore[name-defined]  # noqa: F821
    except NameError:
        from IPython import get_ipython

        return get_ipython()


def snapshot() -> None:
    """Record the watched modules' names and IPython's hooks as they are now."""
    modules = {}
    for name in WATCHED:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        names = dict(vars(module))
        if name == "builtins":
            names = {k: v for k, v in names.items() if k not in IPYTHON_BUILTINS}
        modules[name] = (module, names)
    _saved["modules"] = modules
    shell = _shell()
    if shell is not None:
        manager = shell.input_transformer_manager
        _saved["shell"] = {
            "input_transformers_post": list(shell.input_transformers_post),
            "ast_transformers": list(shell.ast_transformers),
            "cleanup_transforms": list(manager.cleanup_transforms),
            "line_transforms": list(manager.line_transforms),
            "token_transformers": list(manager.token_transformers),
            "events": {k: list(v) for k, v in shell.events.callbacks.items()},
            "methods": {m: vars(type(shell)).get(m) for m in SHELL_METHODS},
        }
    _saved["trace"] = (sys.gettrace(), sys.getprofile())


def restore() -> list[str]:
    """Put back every recorded name that differs now; print and return what was changed."""
    changed = []
    for name, (module, names) in _saved.get("modules", {}).items():
        if sys.modules.get(name) is not module:
            sys.modules[name] = module
            changed.append(f"sys.modules[{name!r}]")
        current = vars(module)
        for key, value in names.items():
            if current.get(key, _MISSING) is not value:
                current[key] = value
                changed.append(f"{name}.{key}")
    shell = _shell()
    saved = _saved.get("shell")
    if shell is not None and saved is not None:
        changed += _restore_shell(shell, saved)
    if shell is not None:
        changed += _restore_namespace(shell.user_ns)
    if (sys.gettrace(), sys.getprofile()) != _saved.get("trace", (None, None)):
        sys.settrace(_saved["trace"][0])
        sys.setprofile(_saved["trace"][1])
        changed.append("sys.settrace/setprofile")
    return changed


def _restore_namespace(namespace: dict) -> list[str]:
    """The check helpers and the module aliases the notebook uses, as they were imported."""
    changed = []
    modules = _saved.get("modules", {})
    if "dlcourse.checks" in modules:
        checks = modules["dlcourse.checks"][1]
        for name in ("call_answer", "check_array", "check_scalar", "CheckError"):
            if name in namespace and namespace[name] is not checks.get(name):
                namespace[name] = checks[name]
                changed.append(f"the notebook's {name}")
    for alias, module in ALIASES.items():
        if alias in namespace and module in modules and namespace[alias] is not modules[module][0]:
            namespace[alias] = modules[module][0]
            changed.append(f"the notebook's {alias}")
    return changed


def _restore_shell(shell, saved: dict) -> list[str]:
    changed = []
    manager = shell.input_transformer_manager
    lists = {
        "input_transformers_post": shell.input_transformers_post,
        "ast_transformers": shell.ast_transformers,
        "cleanup_transforms": manager.cleanup_transforms,
        "line_transforms": manager.line_transforms,
        "token_transformers": manager.token_transformers,
    }
    for name, current in lists.items():
        if list(current) != saved[name]:
            current[:] = saved[name]
            changed.append(f"IPython {name}")
    for event, callbacks in shell.events.callbacks.items():
        if list(callbacks) != saved["events"].get(event, []):
            callbacks[:] = saved["events"].get(event, [])
            changed.append(f"IPython {event} callbacks")
    for method, original in saved["methods"].items():
        if method in vars(shell):
            delattr(shell, method)
            changed.append(f"IPython shell.{method}")
        if vars(type(shell)).get(method) is not original:
            setattr(type(shell), method, original)
            changed.append(f"IPython {type(shell).__name__}.{method}")
    return changed


class _Missing:
    pass


_MISSING = _Missing()


def restored_names(reply: dict | None) -> list[str]:
    """(For the grader.) The names ``restore()`` put back, from the kernel's reply."""
    if reply is None:
        return ["(the kernel did not answer the check)"]
    result = reply.get("content", {}).get("user_expressions", {}).get("restored", {})
    if result.get("status") != "ok":
        return [f"(the check failed: {result.get('ename', 'no answer')})"]
    try:
        names = ast.literal_eval(result.get("data", {}).get("text/plain", "[]"))
    except (ValueError, SyntaxError):
        return ["(unreadable answer)"]
    return [str(n) for n in names] if isinstance(names, list) else ["(unreadable answer)"]


def restored_note(names: list[str]) -> str:
    shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
    return (
        f"[grader] before this test, code outside the tests had changed {shown}; "
        "the originals were put back\n"
    )
