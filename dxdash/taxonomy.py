"""The shared theme taxonomy and the measures the store knows."""
from __future__ import annotations

# 総務省「自治体DX推進計画」(2020-12) の重点取組事項 (first six), then the further items.
THEMES: tuple[tuple[str, bool], ...] = (
    ("標準化・共通化", True),
    ("マイナンバーカード", True),
    ("行政手続オンライン化", True),
    ("AI・RPA", True),
    ("テレワーク", True),
    ("セキュリティ", True),
    ("地域社会のデジタル化", False),
    ("デジタルデバイド対策", False),
    ("BPR", False),
    ("オープンデータ", False),
    ("人材育成", False),
    ("推進体制", False),
    ("その他", False),
)
THEME_NAMES = tuple(name for name, _ in THEMES)

# measure → (Japanese label, unit). Rates are in percent.
MEASURES: dict[str, tuple[str, str]] = {
    "mynumber_population": ("人口（交付率の分母）", "人"),
    "mynumber_applications": ("マイナンバーカード申請件数", "件"),
    "mynumber_issued": ("マイナンバーカード交付枚数", "枚"),
    "mynumber_application_rate": ("マイナンバーカード申請率", "%"),
    "mynumber_application_rank": ("申請率順位", "位"),
    "mynumber_issuance_rate": ("マイナンバーカード交付率", "%"),
    "mynumber_issuance_rank": ("交付率順位", "位"),
    "ftth_coverage": ("光ファイバ（FTTH）世帯カバー率", "%"),
    "opendata_items": ("オープンデータ公開項目数", "件"),
    "opendata_recommended_datasets": ("推奨データセット公開数", "件"),
    "opendata_basic_datasets": ("推奨データセット基本編の公開数", "件"),
}
