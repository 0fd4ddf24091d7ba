"""Importer for the nationwide open-data survey of local governments, 2020-11.

内閣官房 IT総合戦略室「地方公共団体へのオープンデータの取組に関するアンケート」(令和2年度), as
flattened to CSV by code4fukui/opendata_survey: one row per local government (47 prefectures and
1,741 municipalities), one column per answer option. What planners compare is taken from it:
the submission status, the published-files band ([No.14]) and, for each of the 23 推奨データセット
options of [No.17], whether the body publishes it in the recommended format.

The whole file is parsed first; then one transaction writes it, or nothing is written. Known
defects of the source are resolved and reported, never dropped: 福岡県 苅田町 carries 13220 (東京都
東大和市's code), and 高知県 梼原町 is written with 梼 where the master list writes 檮原町.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from dxdash import config, lgcode, store
from dxdash.importing import (AreaResolver, ImportDataError, ImportReport, decode_utf8, fetch, is_url, join, read_csv,
                              replace_import, sha256)

FILE_NAME = "r2_survey_answers_simple.csv"
PUBLIC_URL = "https://code4fukui.github.io/opendata_survey/r2_survey_answers_simple.csv"
SURVEY_LABEL = "r2"
SOURCE_ID = "opendata_survey:r2"
MEASURE = "opendata_recommended_datasets"
BASIC_MEASURE = "opendata_basic_datasets"    # the 14 of 推奨データセット基本編
BASIC_EDITION_SIZE = 14
# The questions ask about the state "2020/11月時点" ([No.14]) and activities "2019年11月～2020年11月";
# the survey prints no day, so figures are dated at the end of that month.
SURVEY_DATE = dt.date(2020, 11, 30)
TITLE = ("地方公共団体へのオープンデータの取組に関するアンケート（令和2年度。2020年11月時点の回答、"
         "日の記載がないため基準日は同月末の2020-11-30とした）")
PUBLISHER = "内閣官房 IT総合戦略室（政府CIOポータル）（CSV 化: code4fukui/opendata_survey, MIT）"

CODE = "地方公共団体コード"
NAME = "地方公共団体名"
STATUS = "提出状況"
FILES_BAND = "[No.14]オープンデータとして公開されているファイル数について、あてはまるものを１つ選択してください。"
HEADER_LENGTH = 236

ANSWERED = "提出済"
STATUSES = (ANSWERED, "未提出", "未確認")   # the last two are non-respondents: 'no answer', never zero
# [No.14] options as printed in r2_survey_questions.csv, smallest first.
FILES_BANDS = ("オープンデータを公開していない", "10以下", "11～50", "51～100", "101～500", "501～1000", "1001～5000",
               "5001～10000", "10000以上")


@dataclass(frozen=True)
class Dataset:
    dataset_no: int           # position among the [No.17] options, 1–23
    name: str                 # the option as printed after "[No.17]"
    basic_edition: bool       # one of the 14 of 推奨データセット基本編 (listed in the Nakanojo plan)

    @property
    def column(self) -> str:
        return f"[No.17]{self.name}"


# The 23 推奨データセット options of [No.17] in survey order; the first 14 are 基本編. ボーリング柱状図 is
# asked twice (own site / external site), so it is two options, each counted as printed.
DATASETS: tuple[Dataset, ...] = tuple(Dataset(no, name, no <= BASIC_EDITION_SIZE) for no, name in enumerate((
    "AED設置箇所一覧", "介護サービス事業所一覧", "医療機関一覧", "文化財一覧", "観光施設一覧", "イベント一覧",
    "公衆無線LANアクセスポイント一覧", "公衆トイレ一覧", "消防水利施設一覧", "指定緊急避難場所一覧", "地域・年齢別人口",
    "公共施設一覧", "子育て施設一覧", "オープンデータ一覧",
    "食品等営業許可・届出一覧", "学校給食献立情報", "小中学校通学区域情報", "ボーリング柱状図等（自身のHPで公開）",
    "ボーリング柱状図等（外部のHPで公開）", "都市計画基礎調査情報", "調達情報", "標準的なバス情報フォーマット", "支援制度情報",
), start=1))

# The two [No.17] options that say a body publishes no (conforming) recommended dataset.
NOT_PUBLISHING = ("[No.17]オープンデータの公開は行っているが、推奨データセットに準拠したデータを公開していない",
                  "[No.17]オープンデータを公開していない")

# The columns read, at their 1-based position in the 236-column file.
EXPECTED_COLUMNS: dict[int, str] = {1: CODE, 2: NAME, 3: STATUS, 103: FILES_BAND,
                                    **{110 + d.dataset_no: d.column for d in DATASETS},
                                    134: NOT_PUBLISHING[0], 135: NOT_PUBLISHING[1]}

# Character variants between the survey and the master list (same municipality, same code):
# the survey writes 梼原町, japancode writes 檮原町.
NAME_VARIANTS = str.maketrans({"梼": "檮"})


@dataclass
class Answer:
    area_code: str
    line: int
    code_printed: str
    name_printed: str
    status: str
    files_band: str | None
    published: dict[int, bool] = field(default_factory=dict)   # dataset_no → published; empty for non-respondents


def survey_file(location: str) -> str:
    """The CSV itself, given the file, the folder holding it, or a URL of either."""
    location = str(location)
    if location.lower().endswith(".csv") or (not is_url(location) and Path(location).is_file()):
        return location
    if not is_url(location) and not Path(location).exists():
        raise ImportDataError(location, "ファイルまたはフォルダがありません")
    return join(location, FILE_NAME)


def _header(location: str, data: bytes) -> list[str]:
    """The header row, checked against the 2020 layout: 236 columns, the columns read at their places."""
    try:
        header = [h.strip() for h in next(csv.reader(io.StringIO(decode_utf8(location, data), newline="")))]
    except StopIteration:
        raise ImportDataError(location, "空のファイルです", line=1) from None
    problems = []
    if len(header) != HEADER_LENGTH:
        problems.append(f"{HEADER_LENGTH} 列のはずが {len(header)} 列あります")
    missing = [name for name in EXPECTED_COLUMNS.values() if name not in header]
    if missing:
        problems.append(f"足りない列: {'、'.join(f'「{name}」' for name in missing)}")
    # Columns in the wrong place (a reordered sheet); after a missing column every later one moves, so only then.
    moved = [] if missing else [(pos, name) for pos, name in EXPECTED_COLUMNS.items() if header.index(name) + 1 != pos]
    if moved:
        pos, name = moved[0]
        problems.append(f"「{name}」は {pos} 列目のはずが {header.index(name) + 1} 列目にあります"
                        + (f"（ほか {len(moved) - 1} 列も位置が違います）" if len(moved) > 1 else ""))
    duplicates = sorted({h for h in header if header.count(h) > 1})
    if duplicates:
        problems.append(f"同じ見出しの列が複数あります: {'、'.join(f'「{h}」' for h in duplicates)}")
    if problems:
        raise ImportDataError(location, "見出し行が令和2年度調査（r2_survey_answers_simple.csv、236 列）の形と違います。"
                                        + "。".join(problems), line=1, column=(missing or [n for _, n in moved] or [None])[0])
    return header


def _area_code(location: str, line: int, row: dict, resolver: AreaResolver, report: ImportReport) -> str:
    """The store's area code of one row: a 2-digit prefecture code or a 6-digit 団体コード.

    The printed code decides unless the printed name contradicts it; then the prefecture + name
    decide (苅田町). A name that differs from the master only by a known character variant keeps
    its code (梼原町). Every such repair is reported.
    """
    raw, printed = row[CODE], row[NAME]
    try:
        code6 = lgcode.normalize(raw, digits_hint=5)
    except lgcode.LgCodeError as exc:
        raise ImportDataError(location, str(exc), line=line, column=CODE) from None
    if code6[2:5] == "000":
        pref_code = resolver.prefecture(location, line, NAME, printed)
        if pref_code != code6[:2]:
            raise ImportDataError(location, f"団体コード {raw!r} は都道府県コード {code6[:2]} ですが、この行は「{printed}」"
                                            f"（{pref_code}）です", line=line, column=CODE)
        return pref_code
    pref_name, space, name = printed.partition(" ")
    if not space and printed.strip() in resolver.pref_by_name:
        raise ImportDataError(location, f"この行は都道府県「{printed}」ですが、団体コード {raw!r} は都道府県のコード"
                                        f"（{code6[:2]}000）ではありません", line=line, column=CODE)
    if not space or not name.strip():
        raise ImportDataError(location, f"「都道府県名 市区町村名」の形のはずが {printed!r} です", line=line, column=NAME)
    if resolver.name_matches(code6, pref_name, name):
        return code6
    variant = name.translate(NAME_VARIANTS)
    if variant != name and resolver.name_matches(code6, pref_name, variant):
        report.resolutions.append(f"{location} {line} 行目: 「{printed}」→ {code6}（{resolver.describe(code6)}）。"
                                  f"団体コードどおり。名称の違いは異体字（{_variant_pairs(name)}）のみ")
        return code6
    by_name = resolver.by_pref_and_name(pref_name, name) or resolver.by_pref_and_name(pref_name, variant)
    if by_name is None:
        raise ImportDataError(location, f"団体コード {raw!r}（{code6}）はマスタでは {resolver.describe(code6)} ですが、"
                                        f"この行は「{printed}」で、都道府県名＋市区町村名でもマスタにありません",
                              line=line, column=NAME)
    report.resolutions.append(f"{location} {line} 行目: 団体コード {raw!r}（{code6}、マスタでは {resolver.describe(code6)}）"
                              f" → {by_name}（{printed}、都道府県名＋市区町村名で照合）")
    return by_name


def _variant_pairs(name: str) -> str:
    """'梼原町' → '梼/檮'."""
    return "、".join(f"{a}/{b}" for a, b in zip(name, name.translate(NAME_VARIANTS)) if a != b)


def _answer(location: str, line: int, row: dict, area_code: str) -> Answer:
    """One row's answers; 0/1 in every dataset column of a respondent, nothing for a non-respondent."""
    status = row[STATUS]
    if status not in STATUSES:
        raise ImportDataError(location, f"{'・'.join(STATUSES)} のいずれかのはずが {status!r} です", line=line, column=STATUS)
    answer = Answer(area_code, line, row[CODE], row[NAME], status, row[FILES_BAND] or None)
    if status != ANSWERED:
        for column in (FILES_BAND, *(d.column for d in DATASETS)):
            if row[column]:
                raise ImportDataError(location, f"提出状況が {status} なのに回答 {row[column]!r} があります（空欄のはずです）",
                                      line=line, column=column)
        return answer
    if answer.files_band is not None and answer.files_band not in FILES_BANDS:
        raise ImportDataError(location, f"選択肢（{'、'.join(FILES_BANDS)}）または空欄のはずが {answer.files_band!r} です",
                              line=line, column=FILES_BAND)
    for dataset in DATASETS:
        value = row[dataset.column]
        if value not in ("0", "1"):
            raise ImportDataError(location, f"推奨データセットの公開の有無は 0 か 1 のはずが {value!r} です",
                                  line=line, column=dataset.column)
        answer.published[dataset.dataset_no] = value == "1"
    return answer


def _note_contradiction(location: str, line: int, row: dict, answer: Answer, report: ImportReport) -> None:
    """Some bodies tick 「公開していない」 or 「準拠したデータは公開していない」 and also mark datasets.
    The dataset columns are stored as answered; the contradiction is reported, not resolved."""
    count = sum(answer.published.values())
    ticked = [column.removeprefix("[No.17]")[:30] for column in NOT_PUBLISHING if row.get(column) == "1"]
    if count and ticked:
        report.resolutions.append(f"{location} {line} 行目: {row[NAME]} は「{'」「'.join(ticked)}…」を選びつつ "
                                  f"推奨データセット {count} 項目に 1 を付けています（回答どおり {count} として保存）")


def parse(location: str, data: bytes, resolver: AreaResolver, report: ImportReport) -> list[Answer]:
    """Every row of the survey file, or ImportDataError at the first bad cell. Nothing is written here."""
    header = _header(location, data)
    answers: list[Answer] = []
    seen: dict[str, int] = {}
    for line, row in read_csv(location, data, header):
        area_code = _area_code(location, line, row, resolver, report)
        if area_code in seen:
            raise ImportDataError(location, f"{area_code}（{row[NAME]}）が {seen[area_code]} 行目と重複しています",
                                  line=line, column=CODE)
        seen[area_code] = line
        answer = _answer(location, line, row, area_code)
        _note_contradiction(location, line, row, answer, report)
        answers.append(answer)
    if not answers:
        raise ImportDataError(location, "データの行がありません", line=2)
    return answers


def _content_hash(data: bytes) -> str:
    """The file and the dataset definitions it is read with: either changing means a new import."""
    definitions = "\n".join(f"{d.dataset_no}\t{d.name}\t{d.basic_edition}" for d in DATASETS)
    return sha256(data, definitions.encode(), SURVEY_DATE.isoformat().encode())


def _store(con: duckdb.DuckDBPyConnection, location: str, answers: list[Answer], content: str) -> bool:
    """Write the parsed survey in one transaction. False when the same content is already stored."""
    source = {
        "source_id": SOURCE_ID, "kind": "import", "title": TITLE, "publisher": PUBLISHER, "as_of": SURVEY_DATE,
        "seed_file": None, "section": f"{FILE_NAME}: 提出状況、[No.14] 公開ファイル数、[No.17] 推奨データセット（23 項目）",
        "url": location if is_url(location) else PUBLIC_URL, "data_file": None if is_url(location) else location,
        "content_sha256": content,
    }
    return replace_import(con, source, {
        "core.opendata_datasets": [
            {"dataset_no": d.dataset_no, "name": d.name, "basic_edition": d.basic_edition} for d in DATASETS],
        "core.opendata_answers": [{
            "area_code": a.area_code, "survey_date": SURVEY_DATE, "submission_status": a.status,
            "files_band": a.files_band, "code_printed": a.code_printed, "name_printed": a.name_printed,
            "line": a.line} for a in answers],
        "core.opendata_published": [{
            "area_code": a.area_code, "survey_date": SURVEY_DATE, "dataset_no": no, "published": published}
            for a in answers for no, published in a.published.items()],
        "core.observations": [{
            "measure": measure, "area_code": a.area_code, "as_of": SURVEY_DATE, "value": float(count),
            "value_printed": None, "denominator_as_of": None}
            for a in answers if a.status == ANSWERED
            for measure, count in ((MEASURE, sum(a.published.values())),
                                   (BASIC_MEASURE, sum(v for no, v in a.published.items() if DATASETS[no - 1].basic_edition)))],
    })


def import_opendata_survey(location: str, db_file: Path | None = None) -> ImportReport:
    """Import the 2020-11 survey (file, folder or http(s) URL) into the store.

    On bad input the report carries one message naming file, line and column and the store is
    left exactly as it was; a re-import of identical content leaves even the file untouched.
    """
    db_file = Path(db_file or config.db_path())
    report = ImportReport()
    with store.replacing(db_file) as con:
        try:
            location = survey_file(location)
            data = fetch(location)
            answers = parse(location, data, AreaResolver(con), report)
            if _store(con, location, answers, _content_hash(data)):
                report.imported.append(SURVEY_LABEL)
                report.rows = len(answers)
            else:
                report.unchanged.append(SURVEY_LABEL)
        except ImportDataError as exc:
            report.errors.append(str(exc))
        if not report.imported:
            raise store.NothingChanged
    return report
