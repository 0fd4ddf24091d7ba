"""The master list of prefectures and municipalities, from the PyPI package `japancode` (MIT).

japancode ships, for the 47 prefectures and for every municipality and designated-city ward,
the 団体コード, name, kana and a point location. Its names carry no 郡 prefix; sources that print
one (「河北郡内灘町」) are matched on the name without it.
"""
from __future__ import annotations

import json
import re
from importlib import resources
from importlib.metadata import version

from dxdash import lgcode

SOURCE_ID = "master:japancode"


def master_source() -> dict:
    return {
        "source_id": SOURCE_ID, "kind": "master",
        "title": f"japancode {version('japancode')} 都道府県・市区町村データ（団体コード・名称・かな・位置）",
        "publisher": "japancode (Kentaro Ozeki, MIT License)", "as_of": None, "seed_file": None,
        "section": None, "url": "https://github.com/ozekik/japancode", "data_file": None, "content_sha256": None,
    }


def strip_gun(name: str) -> str:
    """'河北郡内灘町' → '内灘町'. A 郡 name ends in 郡 and is followed by the town or village name."""
    match = re.fullmatch(r"(.+?郡)\s*(.+[町村])", name)
    return match.group(2) if match else name


def _load(file_name: str) -> list[dict]:
    return json.loads(resources.files("japancode").joinpath("data", file_name).read_text(encoding="utf-8"))


def master_rows() -> list[dict]:
    """One row per prefecture, municipality and designated-city ward, in 団体コード order."""
    prefectures = {}
    rows = []
    for pref in _load("prefectures.json"):
        pref_code = pref["pid"].zfill(2)
        prefectures[pref_code] = pref["pref"]
        rows.append({
            "lg_code": lgcode.normalize(pref["lgcode"], digits_hint=6), "area_type": "prefecture",
            "pref_code": pref_code, "pref_name": pref["pref"], "name": pref["pref"],
            "name_without_gun": pref["pref"], "kana": pref["prefkana"], "lat": None, "lng": None,
            "source_id": SOURCE_ID,
        })
    for city in _load("municipalities.json"):
        pref_code = city["pid"].zfill(2)
        # Designated-city wards are written "札幌市 中央区"; they are not municipalities of their own.
        is_ward = " " in city["city"]
        rows.append({
            "lg_code": lgcode.normalize(city["lgcode"], digits_hint=6),
            "area_type": "ward" if is_ward else "municipality",
            "pref_code": pref_code, "pref_name": prefectures[pref_code], "name": city["city"],
            "name_without_gun": strip_gun(city["city"]), "kana": city["citykana"],
            "lat": city["lat"], "lng": city["lng"], "source_id": SOURCE_ID,
        })
    return sorted(rows, key=lambda r: r["lg_code"])
