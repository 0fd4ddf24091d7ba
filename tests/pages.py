"""AppTest runs of the dashboard's pages: open a page as a user or a link would, and read what it shows."""
from __future__ import annotations

import json

import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

HOME = "app.py"


def open_page(page: str = HOME, *, pref_code: str | None = None, lg_code: str | None = None,
              link: dict[str, str] | None = None, assert_no_exception: bool = True) -> AppTest:
    """A fresh session showing `page`.

    Without `link`, as a user gets there: the home page first, then the prefecture and municipality chosen
    in the sidebar (each only when given), then a switch to `page`. With `link` (query parameters, possibly
    none), as a shared link opens it: `page` straight away in a single run. Asserts that no run raised an
    exception unless `assert_no_exception` is False.
    """
    at = AppTest.from_file(str(ROOT / HOME), default_timeout=60)
    if link is not None:
        for name, value in link.items():
            at.query_params[name] = value
        if page != HOME:
            at.switch_page(page)
    at.run()
    if pref_code is not None:
        at.sidebar.selectbox(key="_pref_code_widget").select(pref_code).run()
    if lg_code is not None:
        at.sidebar.selectbox(key="_lg_code_widget").select(lg_code).run()
    if link is None and page != HOME:
        at.switch_page(page).run()
    if assert_no_exception:
        assert not at.exception, page
    return at


def table_by_title(at: AppTest, title_part: str) -> pd.DataFrame:
    """The table under the first subheader containing `title_part` (pages give every table its own subheader)."""
    titles = [s.value for s in at.subheader]
    return at.dataframe[next(i for i, t in enumerate(titles) if title_part in t)].value


def chart_specs(at: AppTest) -> list[dict]:
    """Every Plotly figure of the run, in page order, as a dict."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def spec_text(spec: dict) -> str:
    """A figure as JSON text with Japanese unescaped, to look for titles and labels in."""
    return json.dumps(spec, ensure_ascii=False)


def chart_text(at: AppTest, title_part: str) -> str:
    """The first figure whose title contains `title_part`, as JSON text (see spec_text)."""
    return next(spec_text(spec) for spec in chart_specs(at) if title_part in spec["layout"]["title"]["text"])


def query_params(at: AppTest) -> dict[str, str]:
    """The run's query parameters (the view's link) as a plain dict of strings."""
    return {k: v[0] if isinstance(v, list) else v for k, v in at.query_params.items()}


def metric_values(at: AppTest) -> dict[str, str]:
    """The metrics shown, label → displayed value."""
    return {m.label: m.value for m in at.metric}
