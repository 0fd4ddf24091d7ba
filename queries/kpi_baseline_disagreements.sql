-- KPI baselines that differ from a figure for the same measure, municipality and date in another source
-- (e.g. 輪島市 54.64 % in its KPI table, 54.94 % in its 図表10 for 2022-05-31). Both are shown, neither fixed.
SELECT k.kpi_id, k.plan_id, p.municipality_name, k.indicator, k.unit, k.baseline_value, k.baseline_printed, k.baseline_date,
       o.value AS other_value, o.value_printed AS other_printed, s.title AS other_source_title,
       s.publisher AS other_source_publisher, s.locator AS other_source_locator,
       ks.locator AS kpi_source_locator
FROM kpis k
JOIN plans p ON p.plan_id = k.plan_id
JOIN observations o ON o.measure = k.measure AND o.area_code = p.lg_code AND o.as_of = k.baseline_date
JOIN sources s ON s.source_id = o.source_id
JOIN sources ks ON ks.source_id = k.source_id
WHERE list_contains($plan_ids, k.plan_id) AND k.baseline_value IS NOT NULL AND o.value <> k.baseline_value
ORDER BY p.lg_code, k.plan_id, k.seq, o.source_id;
