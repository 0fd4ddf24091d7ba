-- Every plan in the store with the size of what it covers. $lg_code NULL = all municipalities.
SELECT p.plan_id, p.lg_code, p.pref_code, p.pref_name, p.municipality_name, p.title, p.status,
       p.start_fy, p.end_fy, p.period_printed, p.published, p.published_printed, p.schedule_printed,
       p.schedule_note, p.vision,
       (SELECT count(*) FROM initiatives i WHERE i.plan_id = p.plan_id) AS initiative_count,
       (SELECT count(*) FROM kpis k WHERE k.plan_id = p.plan_id) AS kpi_count,
       (SELECT count(*) FROM roadmap r WHERE r.plan_id = p.plan_id) AS roadmap_rows,
       s.title AS source_title, s.publisher AS source_publisher, s.locator AS source_locator
FROM plans p JOIN sources s USING (source_id)
WHERE $lg_code IS NULL OR p.lg_code = $lg_code
ORDER BY p.lg_code, p.plan_id;
