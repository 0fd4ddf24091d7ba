-- Schedule rows the given plans print but whose timing the extraction does not give (never drawn).
SELECT u.plan_id, p.lg_code, p.municipality_name, p.title AS plan_title, u.initiative_id,
       i.title AS initiative_title, i.theme, t.seq AS theme_seq, u.label, u.printed, u.seq,
       s.section AS source_section, s.locator AS source_locator
FROM schedule_undated u
JOIN plans p ON p.plan_id = u.plan_id
JOIN initiatives i ON i.initiative_id = u.initiative_id
JOIN themes t ON t.theme = i.theme
JOIN sources s ON s.source_id = u.source_id
WHERE list_contains($plan_ids, u.plan_id)
ORDER BY p.lg_code, u.plan_id, u.seq;
