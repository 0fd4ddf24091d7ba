-- Areas of one level ranked by a measure on one date; within one prefecture when $pref_code is set.
-- Ranks are computed per source, so figures from two sources for the same date are never mixed.
SELECT o.area_code, a.area_name, a.pref_code, o.value, o.value_printed, o.as_of, o.denominator_as_of,
       rank() OVER (PARTITION BY o.source_id ORDER BY o.value DESC) AS rank,
       count(*) OVER (PARTITION BY o.source_id) AS ranked_count,
       s.source_id, s.title AS source_title, s.publisher AS source_publisher, s.locator AS source_locator,
       s.kind AS source_kind
FROM observations o JOIN areas a USING (area_code) JOIN sources s USING (source_id)
WHERE o.measure = $measure AND o.as_of = $as_of AND a.area_level = $area_level
  AND ($pref_code IS NULL OR a.pref_code = $pref_code)
ORDER BY s.source_id, rank, o.area_code;
