-- KPIs of the given plans with the latest observed value of the measure each one tracks, for the plan's
-- municipality, dated after the KPI's baseline (an earlier or same-day figure says nothing about
-- progress; a same-day figure from another source is a disagreement, shown elsewhere): an imported
-- nationwide series or a figure printed in a plan. Where two sources give the latest date, an
-- imported figure is preferred, then the first source id (the choice is shown with its source).
WITH candidates AS (
    SELECT k.kpi_id, o.as_of, o.value, o.value_printed, s.title AS source_title,
           s.publisher AS source_publisher, s.locator AS source_locator, s.kind AS source_kind,
           row_number() OVER (PARTITION BY k.kpi_id
                              ORDER BY o.as_of DESC, (s.kind = 'import') DESC, o.source_id) AS recency
    FROM kpis k
    JOIN plans p ON p.plan_id = k.plan_id
    JOIN observations o ON o.measure = k.measure AND o.area_code = p.lg_code
    JOIN sources s ON s.source_id = o.source_id
    WHERE list_contains($plan_ids, k.plan_id) AND (k.baseline_date IS NULL OR o.as_of > k.baseline_date)
), latest AS (SELECT * FROM candidates WHERE recency = 1)
SELECT k.kpi_id, k.plan_id, p.lg_code, p.municipality_name, p.title AS plan_title, k.seq, k.indicator, k.unit,
       k.theme, t.seq AS theme_seq, k.direction, k.measure, k.baseline_value, k.baseline_printed, k.baseline_date,
       k.baseline_date_printed, k.target_value, k.target_printed, k.target_fy, k.target_fy_printed, k.note,
       l.value AS latest_value, l.value_printed AS latest_printed, l.as_of AS latest_date,
       l.source_title AS latest_source_title, l.source_publisher AS latest_source_publisher,
       l.source_locator AS latest_source_locator, l.source_kind AS latest_source_kind,
       s.section AS source_section, s.locator AS source_locator, s.publisher AS source_publisher,
       s.title AS source_title
FROM kpis k
JOIN plans p ON p.plan_id = k.plan_id
JOIN sources s ON s.source_id = k.source_id
LEFT JOIN themes t ON t.theme = k.theme
LEFT JOIN latest l ON l.kpi_id = k.kpi_id
WHERE list_contains($plan_ids, k.plan_id)
ORDER BY p.lg_code, k.plan_id, k.seq;
