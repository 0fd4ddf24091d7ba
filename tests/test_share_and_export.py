"""Sharing a view as a link, presentation mode, PNG and PowerPoint export, and the administrator gate."""
import datetime as dt
import io
import subprocess

import pytest
from pptx import Presentation

from dxdash import export
from tests.pages import metric_values, open_page, query_params


def test_home_link_round_trip(imported_app_env):
    at = open_page(link={"pref": "10", "lg": "104213"})
    assert at.sidebar.selectbox(key="_lg_code_widget").value == "104213"
    assert "群馬県 中之条町（団体コード 104213）" in [h.value for h in at.header]
    assert query_params(at) == {"pref": "10", "lg": "104213", "present": "0"}


def test_my_number_link_round_trip(imported_app_env):
    link = {"pref": "17", "lg": "173657", "date": "2020-04-01", "town_date": "2022-05-31", "peers_by": "manual",
            "peers": "172049,172065"}
    at = open_page("pages/2_mynumber.py", link=link)
    assert not at.warning
    assert at.selectbox(key="mynumber_pref_date").value == dt.date(2020, 4, 1)
    assert at.selectbox(key="mynumber_town_date").value == dt.date(2022, 5, 31)
    assert at.multiselect(key="mynumber_peers").value == ["172049", "172065"]
    assert at.sidebar.selectbox(key="_lg_code_widget").value == "173657"
    assert {k: v for k, v in query_params(at).items() if k != "present"} == link
    # Changing a widget changes the link.
    at.selectbox(key="mynumber_pref_date").select(dt.date(2022, 12, 31)).run()
    assert query_params(at)["date"] == "2022-12-31"


def test_ftth_and_plan_links_round_trip(imported_app_env):
    at = open_page("pages/3_ftth.py", link={"pref": "17", "lg": "172065", "issuance_date": "2022-12-31"})
    assert at.selectbox(key="ftth_issuance_date").value == dt.date(2022, 12, 31)
    assert query_params(at)["issuance_date"] == "2022-12-31" and query_params(at)["lg"] == "172065"
    at = open_page("pages/1_plans.py", link={"pref": "33", "lg": "336068"})
    assert at.header[0].value == "鏡野町DX推進計画"
    assert query_params(at)["plan"] == "kagamino-2024"


@pytest.mark.parametrize("params, notice", [
    ({"pref": "99"}, "リンクの「pref=99」はこのデータでは使えない"),
    ({"pref": "17", "lg": "999999"}, "リンクの「lg=999999」はこのデータでは使えない"),
    ({"date": "2099-01-01"}, "リンクの「date=2099-01-01」はこのデータでは使えない"),
    ({"date": "昨日"}, "リンクの「date=昨日」"),
    ({"peers": "172049,000000"}, "リンクの「peers=172049,000000」"),
])
def test_a_bad_or_stale_link_falls_back_with_a_notice(imported_app_env, params, notice):
    at = open_page("pages/2_mynumber.py", link=params)
    assert any(notice in w.value for w in at.warning)
    assert at.selectbox(key="mynumber_pref_date").value == dt.date(2022, 12, 31)
    assert at.sidebar.selectbox(key="_lg_code_widget").value in ("172049",)


def test_presentation_mode_is_in_the_link_and_hides_the_sidebar(imported_app_env):
    at = open_page("pages/2_mynumber.py", link={"present": "1"}, assert_no_exception=False)
    assert at.toggle(key="present_mode").value is True
    assert any("stSidebar" in m.value and "display: none" in m.value for m in at.markdown)
    assert query_params(at)["present"] == "1"
    at.toggle(key="present_mode").set_value(False).run()
    assert query_params(at)["present"] == "0"
    assert not any("stSidebar" in m.value for m in at.markdown)


def test_every_page_offers_the_link_and_the_deck(imported_app_env):
    from dxdash.ui import PAGES
    for page, _, _ in PAGES:
        if page == "pages/9_admin.py":
            continue    # no view to share: see the admin tests below
        at = open_page(page, link={})
        link = next(p for p in at.get("popover") if p.proto.popover.label == "このビューのリンクをコピー")
        assert "pref=17&lg=172049" in link.children[1].value, page   # the view's state, ready to copy
        labels = [b.proto.label for b in at.get("download_button")]
        assert "このページを PowerPoint に書き出す（.pptx）" in labels, page


@pytest.fixture(scope="module")
def mynumber_page_state(imported_store):
    import os
    os.environ["DXDASH_DB"] = str(imported_store)
    try:
        at = open_page("pages/2_mynumber.py", link={"peers": "173657"}, assert_no_exception=False)
        yield at.session_state["_dxdash_run"]
    finally:
        del os.environ["DXDASH_DB"]


def test_the_page_as_a_powerpoint_deck(mynumber_page_state):
    state = mynumber_page_state
    data = export.deck(page_title=state["title"], subject=state["subject"], exported_on=dt.date(2026, 11, 26),
                       figures=state["figures"], tables=state["tables"])
    prs = Presentation(io.BytesIO(data))
    slides = list(prs.slides)
    assert len(slides) == 1 + len(state["figures"]) + len(state["tables"]) == 1 + 4 + 3
    texts = ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in slides]
    assert "マイナンバーカード交付率" in texts[0] and "石川県 輪島市（団体コード 172049）" in texts[0]
    assert "出力日: 2026-11-26" in texts[0]
    chart_slide = next(t for t in texts if "都道府県別 マイナンバーカード交付率の地図" in t)
    assert "基準日: 2022-12-31（令和4年12月31日）" in chart_slide and "出典: 総務省「マイナンバーカード交付状況」" in chart_slide
    table_slide = slides[-1]
    tables = [s.table for s in table_slide.shapes if s.has_table]
    assert tables and tables[0].cell(0, 0).text == "市区町村"
    assert any("計画の目標と最新値の差" in t for t in texts[-1:])


def test_chart_png_has_its_size_and_a_japanese_font(mynumber_page_state):
    from PIL import Image
    fonts = subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True, text=True).stdout
    assert "Noto Sans CJK JP" in fonts, "Debian fonts-noto-cjk must be installed (.ci/run does it)"
    fig = mynumber_page_state["figures"][0]
    assert fig.layout.font.family.startswith("Noto Sans CJK JP")
    image = Image.open(io.BytesIO(export.figure_png(fig)))
    assert image.format == "PNG" and image.size == (export.PNG_WIDTH, int(fig.layout.height))


def test_no_secret_no_import_controls(imported_app_env, monkeypatch):
    monkeypatch.delenv("DXDASH_ADMIN_TOKEN", raising=False)
    at = open_page("pages/9_admin.py", link={})
    assert any("管理機能は無効" in i.value for i in at.info)
    assert not at.text_input and not at.button


def test_import_controls_only_with_the_right_token(imported_app_env, monkeypatch):
    monkeypatch.setenv("DXDASH_ADMIN_TOKEN", "s3cret-for-test")
    at = open_page("pages/9_admin.py", link={}, assert_no_exception=False)
    assert [t.key for t in at.text_input] == ["admin_token_entered"]
    at.text_input(key="admin_token_entered").input("wrong").run()
    assert any("トークンが違います" in e.value for e in at.error)
    assert not at.button
    at.text_input(key="admin_token_entered").input("s3cret-for-test").run()
    assert at.button(key="admin_mynumber_import") is not None
    assert "s3cret" not in str(query_params(at))


def test_an_administrator_imports_the_survey_and_viewers_see_it(built_store, tmp_path, monkeypatch):
    import shutil

    from tests.conftest import SURVEY
    db_file = tmp_path / "dxdash.duckdb"
    shutil.copyfile(built_store, db_file)
    monkeypatch.setenv("DXDASH_DB", str(db_file))
    monkeypatch.setenv("DXDASH_ADMIN_TOKEN", "s3cret-for-test")
    at = open_page("pages/9_admin.py", link={})
    at.text_input(key="admin_token_entered").input("s3cret-for-test").run()
    at.text_input(key="admin_opendata_location").input(str(SURVEY)).run()
    at.button(key="admin_opendata_import").click().run()
    assert not at.exception
    assert any("取り込み: 1 件（1,788 行）" in s.value for s in at.success)
    viewer = open_page("pages/4_opendata.py", link={"pref": "17", "lg": "172065"})
    assert metric_values(viewer)["加賀市"] == "13 / 23"


def test_open_data_link_round_trip(full_store, monkeypatch):
    monkeypatch.setenv("DXDASH_DB", str(full_store))
    link = {"pref": "17", "lg": "173657", "peers": "172049,172065"}
    at = open_page("pages/4_opendata.py", link=link)
    assert not at.warning
    assert at.multiselect(key="opendata_peers").value == ["172049", "172065"]
    assert {k: v for k, v in query_params(at).items() if k != "present"} == link
    bad = open_page("pages/4_opendata.py", link={"pref": "17", "lg": "173657", "peers": "999999"})
    assert any("リンクの「peers=999999」" in w.value for w in bad.warning)
