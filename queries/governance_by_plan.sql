-- 推進体制 of the given plans as printed (role and text), with the source section.
SELECT g.plan_id, p.lg_code, p.municipality_name, g.seq, g.role, g.text, s.section AS source_section,
       s.locator AS source_locator
FROM governance g
JOIN plans p ON p.plan_id = g.plan_id
JOIN sources s ON s.source_id = g.source_id
WHERE list_contains($plan_ids, g.plan_id)
ORDER BY p.lg_code, g.plan_id, g.seq;
