-- Indicator figures printed in one plan (observations whose source is a section of that plan).
SELECT s.section AS figure, o.area_code, a.area_name, m.label AS measure_label, o.value, m.unit, o.value_printed,
       o.as_of, o.denominator_as_of, s.publisher AS source_publisher, s.locator AS source_locator
FROM observations o
JOIN sources s USING (source_id) JOIN measures m USING (measure) JOIN areas a USING (area_code)
WHERE s.kind = 'plan' AND s.source_id LIKE $plan_id || ':%'
ORDER BY s.section, a.level_order, o.area_code, o.measure;
