-- The latest figure of each measure for each requested area. Where two sources give a figure for
-- the same latest date, both rows are returned (a disagreement is shown, never resolved).
WITH ranked AS (
    SELECT o.*, rank() OVER (PARTITION BY o.measure, o.area_code ORDER BY o.as_of DESC) AS recency
    FROM observations o
    WHERE list_contains($area_codes, o.area_code) AND list_contains($measures, o.measure)
)
SELECT r.measure, m.label AS measure_label, m.unit, r.area_code, a.area_name, a.area_level, a.level_order,
       r.as_of, r.value, r.value_printed, r.denominator_as_of,
       s.source_id, s.title AS source_title, s.publisher AS source_publisher, s.locator AS source_locator
FROM ranked r
JOIN measures m USING (measure)
JOIN areas a USING (area_code)
JOIN sources s USING (source_id)
WHERE r.recency = 1
ORDER BY list_position($measures, r.measure), a.level_order DESC, s.source_id;
