"""A Sphinx extension: each page loads each script once.

sphinx-thebe adds its inline configuration script twice under Jupyter Book, and the second copy
fails in the browser ("Identifier 'THEBE_JS_URL' has already been declared"). This drops exact
repeats from every page's script list.
"""


def _drop_repeated_scripts(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for script in context.get("script_files", []):
        # an inline script is filed under None or "" depending on who added it
        filename = str(getattr(script, "filename", script) or "")
        key = (filename, tuple(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    # in place: the list is the builder's own, and other handlers append to it
    context["script_files"][:] = unique


def setup(app):
    app.connect("html-page-context", _drop_repeated_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
