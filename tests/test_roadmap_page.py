"""The ロードマップ page and its Gantt chart, checked against the store's `roadmap` view; the national
milestones file and its loading into the store."""
import datetime as dt
import re
import shutil

import pandas as pd
import pytest

from dxdash import config, fiscal, gantt, milestones, store
from dxdash.curated import CuratedDataError
from tests.conftest import ROOT, SHARED, scalar
from tests.pages import chart_specs, open_page, query_params, table_by_title

PAGE = "pages/5_roadmap.py"


def _bars(fig: dict) -> list[tuple[str, str, str]]:
    """(plan_id, start, end) of every schedule bar in the figure, read from the traces' customdata."""
    return [tuple(c) for t in fig["data"] if t.get("meta", {}).get("kind") == "roadmap" for c in t["customdata"]]


def test_wajima_bars_match_its_dated_schedule_rows(app_env, con):
    at = open_page(PAGE)
    at.multiselect(key="roadmap_municipalities").set_value(["172049"]).run()
    assert not at.exception
    fig = chart_specs(at)[0]
    bars = _bars(fig)
    dated = con.execute("SELECT start_fy, end_fy FROM roadmap WHERE plan_id = 'wajima-2022'").fetchall()
    assert len(bars) == len(dated) == scalar(con, "SELECT count(*) FROM roadmap WHERE plan_id = 'wajima-2022'")
    assert {plan for plan, _, _ in bars} == {"wajima-2022"}
    expected = sorted((fiscal.fy_start(s).isoformat(), fiscal.fy_end(e).isoformat()) for s, e in dated)
    assert sorted((start, end) for _, start, end in bars) == expected
    assert min(start for _, start, _ in bars) == "2022-04-01"
    assert max(end for _, _, end in bars) <= "2027-03-31"
    # Rows whose end year the plan does not print are drawn in their own, lighter, hatched trace.
    hatched = next(t for t in fig["data"] if t["name"] == gantt.NOT_PRINTED_LEGEND)
    assert len(hatched["customdata"]) == scalar(
        con, "SELECT count(*) FROM roadmap WHERE plan_id = 'wajima-2022' AND NOT end_printed")
    assert hatched["marker"]["pattern"]["shape"] == "/" and hatched["marker"]["opacity"] < 0.9
    # Wajima's three printed stages are drawn, and the 24 rows whose bars were lost are listed, not drawn.
    stages = next(t for t in fig["data"] if t.get("meta", {}).get("kind") == "phase")
    assert stages["text"] == ["デジタル化準備期", "デジタル化試行期", "デジタル化本格運用期"]
    undated = table_by_title(at, "印刷されているが時期が読めない行")
    assert len(undated) == scalar(con, "SELECT count(*) FROM schedule_undated WHERE plan_id = 'wajima-2022'") == 24
    assert set(undated["時期の記載"]) == {"（期間の記号は抽出テキストに無し）"}


def test_axis_is_labelled_in_both_calendars_and_bars_carry_text_and_source(app_env):
    at = open_page(PAGE)
    fig = chart_specs(at)[0]
    assert "令和4年度<br>FY2022" in fig["layout"]["xaxis"]["ticktext"]
    assert "2022-04-01" in fig["layout"]["xaxis"]["tickvals"]
    assert fig["layout"]["xaxis"]["type"] == "date"
    hover = next(h for t in fig["data"] if t.get("meta", {}).get("kind") == "roadmap"
                 for h in t["hovertext"] if "休日受取窓口設置" in h)
    assert "マイナンバーカード交付割合100%を目指します" in hover.replace("<br>", "")   # initiatives.text as printed
    assert "第4章 2 全体スケジュール 基本方針(1)" in hover and "002_864d29e95f6622df.txt" in hover
    assert "R4年度 ■" in hover                                                     # the row's printed timing
    assert "輪島市｜マイナンバーカードの普及促進" in fig["layout"]["yaxis"]["ticktext"]
    assert fig["layout"]["meta"]["title"].startswith("DX推進計画のロードマップ")        # went through charts.finish


def test_a_theme_lines_up_across_municipalities(app_env, con):
    at = open_page(PAGE)
    at.multiselect(key="roadmap_themes").set_value(["標準化・共通化"]).run()
    assert not at.exception
    fig = chart_specs(at)[0]
    ticks = fig["layout"]["yaxis"]["ticktext"]
    header = ticks.index("<b>標準化・共通化</b>")
    assert ticks[header + 1] == "国｜標準準拠システムへの移行（令和7年度末）"
    towns = [re.sub(r"｜.*", "", t) for t in ticks[header + 2:]]
    assert set(towns) == {"輪島市", "内灘町", "大磯町"}
    # The sidebar's 輪島市 first, then its prefecture (内灘町, 石川県), then the rest by 団体コード.
    assert towns == sorted(towns, key=["輪島市", "内灘町", "大磯町"].index)
    rows = table_by_title(at, "ロードマップの行")
    assert set(rows["テーマ"]) == {"標準化・共通化"}
    assert len(_bars(fig)) == len(rows) == scalar(con, "SELECT count(*) FROM roadmap WHERE theme = '標準化・共通化'")


def test_period_slider_keeps_rows_that_overlap_it(app_env, con):
    at = open_page(PAGE)
    at.select_slider(key="roadmap_period").set_range(2024, 2025).run()
    assert not at.exception
    fig = chart_specs(at)[0]
    bars = _bars(fig)
    assert bars and all(start <= "2026-03-31" and end >= "2024-04-01" for _, start, end in bars)
    overlapping = scalar(con, "SELECT count(*) FROM roadmap WHERE start_fy <= 2025 AND end_fy >= 2024")
    assert len(bars) == overlapping
    assert fig["layout"]["xaxis"]["range"][0].startswith("2024-03")
    assert fig["layout"]["xaxis"]["ticktext"][0] == "令和6年度<br>FY2024"
    assert "令和6年度〜令和7年度" in fig["layout"]["meta"]["title"]


def test_national_milestones_are_marked_and_sourced(app_env):
    at = open_page(PAGE)
    fig = chart_specs(at)[0]
    deadline_lines = {a["text"] for a in fig["layout"]["annotations"] if a["text"].startswith("国の期限")}
    assert deadline_lines == {"国の期限 令和4年度末", "国の期限 令和7年度末"}
    diamonds = next(t for t in fig["data"] if t.get("meta", {}).get("kind") == "milestone")
    assert sorted(diamonds["x"]) == ["2023-03-31", "2023-03-31", "2026-03-31"]
    assert all("総務省「自治体デジタル・トランスフォーメーション（DX）推進計画」" in h for h in diamonds["hovertext"])
    table = table_by_title(at, "国の期限")
    assert len(table) == 3 and set(table["出典"]) == {"総務省「自治体デジタル・トランスフォーメーション（DX）推進計画」"}
    assert "総務省「自治体デジタル・トランスフォーメーション（DX）推進計画」" in " ".join(fig["layout"]["meta"]["sources"])


def test_today_is_marked_when_it_falls_in_the_period(con):
    themes = [t for (t,) in con.execute("SELECT theme FROM themes").fetchall()]
    rows = con.execute(open(ROOT / "queries" / "schedule_rows.sql", encoding="utf-8").read(),
                       {"dated": True, "plan_ids": ["wajima-2022"], "themes": themes, "first_fy": 2022,
                        "last_fy": 2026}).df()
    empty = pd.DataFrame(columns=["milestone_date", "theme"])

    def today_marks(today):
        fig = gantt.roadmap_figure(rows, phases=pd.DataFrame(), milestones=empty, themes=sorted(set(rows.theme)),
                                   first_fy=2022, last_fy=2026, today=today, colors={})
        return [a["text"] for a in fig.layout.annotations if a["text"].startswith("今日")]

    assert today_marks(dt.date(2024, 6, 1)) == ["今日 2024-06-01"]
    assert today_marks(dt.date(2030, 6, 1)) == []


def test_kagamino_without_a_schedule_is_said_so(app_env):
    at = open_page(PAGE)
    at.multiselect(key="roadmap_municipalities").set_value(["336068"]).run()
    assert not at.exception
    assert any("鏡野町" in i.value and "スケジュールを掲載していません" in i.value for i in at.info)
    assert not at.get("plotly_chart")


# --- the milestone file ---------------------------------------------------------------------------

def test_milestones_are_in_the_store_with_their_sources(con):
    rows = con.execute("SELECT m.milestone_date::VARCHAR, m.fiscal_year, m.label, s.publisher, s.kind, m.document "
                       "FROM milestones m JOIN sources s USING (source_id) ORDER BY m.seq").fetchall()
    assert [(d, fy) for d, fy, *_ in rows] == [("2023-03-31", 2022), ("2023-03-31", 2022), ("2026-03-31", 2025)]
    assert {r[3] for r in rows} == {"総務省"} and {r[4] for r in rows} == {"national"}
    assert all("自治体デジタル・トランスフォーメーション（DX）推進計画" in r[5] for r in rows)


def test_each_milestone_is_quoted_in_the_seed_files_it_names(con):
    if not (SHARED / "seeds").exists():
        pytest.skip("../shared is not beside the repository")
    for fiscal_year, quoted_in in con.execute("SELECT fiscal_year, quoted_in FROM milestones").fetchall():
        for place in quoted_in.split(" ／ "):
            seed = SHARED / "seeds" / place.split(" § ")[0]
            text = re.sub(r"\s+", "", seed.read_text(encoding="utf-8"))
            assert fiscal.reiwa_label(fiscal_year) in text, (place, fiscal_year)


def _data_copy(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(config.DATA_DIR / "plans", data / "plans")
    shutil.copy(config.DATA_DIR / milestones.MILESTONE_FILE, data / milestones.MILESTONE_FILE)
    return data


def test_a_broken_milestone_stops_the_build_naming_file_entry_and_field(tmp_path):
    data = _data_copy(tmp_path)
    db_file = tmp_path / "dxdash.duckdb"
    store.build(db_file, data)
    before = db_file.read_bytes()
    path = data / milestones.MILESTONE_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("theme: 標準化・共通化", "theme: 標準化", 1), encoding="utf-8")
    with pytest.raises(CuratedDataError, match=r"milestones\.yaml: milestones\[2\] \(national-standard-systems-fy2025\): "
                                               r"フィールド 'theme'"):
        store.build(db_file, data)
    assert db_file.read_bytes() == before


def test_the_milestone_file_is_part_of_the_build_inputs(tmp_path):
    data = _data_copy(tmp_path)
    before = store.input_fingerprint(data)
    path = data / milestones.MILESTONE_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("2026-03-31", "2026-03-30", 1), encoding="utf-8")
    assert store.input_fingerprint(data) != before
    path.unlink()
    assert store.build(tmp_path / "none.duckdb", data)["milestones"] == 0   # the file is optional


# --- the view in a link ---------------------------------------------------------------------------

def test_a_link_reproduces_the_roadmap_view_and_follows_the_filters(app_env):
    link = {"rm_towns": "173657,172049", "rm_themes": "標準化・共通化,テレワーク", "rm_period": "2022-2023"}
    at = open_page(PAGE, link=link)
    assert not at.warning
    assert at.multiselect(key="roadmap_municipalities").value == ["173657", "172049"]
    assert at.multiselect(key="roadmap_themes").value == ["標準化・共通化", "テレワーク"]
    assert at.select_slider(key="roadmap_period").value == (2022, 2023)
    rows = table_by_title(at, "ロードマップの行")
    assert set(rows["団体"]) == {"内灘町", "輪島市"} and set(rows["テーマ"]) == {"標準化・共通化", "テレワーク"}
    assert list(dict.fromkeys(rows["団体"]))[0] == "内灘町"          # the link's order is the chart's order
    at.select_slider(key="roadmap_period").set_range(2021, 2026).run()
    assert query_params(at)["rm_period"] == "2021-2026"
    at.multiselect(key="roadmap_municipalities").set_value(["172049"]).run()
    assert query_params(at)["rm_towns"] == "172049"


def test_a_period_outside_the_plans_falls_back_with_a_notice(app_env):
    at = open_page(PAGE, link={"rm_period": "2030-2020"})
    assert any("rm_period=2030-2020" in w.value for w in at.warning)
    assert at.select_slider(key="roadmap_period").value == (2021, 2026)


def test_default_selection_is_the_municipality_and_its_neighbours(tmp_path, monkeypatch):
    """With more plans than fit on a screen, pages open on the chosen municipality and its prefecture."""
    import shutil

    from dxdash import config, ui
    data = tmp_path / "data"
    shutil.copytree(config.DATA_DIR / "plans", data / "plans")
    template = (config.DATA_DIR / "plans" / "336068_kagamino.yaml").read_text(encoding="utf-8")
    ishikawa = ["172014", "172022", "172031", "172057", "172065", "172073", "172090"]   # 7 more 石川県 towns
    for code in ishikawa:
        (data / "plans" / f"{code}_copy.yaml").write_text(
            template.replace('lg_code: "336068"', f'lg_code: "{code}"').replace("kagamino-", f"test{code}-"),
            encoding="utf-8")
    db_file = tmp_path / "dxdash.duckdb"
    store.build(db_file, data)
    monkeypatch.setenv("DXDASH_DB", str(db_file))
    monkeypatch.setattr(config, "DATA_DIR", data)
    for page, key in ((PAGE, "roadmap_municipalities"), ("pages/7_compare.py", "compare_plans")):
        at = open_page(page)
        chosen = at.multiselect(key=key).value
        assert len(chosen) == ui.DEFAULT_PLAN_COUNT, page
        assert chosen[0] in ("172049", "wajima-2022")
        assert all("17" in c[:2] or c.startswith(("test17", "uchinada", "wajima")) for c in chosen), (page, chosen)
