-- Dated schedule rows (the `roadmap` view) of the given plans, in theme order so that a theme lines up
-- across plans, with the plan's municipality, the initiative's text as printed and the row's source.
SELECT r.plan_id, p.lg_code, p.municipality_name, p.title AS plan_title, p.start_fy AS plan_start_fy,
       p.end_fy AS plan_end_fy, r.initiative_id, r.initiative_title, i.text AS initiative_text, r.theme,
       t.seq AS theme_seq, r.label, r.start_fy, r.end_fy, r.end_printed, r.phase, r.printed, r.seq,
       s.section AS source_section, s.locator AS source_locator, s.publisher AS source_publisher,
       s.title AS source_title
FROM roadmap r
JOIN plans p ON p.plan_id = r.plan_id
JOIN initiatives i ON i.initiative_id = r.initiative_id
JOIN themes t ON t.theme = r.theme
JOIN sources s ON s.source_id = r.source_id
WHERE list_contains($plan_ids, r.plan_id)
ORDER BY t.seq, p.lg_code, r.plan_id, r.seq;
