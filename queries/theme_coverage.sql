-- Each given plan against every theme: how many initiatives and KPIs it has in the theme, its dated and
-- undated schedule rows there, and the first fiscal year of those dated rows. A plan covers a theme when
-- it has at least one initiative in it.
SELECT p.plan_id, p.lg_code, p.municipality_name, p.title AS plan_title, t.theme, t.seq AS theme_seq,
       t.national_priority,
       (SELECT count(*) FROM initiatives i WHERE i.plan_id = p.plan_id AND i.theme = t.theme) AS initiative_count,
       (SELECT count(*) FROM kpis k WHERE k.plan_id = p.plan_id AND k.theme = t.theme) AS kpi_count,
       (SELECT count(*) FROM roadmap r WHERE r.plan_id = p.plan_id AND r.theme = t.theme) AS roadmap_rows,
       (SELECT min(r.start_fy) FROM roadmap r WHERE r.plan_id = p.plan_id AND r.theme = t.theme) AS first_fy,
       (SELECT count(*) FROM schedule_undated u JOIN initiatives i ON i.initiative_id = u.initiative_id
         WHERE u.plan_id = p.plan_id AND i.theme = t.theme) AS undated_rows
FROM plans p CROSS JOIN themes t
WHERE list_contains($plan_ids, p.plan_id)
ORDER BY p.lg_code, p.plan_id, t.seq;
