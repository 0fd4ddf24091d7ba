-- What the roadmap offers to choose from before anything is chosen: each theme with dated schedule rows in
-- any plan, and the first and last fiscal year those rows cover.
SELECT theme, min(start_fy) AS first_fy, max(end_fy) AS last_fy
FROM roadmap
GROUP BY theme
ORDER BY theme;
