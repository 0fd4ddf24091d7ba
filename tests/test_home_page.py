"""AppTest runs of the home page and the plan page: what a planner sees and what a click changes."""
from tests.pages import metric_values, open_page


def test_home_shows_wajima_by_default_with_its_plan_and_indicators(app_env):
    at = open_page()
    assert at.title[0].value == "自治体DX比較ダッシュボード"
    assert "石川県 輪島市（団体コード 172049）" in [h.value for h in at.header]
    metrics = metric_values(at)
    assert metrics["状態（印刷どおり）"] == "案"
    assert metrics["計画期間"] == "令和4〜8年度"
    assert metrics["マイナンバーカード交付率"] == "54.94 %"
    assert metrics["光ファイバ世帯カバー率"] == "62.07 %"
    assert metrics["オープンデータ公開項目数"] == "18 件"
    captions = " ".join(c.value for c in at.caption)
    assert "基準日 2022-05-31（令和4年5月31日）" in captions
    assert "図表10" in captions
    # The prefecture and the nation beside the municipality, each with its own date and source.
    table = at.dataframe[0].value
    rows = {(r["地域"], r["指標"]): r for _, r in table.iterrows()}
    assert rows[("石川県", "マイナンバーカード交付率")]["値"] == 45.22
    assert rows[("全国", "マイナンバーカード交付率")]["値"] == 44.66
    assert str(rows[("全国", "マイナンバーカード交付率")]["基準日"]) == "2022-05-31"


def test_changing_the_municipality_changes_plan_and_figures(app_env):
    at = open_page(lg_code="173657")
    assert "石川県 内灘町（団体コード 173657）" in [h.value for h in at.header]
    metrics = metric_values(at)
    assert metrics["状態（印刷どおり）"] == "中間とりまとめ"
    assert metrics["計画期間"] == "令和3〜7年度"
    # The latest figure in the store: Wajima's 図表10 (2022-05-31) is later than Uchinada's own (2021-12-31).
    assert metrics["マイナンバーカード交付率"] == "44.36 %"
    assert metrics["オープンデータ公開項目数"] == "データなし"


def test_changing_the_prefecture_picks_a_municipality_with_a_plan(app_env):
    at = open_page(pref_code="10")
    assert at.sidebar.selectbox(key="_lg_code_widget").value == "104213"
    assert "群馬県 中之条町（団体コード 104213）" in [h.value for h in at.header]
    assert metric_values(at)["マイナンバーカード交付率"] == "34.8 %"


def test_a_municipality_without_plan_or_data_says_so(app_env):
    at = open_page(pref_code="01", lg_code="011002")
    assert any("札幌市のDX推進計画はまだストアにありません" in i.value for i in at.info)
    assert metric_values(at)["マイナンバーカード交付率"] == "データなし"


def test_the_choice_persists_across_pages(app_env):
    at = open_page("pages/1_plans.py", lg_code="173657")
    assert at.sidebar.selectbox(key="_lg_code_widget").value == "173657"
    assert at.header[0].value.startswith("内灘町DX推進計画")
    subheaders = [s.value for s in at.subheader]
    assert "取組事項（11 件）" in subheaders
    at.switch_page("app.py").run()
    assert "石川県 内灘町（団体コード 173657）" in [h.value for h in at.header]


def test_plan_page_for_kagamino_says_no_schedule_is_printed(app_env):
    at = open_page("pages/1_plans.py", pref_code="33", lg_code="336068")
    assert any("スケジュールを掲載していません" in i.value for i in at.info)
    assert any("数値のKPI・目標を掲載していません" in i.value for i in at.info)


def test_tables_have_csv_and_xlsx_downloads(app_env):
    at = open_page(assert_no_exception=False)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.count("CSV（Excel用）") == len(at.dataframe)
    assert labels.count("Excel (.xlsx)") == len(at.dataframe)
