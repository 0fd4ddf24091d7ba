-- Numeric plan targets for a measure set by the given municipalities, with their plan and source.
SELECT p.lg_code, p.municipality_name, p.title AS plan_title, k.kpi_id, k.indicator, k.unit,
       k.target_value, k.target_printed, k.target_fy, k.target_fy_printed, k.baseline_value, k.baseline_date,
       s.section AS source_section, s.locator AS source_locator, s.publisher AS source_publisher
FROM kpis k JOIN plans p USING (plan_id) JOIN sources s ON s.source_id = k.source_id
WHERE k.measure = $measure AND list_contains($lg_codes, p.lg_code) AND k.target_value IS NOT NULL
ORDER BY p.lg_code, k.target_fy NULLS LAST, k.kpi_id;
