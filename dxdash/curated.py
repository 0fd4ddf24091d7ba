"""Curated plan files (data/plans/*.yaml): load, validate, and turn into store rows.

The format is documented in data/plans/FORMAT.md. Validation stops at the first file with an
error and names the file, the entry and the field, so a planner editing YAML by hand can fix it.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from dxdash import lgcode
from dxdash.taxonomy import MEASURES, THEME_NAMES

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
LgCode6 = Field(pattern=r"^\d{6}$")


class CuratedDataError(ValueError):
    """Invalid curated data; the message names file, entry and field."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PlanMeta(Strict):
    plan_id: str = Field(pattern=ID_PATTERN)
    lg_code: str = LgCode6
    title: str
    status: str
    published: dt.date | None = None
    published_printed: str | None = None
    start_fy: int | None = Field(default=None, ge=1989, le=2100)
    end_fy: int | None = Field(default=None, ge=1989, le=2100)
    period_printed: str | None = None
    period_section: str | None = None
    publisher: str
    vision: str | None = None
    vision_section: str | None = None
    schedule_printed: bool
    schedule_note: str | None = None

    @field_validator("lg_code")
    @classmethod
    def _check_digit(cls, value: str) -> str:
        if not lgcode.is_valid(value):
            raise ValueError(f"団体コード {value} のチェックデジットが誤っています")
        return value


class Policy(Strict):
    policy_id: str
    title: str
    section: str


class Governance(Strict):
    role: str
    text: str
    section: str


class Phase(Strict):
    label: str
    start_fy: int | None = Field(default=None, ge=1989, le=2100)
    end_fy: int | None = Field(default=None, ge=1989, le=2100)
    printed: str | None = None
    section: str


class Initiative(Strict):
    initiative_id: str = Field(pattern=ID_PATTERN)
    policy_id: str | None = None
    title: str
    theme: Literal[THEME_NAMES]  # type: ignore[valid-type]
    text: str | None = None
    section: str


class ScheduleRow(Strict):
    initiative_id: str
    label: str
    start_fy: int | None = Field(default=None, ge=1989, le=2100)
    end_fy: int | None = Field(default=None, ge=1989, le=2100)
    phase: str | None = None
    printed: str | None = None
    section: str


class Kpi(Strict):
    kpi_id: str = Field(pattern=ID_PATTERN)
    initiative_id: str | None = None
    indicator: str
    unit: str | None = None
    measure: Literal[tuple(MEASURES)] | None = None  # type: ignore[valid-type]
    direction: Literal["increase", "decrease"] | None = None
    baseline_value: float | None = None
    baseline_printed: str | None = None
    baseline_date: dt.date | None = None
    baseline_date_printed: str | None = None
    target_value: float | None = None
    target_printed: str | None = None
    target_fy: int | None = Field(default=None, ge=1989, le=2100)
    target_fy_printed: str | None = None
    note: str | None = None
    section: str


class FigureBlock(Strict):
    section: str
    title: str
    publisher: str
    as_of: dt.date
    as_of_printed: str | None = None
    as_of_by_column: dict[str, dt.date] = {}
    url: str | None = None
    columns: list[str]
    rows: list[list[str | int | float | None]]


class PlanFile(Strict):
    seed_file: str
    plan: PlanMeta
    policies: list[Policy] = []
    governance: list[Governance] = []
    phases: list[Phase] = []
    initiatives: list[Initiative] = []
    schedule: list[ScheduleRow] = []
    kpis: list[Kpi] = []
    figures: list[FigureBlock] = []


# ---------------------------------------------------------------------------------------------

@dataclass
class StoreRows:
    """Rows for the core tables, gathered from all plan files."""

    sources: list[dict] = field(default_factory=list)
    plans: list[dict] = field(default_factory=list)
    policies: list[dict] = field(default_factory=list)
    governance: list[dict] = field(default_factory=list)
    phases: list[dict] = field(default_factory=list)
    initiatives: list[dict] = field(default_factory=list)
    schedule: list[dict] = field(default_factory=list)
    kpis: list[dict] = field(default_factory=list)
    observations: list[dict] = field(default_factory=list)


def _entry_label(doc: dict, loc: tuple) -> str:
    """'kpis[3] (wajima-kpi-04)' for an error location inside a curated file."""
    if not loc:
        return "(ファイル全体)"
    head = str(loc[0])
    if len(loc) >= 2 and isinstance(loc[1], int):
        label = f"{head}[{loc[1]}]"
        try:
            item = doc[head][loc[1]]
            ident = next((item[k] for k in item if k.endswith("_id") or k in ("label", "role", "section")), None)
            if ident:
                label += f" ({ident})"
        except (KeyError, IndexError, TypeError, StopIteration):
            pass
        return label
    return head


def _fail(path: Path, entry: str, fld: str, message: str) -> CuratedDataError:
    return CuratedDataError(f"{_shown(path)}: {entry}: フィールド '{fld}': {message}")


def _shown(path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


_UNIT_SUFFIX = re.compile(r"\s*(%|％|人|件|枚|冊|位|世帯|団体|データセット|項目)\s*$")


def parse_printed_number(printed: str) -> float:
    """'1,132,656' → 1132656; '54.94%' → 54.94; '4' → 4. Raises ValueError otherwise."""
    text = unicodedata.normalize("NFKC", str(printed)).strip()
    text = _UNIT_SUFFIX.sub("", text)
    if not re.fullmatch(r"[+-]?\d{1,3}(,\d{3})*(\.\d+)?|[+-]?\d+(\.\d+)?", text):
        raise ValueError(f"数値として読めません: {printed!r}（例: '1,132,656'、'54.94%'）")
    return float(text.replace(",", ""))


def read_yaml(path: Path) -> dict:
    """A curated YAML file as a mapping, or CuratedDataError naming the file and the position."""
    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{mark.line + 1} 行 {mark.column + 1} 列" if mark else "位置不明"
        raise CuratedDataError(f"{_shown(path)}: YAML として読めません（{where}）: {getattr(exc, 'problem', exc)}") from None
    except UnicodeDecodeError as exc:
        raise CuratedDataError(f"{_shown(path)}: UTF-8 で読めません: {exc}") from None
    if not isinstance(doc, dict):
        raise CuratedDataError(f"{_shown(path)}: 最上位はマッピング（例: seed_file, plan, …）でなければなりません")
    return doc


def validation_error(path: Path, doc: dict, exc: ValidationError) -> CuratedDataError:
    """The first pydantic error as one Japanese message naming file, entry and field."""
    err = exc.errors()[0]
    loc = err["loc"]
    fld = next((str(p) for p in reversed(loc) if isinstance(p, str)), "?")
    return _fail(path, _entry_label(doc, loc), fld, _explain(err))


def load_plan_file(path: Path) -> PlanFile:
    doc = read_yaml(path)
    try:
        return PlanFile.model_validate(doc)
    except ValidationError as exc:
        raise validation_error(path, doc, exc) from None


_EXPLANATIONS = {
    "missing": "必須の項目がありません",
    "extra_forbidden": "書式にない項目です（綴りを確認してください。data/plans/FORMAT.md）",
    "int_parsing": "整数（年度なら 2026 のような西暦年度）でなければなりません",
    "int_from_float": "整数（年度なら 2026 のような西暦年度）でなければなりません",
    "float_parsing": "数値でなければなりません（印刷どおりの文字列は *_printed に）",
    "date_from_datetime_parsing": "日付 YYYY-MM-DD でなければなりません",
    "date_parsing": "日付 YYYY-MM-DD でなければなりません",
    "date_type": "日付 YYYY-MM-DD でなければなりません",
    "bool_parsing": "true か false でなければなりません",
    "string_type": "文字列でなければなりません",
    "list_type": "リストでなければなりません",
    "string_pattern_mismatch": "形式が違います",
    "literal_error": "決められた値のいずれかでなければなりません",
    "greater_than_equal": "値が小さすぎます",
    "less_than_equal": "値が大きすぎます",
}


def _explain(err: dict) -> str:
    text = _EXPLANATIONS.get(err["type"], err["msg"])
    if err["type"] != "missing":
        text += f"（値: {err.get('input')!r}; {err['msg']}）"
    return text


def check_plan(path: Path, plan_file: PlanFile, areas: dict[str, dict]) -> None:
    """Cross-reference checks pydantic cannot do: ids, references, periods, figures vs master list."""
    plan = plan_file.plan
    if plan.lg_code not in areas or areas[plan.lg_code]["area_type"] != "municipality":
        raise _fail(path, "plan", "lg_code", f"{plan.lg_code} は市区町村マスタにありません")
    if (plan.start_fy is None) != (plan.end_fy is None):
        raise _fail(path, "plan", "start_fy/end_fy", "計画期間は start_fy と end_fy の両方を書くか、両方とも省きます")
    if plan.start_fy is not None and plan.start_fy > plan.end_fy:
        raise _fail(path, "plan", "end_fy", f"end_fy {plan.end_fy} が start_fy {plan.start_fy} より前です")
    policy_ids = [p.policy_id for p in plan_file.policies]
    _no_duplicates(path, "policies", "policy_id", policy_ids)
    initiative_ids = [i.initiative_id for i in plan_file.initiatives]
    _no_duplicates(path, "initiatives", "initiative_id", initiative_ids)
    _no_duplicates(path, "kpis", "kpi_id", [k.kpi_id for k in plan_file.kpis])
    for n, ini in enumerate(plan_file.initiatives):
        if ini.policy_id is not None and ini.policy_id not in policy_ids:
            raise _fail(path, f"initiatives[{n}] ({ini.initiative_id})", "policy_id",
                        f"{ini.policy_id!r} は policies にありません（{', '.join(policy_ids) or 'policies が空'}）")
    phase_labels = [p.label for p in plan_file.phases]
    for n, row in enumerate(plan_file.schedule):
        entry = f"schedule[{n}] ({row.label})"
        if row.initiative_id not in initiative_ids:
            raise _fail(path, entry, "initiative_id", f"{row.initiative_id!r} は initiatives にありません")
        if row.end_fy is not None and row.start_fy is None:
            raise _fail(path, entry, "start_fy", "end_fy だけを書くことはできません")
        if row.start_fy is not None and row.end_fy is not None and row.end_fy < row.start_fy:
            raise _fail(path, entry, "end_fy", f"end_fy {row.end_fy} が start_fy {row.start_fy} より前です")
        if row.phase is not None and row.phase not in phase_labels:
            raise _fail(path, entry, "phase", f"{row.phase!r} は phases にありません（{', '.join(phase_labels)}）")
    if not plan_file.plan.schedule_printed and plan_file.schedule:
        raise _fail(path, "plan", "schedule_printed", "schedule_printed: false なのに schedule に行があります")
    for n, kpi in enumerate(plan_file.kpis):
        entry = f"kpis[{n}] ({kpi.kpi_id})"
        if kpi.initiative_id is not None and kpi.initiative_id not in initiative_ids:
            raise _fail(path, entry, "initiative_id", f"{kpi.initiative_id!r} は initiatives にありません")
        if kpi.baseline_value is not None and not kpi.baseline_printed:
            raise _fail(path, entry, "baseline_printed", "baseline_value には印刷どおりの baseline_printed が必要です")
        if kpi.target_value is not None and not kpi.target_printed:
            raise _fail(path, entry, "target_printed", "target_value には印刷どおりの target_printed が必要です")
        if (kpi.target_value is not None or kpi.baseline_value is not None) and not kpi.unit:
            raise _fail(path, entry, "unit", "数値のあるKPIには単位（%, 件, …）が必要です")
        if kpi.target_value is not None and kpi.direction is None:
            raise _fail(path, entry, "direction", "数値目標のあるKPIには direction（increase / decrease）が必要です")
    for n, block in enumerate(plan_file.figures):
        _check_figure(path, n, block, areas)


def _no_duplicates(path: Path, section: str, fld: str, values: list[str]) -> None:
    seen: set[str] = set()
    for n, value in enumerate(values):
        if value in seen:
            raise _fail(path, f"{section}[{n}]", fld, f"{value!r} が重複しています")
        seen.add(value)


def _normalize_name(name: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def resolve_figure_area(printed_code: str, printed_name: str, areas: dict[str, dict]) -> str:
    """The store's area_code for a figure row: '00', a 2-digit prefecture, or a 6-digit municipality.

    A 5-digit code is JIS X 0402 as printed (no check digit). The printed name must match the
    master list, so a mistyped code cannot silently attach a figure to the wrong municipality.
    """
    code = str(printed_code).strip()
    name = _normalize_name(printed_name)
    if code == lgcode.NATION:
        if name not in ("全国", "国", "(参考)国", "（参考）国"):
            raise ValueError(f"area_code 00（全国）の名前が {printed_name!r} です")
        return code
    if re.fullmatch(r"\d{2}", code):
        pref = areas.get(lgcode.prefecture_lg_code(code))
        if pref is None or _normalize_name(pref["pref_name"]) != name:
            expected = pref["pref_name"] if pref else "（存在しない都道府県コード）"
            raise ValueError(f"都道府県コード {code} は {expected} ですが、名前は {printed_name!r} です")
        return code
    code6 = lgcode.normalize(code, digits_hint=5 if len(code) == 5 else 6)
    area = areas.get(code6)
    if area is None:
        raise ValueError(f"団体コード {code6} は市区町村マスタにありません")
    if not (name.endswith(_normalize_name(area["name_without_gun"])) or name == _normalize_name(area["name"])):
        raise ValueError(f"団体コード {code6} は {area['name']} ですが、名前は {printed_name!r} です")
    return code6


def _check_figure(path: Path, n: int, block: FigureBlock, areas: dict[str, dict]) -> None:
    entry = f"figures[{n}] ({block.section})"
    for required in ("area_code", "area_name"):
        if required not in block.columns:
            raise _fail(path, entry, "columns", f"列 {required} が必要です")
    measures = [c for c in block.columns if c not in ("area_code", "area_name")]
    for column in measures:
        if column not in MEASURES:
            raise _fail(path, entry, "columns", f"{column!r} は既知の指標ではありません（{', '.join(MEASURES)}）")
    for column in block.as_of_by_column:
        if column not in measures:
            raise _fail(path, entry, "as_of_by_column", f"{column!r} は columns にありません")
    for r, row in enumerate(block.rows):
        if len(row) != len(block.columns):
            raise _fail(path, f"{entry} rows[{r}]", "rows",
                        f"{len(block.columns)} 列のはずが {len(row)} 列あります")
        cells = dict(zip(block.columns, row))
        try:
            resolve_figure_area(str(cells["area_code"]), str(cells["area_name"]), areas)
        except (ValueError, lgcode.LgCodeError) as exc:
            raise _fail(path, f"{entry} rows[{r}]", "area_code", str(exc)) from None
        for column in measures:
            printed = cells[column]
            if printed in (None, ""):
                continue
            try:
                parse_printed_number(str(printed))
            except ValueError as exc:
                raise _fail(path, f"{entry} rows[{r}]", column, str(exc)) from None


def plan_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "plans").glob("*.yaml"))


def load_all(data_dir: Path, areas: dict[str, dict]) -> list[tuple[Path, PlanFile]]:
    """Load and check every plan file; raise CuratedDataError at the first problem."""
    loaded = []
    seen_ids: dict[str, Path] = {}
    for path in plan_files(data_dir):
        plan_file = load_plan_file(path)
        check_plan(path, plan_file, areas)
        ids = [("plan", "plan_id", plan_file.plan.plan_id)]
        ids += [(f"initiatives[{n}]", "initiative_id", i.initiative_id) for n, i in enumerate(plan_file.initiatives)]
        ids += [(f"kpis[{n}]", "kpi_id", k.kpi_id) for n, k in enumerate(plan_file.kpis)]
        for entry, fld, ident in ids:
            if ident in seen_ids:
                raise _fail(path, entry, fld, f"{ident!r} は {seen_ids[ident]} でも使われています（全計画で一意にしてください）")
            seen_ids[ident] = path
        loaded.append((path, plan_file))
    return loaded


def to_rows(loaded: list[tuple[Path, PlanFile]], areas: dict[str, dict], root: Path) -> StoreRows:
    rows = StoreRows()
    for path, plan_file in loaded:
        _plan_rows(rows, path.relative_to(root).as_posix(), plan_file, areas)
    return rows


def _plan_rows(rows: StoreRows, data_file: str, pf: PlanFile, areas: dict[str, dict]) -> None:
    plan = pf.plan
    known_sources: dict[str, dict] = {}

    def source(section: str | None, *, kind_prefix: str = "", title: str | None = None,
               publisher: str | None = None, as_of: dt.date | None = None, url: str | None = None) -> str:
        """The source row of one section of the plan; two figures printed in one section get one each."""
        base_id = plan.plan_id + (f":{kind_prefix}{section}" if section else "")
        row = {"kind": "plan", "title": title or plan.title, "publisher": publisher or plan.publisher,
               "as_of": as_of or plan.published, "seed_file": pf.seed_file, "section": section, "url": url,
               "data_file": data_file, "content_sha256": None}
        source_id, n = base_id, 1
        while source_id in known_sources and known_sources[source_id] != row:
            n += 1
            source_id = f"{base_id} #{n}"
        if source_id not in known_sources:
            known_sources[source_id] = row
            rows.sources.append({"source_id": source_id, **row})
        return source_id

    plan_source = source(None)
    rows.plans.append({
        "plan_id": plan.plan_id, "lg_code": plan.lg_code, "title": plan.title, "status": plan.status,
        "published": plan.published, "published_printed": plan.published_printed,
        "start_fy": plan.start_fy, "end_fy": plan.end_fy, "period_printed": plan.period_printed,
        "publisher": plan.publisher, "vision": plan.vision, "schedule_printed": plan.schedule_printed,
        "schedule_note": plan.schedule_note, "data_file": data_file, "source_id": plan_source,
    })
    for seq, pol in enumerate(pf.policies, 1):
        rows.policies.append({"plan_id": plan.plan_id, "policy_id": pol.policy_id, "seq": seq,
                              "title": pol.title, "source_id": source(pol.section)})
    for seq, gov in enumerate(pf.governance, 1):
        rows.governance.append({"plan_id": plan.plan_id, "seq": seq, "role": gov.role, "text": gov.text,
                                "source_id": source(gov.section)})
    for seq, phase in enumerate(pf.phases, 1):
        rows.phases.append({"plan_id": plan.plan_id, "seq": seq, "label": phase.label, "start_fy": phase.start_fy,
                            "end_fy": phase.end_fy, "printed": phase.printed, "source_id": source(phase.section)})
    for seq, ini in enumerate(pf.initiatives, 1):
        rows.initiatives.append({"initiative_id": ini.initiative_id, "plan_id": plan.plan_id, "seq": seq,
                                 "policy_id": ini.policy_id, "title": ini.title, "theme": ini.theme,
                                 "text": ini.text, "source_id": source(ini.section)})
    for seq, row in enumerate(pf.schedule, 1):
        rows.schedule.append({"plan_id": plan.plan_id, "seq": seq, "initiative_id": row.initiative_id,
                              "label": row.label, "start_fy": row.start_fy, "end_fy": row.end_fy,
                              "phase": row.phase, "printed": row.printed, "source_id": source(row.section)})
    for seq, kpi in enumerate(pf.kpis, 1):
        rows.kpis.append({
            "kpi_id": kpi.kpi_id, "plan_id": plan.plan_id, "seq": seq, "initiative_id": kpi.initiative_id,
            "indicator": kpi.indicator, "unit": kpi.unit, "measure": kpi.measure, "direction": kpi.direction,
            "baseline_value": kpi.baseline_value, "baseline_printed": kpi.baseline_printed,
            "baseline_date": kpi.baseline_date, "baseline_date_printed": kpi.baseline_date_printed,
            "target_value": kpi.target_value, "target_printed": kpi.target_printed, "target_fy": kpi.target_fy,
            "target_fy_printed": kpi.target_fy_printed, "note": kpi.note, "source_id": source(kpi.section),
        })
    for block in pf.figures:
        source_id = source(block.section, kind_prefix="fig:", title=block.title, publisher=block.publisher,
                           as_of=block.as_of, url=block.url)
        measures = [c for c in block.columns if c not in ("area_code", "area_name")]
        for row in block.rows:
            cells = dict(zip(block.columns, row))
            area_code = resolve_figure_area(str(cells["area_code"]), str(cells["area_name"]), areas)
            for measure in measures:
                printed = cells[measure]
                if printed in (None, ""):
                    continue
                rows.observations.append({
                    "measure": measure, "area_code": area_code,
                    "as_of": block.as_of,
                    "value": parse_printed_number(str(printed)), "value_printed": str(printed),
                    "denominator_as_of": _denominator_as_of(block, measure), "source_id": source_id,
                })


_RATE_DENOMINATOR = {"mynumber_issuance_rate": "mynumber_population", "mynumber_application_rate": "mynumber_population"}


def _denominator_as_of(block: FigureBlock, measure: str) -> dt.date | None:
    """The base date of a figure's population (人口算出基準日), for the population and the rates on it."""
    own = block.as_of_by_column.get(measure)
    if own is not None:
        return own
    return block.as_of_by_column.get(_RATE_DENOMINATOR.get(measure, ""))
