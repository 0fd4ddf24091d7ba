"""データ管理: imports of nationwide data, only behind the administrator secret."""
import streamlit as st

from dxdash import admin, config, db, ui
from dxdash.importers.mynumber import import_mynumber
from dxdash.importers.opendata import import_opendata_survey
from dxdash.importing import ImportDataError

ui.page_setup("データ管理")
if admin.configured_token() is None:
    st.info("この環境では管理機能は無効です（管理者用の秘密 DXDASH_ADMIN_TOKEN または secrets の admin_token が未設定）。"
            "閲覧者はデータを変更できません。")
    ui.stop()

entered = st.text_input("管理者トークン", type="password", key="admin_token_entered")
if not admin.is_admin(entered):
    if entered:
        st.error("トークンが違います。")
    ui.stop()

st.success("管理者として操作しています。取り込みはストアの複製に書いてから置き換えるため、閲覧中の利用者には影響しません。")
IMPORTERS = {  # key → (heading, importer, what to enter)
    "mynumber": ("マイナンバーカード交付状況の取り込み", import_mynumber,
                 "スナップショットのフォルダ・その親フォルダ・または http(s) URL"),
    "opendata": ("オープンデータ調査（令和2年度）の取り込み", import_opendata_survey,
                 "r2_survey_answers_simple.csv のファイル・フォルダ・または http(s) URL"),
}
for key, (heading, run_import, prompt) in IMPORTERS.items():
    st.subheader(heading)
    location = st.text_input(prompt, key=f"admin_{key}_location")
    if st.button("取り込む", key=f"admin_{key}_import", disabled=not location):
        try:
            report = run_import(location.strip(), db_file=config.db_path())
        except ImportDataError as exc:
            st.error(str(exc))
        else:
            db.clear_caches()
            (st.success if report.ok else st.error)("\n\n".join(report.lines()[:1] + report.errors))
            if report.resolutions:
                with st.expander(f"補正・注記した行（{len(report.resolutions)} 件）"):
                    st.text("\n".join(report.resolutions))

ui.page_end()
