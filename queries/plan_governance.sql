-- Governance (推進体制) as printed, and the basic policies, of one plan.
SELECT 'governance' AS kind, g.seq, g.role AS heading, g.text, s.section AS source_section
FROM governance g JOIN sources s USING (source_id) WHERE g.plan_id = $plan_id
UNION ALL
SELECT 'policy', p.seq, p.policy_id, p.title, s.section
FROM policies p JOIN sources s USING (source_id) WHERE p.plan_id = $plan_id
ORDER BY kind, seq;
