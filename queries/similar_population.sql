-- Municipalities whose population on the latest nationwide date is within ±$tolerance of the chosen
-- one's, nearest first.
WITH latest AS (
    SELECT max(o.as_of) AS as_of FROM observations o JOIN sources s USING (source_id)
    WHERE o.measure = 'mynumber_population' AND s.kind = 'import' AND o.area_code = $lg_code
), population AS (
    SELECT o.area_code, o.value FROM observations o JOIN sources s USING (source_id), latest
    WHERE o.measure = 'mynumber_population' AND s.kind = 'import' AND o.as_of = latest.as_of AND length(o.area_code) = 6
), mine AS (SELECT value FROM population WHERE area_code = $lg_code)
SELECT p.area_code AS lg_code, m.name, m.pref_name, p.value AS population, (SELECT as_of FROM latest) AS as_of
FROM population p JOIN municipalities m ON m.lg_code = p.area_code, mine
WHERE p.area_code <> $lg_code AND abs(p.value - mine.value) <= $tolerance * mine.value
ORDER BY abs(p.value - mine.value), p.area_code
LIMIT $limit;
