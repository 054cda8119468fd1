"""Keep the built book self-contained: no script, state or loader aimed at another host.

- MyST-NB stores the ipywidgets state of executed cells and embeds it in the page. The
  static site shows each explorer's pre-rendered HTML instead (``nb_mime_priority_overrides``
  in ``_config.yml``), so that state is dead weight -- often hundreds of kilobytes of
  PNG -- and is dropped here.
- The theme's bootstrap leaves the colour mode empty on a first visit, which its own
  script then reports as a console error ("Got invalid theme mode"); an empty mode is
  set to "auto" (follow the reader's system) before that script reads it.
- sphinx-thebe writes the address of its CDN loader into every page even when live code
  (thebe) is switched off. With thebe off the script is never needed, so it is dropped.
"""

from __future__ import annotations

WIDGET_KEYS = ("ipywidgets_",)


def drop_widget_state(app, pagename, templatename, context, doctree):
    from myst_nb.sphinx_ import NbMetadataCollector

    js_files = NbMetadataCollector.get_doc_data(app.env).get(pagename, {}).get("js_files", {})
    for key in [k for k in js_files if k.startswith(WIDGET_KEYS)]:
        del js_files[key]


def drop_thebe_loader(app, pagename, templatename, context, doctree):
    if app.config.html_theme_options.get("launch_buttons", {}).get("thebe"):
        return
    scripts = context.get("script_files")
    if scripts is None:
        return
    context["script_files"] = [
        s for s in scripts if "THEBE_JS_URL" not in getattr(s, "attributes", {}).get("body", "")
    ]


# Runs in <head> right after the theme's bootstrap and before its deferred script.
DEFAULT_MODE_SCRIPT = (
    "(function(d){if(!d.mode){d.mode='auto';}})(document.documentElement.dataset);"
)


def setup(app):
    app.add_js_file(None, body=DEFAULT_MODE_SCRIPT, priority=100)
    # Before MyST-NB adds the page's files (priority 500), after sphinx-thebe adds its own.
    app.connect("html-page-context", drop_widget_state, priority=400)
    app.connect("html-page-context", drop_thebe_loader, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
