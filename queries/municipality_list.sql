-- Municipalities of one prefecture in 団体コード order; has_plan marks those with a plan in the store.
SELECT m.lg_code, m.name, m.kana,
       EXISTS (SELECT 1 FROM plans p WHERE p.lg_code = m.lg_code) AS has_plan
FROM municipalities m
WHERE m.pref_code = $pref_code
ORDER BY m.lg_code;
