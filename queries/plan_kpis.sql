-- KPIs of one plan, typed as printed, with source section.
SELECT k.seq, k.indicator, k.unit, k.theme, k.baseline_value, k.baseline_printed, k.baseline_date,
       k.baseline_date_printed, k.target_value, k.target_printed, k.target_fy, k.target_fy_printed, k.direction,
       k.note, s.section AS source_section, s.locator AS source_locator
FROM kpis k JOIN sources s USING (source_id)
WHERE k.plan_id = $plan_id
ORDER BY k.seq;
