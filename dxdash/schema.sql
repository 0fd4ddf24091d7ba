-- dxdash store. Tables live in schema `core`; the public SQL surface is the views in `main`
-- (documented in README.md). Other tools and later pages query the views only.
CREATE SCHEMA core;

CREATE TABLE core.meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE core.sources (
    source_id   TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,          -- 'plan' (curated from a plan), 'master', 'national' (milestones), 'import'
    title       TEXT NOT NULL,
    publisher   TEXT NOT NULL,
    as_of       DATE,
    seed_file   TEXT,
    section     TEXT,
    url         TEXT,
    data_file   TEXT,                   -- the project file (data/...) or imported path the row came from
    content_sha256 TEXT                 -- imports: hash of the imported files, to recognise a re-import
);

CREATE TABLE core.areas (
    lg_code          TEXT PRIMARY KEY,  -- 6-digit 団体コード
    area_type        TEXT NOT NULL,     -- 'prefecture' | 'municipality' | 'ward' (政令市の区)
    pref_code        TEXT NOT NULL,
    pref_name        TEXT NOT NULL,
    name             TEXT NOT NULL,     -- as published by the master-list source
    name_without_gun TEXT NOT NULL,
    kana             TEXT,
    lat              DOUBLE,
    lng              DOUBLE,
    source_id        TEXT NOT NULL REFERENCES core.sources(source_id)
);

CREATE TABLE core.themes (theme TEXT PRIMARY KEY, seq INTEGER NOT NULL, national_priority BOOLEAN NOT NULL);
CREATE TABLE core.measures (measure TEXT PRIMARY KEY, label TEXT NOT NULL, unit TEXT NOT NULL);

CREATE TABLE core.plans (
    plan_id TEXT PRIMARY KEY, lg_code TEXT NOT NULL, title TEXT NOT NULL, status TEXT NOT NULL,
    published DATE, published_printed TEXT, start_fy INTEGER, end_fy INTEGER, period_printed TEXT,
    publisher TEXT NOT NULL, vision TEXT, schedule_printed BOOLEAN NOT NULL, schedule_note TEXT,
    data_file TEXT NOT NULL, source_id TEXT NOT NULL REFERENCES core.sources(source_id)
);
CREATE TABLE core.policies (
    plan_id TEXT NOT NULL, policy_id TEXT NOT NULL, seq INTEGER NOT NULL, title TEXT NOT NULL,
    source_id TEXT NOT NULL REFERENCES core.sources(source_id), PRIMARY KEY (plan_id, policy_id)
);
CREATE TABLE core.governance (
    plan_id TEXT NOT NULL, seq INTEGER NOT NULL, role TEXT NOT NULL, text TEXT NOT NULL,
    source_id TEXT NOT NULL REFERENCES core.sources(source_id), PRIMARY KEY (plan_id, seq)
);
CREATE TABLE core.phases (
    plan_id TEXT NOT NULL, seq INTEGER NOT NULL, label TEXT NOT NULL, start_fy INTEGER, end_fy INTEGER,
    printed TEXT, source_id TEXT NOT NULL REFERENCES core.sources(source_id), PRIMARY KEY (plan_id, seq)
);
CREATE TABLE core.initiatives (
    initiative_id TEXT PRIMARY KEY, plan_id TEXT NOT NULL, seq INTEGER NOT NULL, policy_id TEXT,
    title TEXT NOT NULL, theme TEXT NOT NULL REFERENCES core.themes(theme), text TEXT,
    source_id TEXT NOT NULL REFERENCES core.sources(source_id)
);
CREATE TABLE core.schedule (
    plan_id TEXT NOT NULL, seq INTEGER NOT NULL, initiative_id TEXT NOT NULL, label TEXT NOT NULL,
    start_fy INTEGER, end_fy INTEGER, phase TEXT, printed TEXT,
    source_id TEXT NOT NULL REFERENCES core.sources(source_id), PRIMARY KEY (plan_id, seq)
);
CREATE TABLE core.kpis (
    kpi_id TEXT PRIMARY KEY, plan_id TEXT NOT NULL, seq INTEGER NOT NULL, initiative_id TEXT,
    indicator TEXT NOT NULL, unit TEXT, measure TEXT, direction TEXT,
    baseline_value DOUBLE, baseline_printed TEXT, baseline_date DATE, baseline_date_printed TEXT,
    target_value DOUBLE, target_printed TEXT, target_fy INTEGER, target_fy_printed TEXT, note TEXT,
    source_id TEXT NOT NULL REFERENCES core.sources(source_id)
);
CREATE TABLE core.observations (
    measure TEXT NOT NULL REFERENCES core.measures(measure),
    area_code TEXT NOT NULL,            -- 6-digit 団体コード, 2-digit prefecture code, or '00'
    as_of DATE NOT NULL,
    value DOUBLE NOT NULL,
    value_printed TEXT,                 -- the figure as printed in the source
    denominator_as_of DATE,             -- e.g. 人口算出基準日 for a rate or a population
    source_id TEXT NOT NULL REFERENCES core.sources(source_id),
    PRIMARY KEY (measure, area_code, as_of, source_id)
);

-- Public surface -----------------------------------------------------------------------------

CREATE VIEW prefectures AS
SELECT pref_code, pref_name, lg_code, kana, lat, lng
FROM core.areas WHERE area_type = 'prefecture';

CREATE VIEW municipalities AS
SELECT lg_code, pref_code, pref_name, name, name_without_gun, kana, lat, lng
FROM core.areas WHERE area_type = 'municipality';

CREATE VIEW sources AS
SELECT source_id, kind, title, publisher, as_of,
       COALESCE(url, seed_file || CASE WHEN section IS NULL THEN '' ELSE ' § ' || section END, data_file) AS locator,
       seed_file, section, url, data_file
FROM core.sources;

CREATE VIEW themes AS SELECT theme, seq, national_priority FROM core.themes;
CREATE VIEW measures AS SELECT measure, label, unit FROM core.measures;

CREATE VIEW plans AS
SELECT p.plan_id, p.lg_code, p.title, p.status, p.start_fy, p.end_fy, p.published, p.published_printed,
       p.period_printed, p.publisher, p.vision, p.schedule_printed, p.schedule_note, p.data_file, p.source_id,
       a.pref_code, a.pref_name, a.name AS municipality_name
FROM core.plans p LEFT JOIN core.areas a USING (lg_code);

CREATE VIEW policies AS SELECT plan_id, policy_id, seq, title, source_id FROM core.policies;
CREATE VIEW governance AS SELECT plan_id, seq, role, text, source_id FROM core.governance;
CREATE VIEW phases AS SELECT plan_id, seq, label, start_fy, end_fy, printed, source_id FROM core.phases;

CREATE VIEW initiatives AS
SELECT i.initiative_id, i.plan_id, i.title, i.theme, i.seq, i.policy_id, pol.title AS policy_title,
       i.text, i.source_id
FROM core.initiatives i LEFT JOIN core.policies pol ON pol.plan_id = i.plan_id AND pol.policy_id = i.policy_id;

-- One row per printed schedule row with a known start. A row printed with only a start year runs to
-- the plan's end; end_printed says whether the end year was printed.
CREATE VIEW roadmap AS
SELECT s.initiative_id, s.plan_id, s.label, s.start_fy, COALESCE(s.end_fy, p.end_fy, s.start_fy) AS end_fy,
       s.end_fy IS NOT NULL AS end_printed, s.phase, s.printed, s.seq, i.theme, i.title AS initiative_title,
       s.source_id
FROM core.schedule s
JOIN core.plans p USING (plan_id)
JOIN core.initiatives i USING (initiative_id)
WHERE s.start_fy IS NOT NULL;

-- Printed schedule rows whose timing the extraction does not give (kept, never invented).
CREATE VIEW schedule_undated AS
SELECT s.initiative_id, s.plan_id, s.label, s.printed, s.seq, s.source_id
FROM core.schedule s WHERE s.start_fy IS NULL;

CREATE VIEW kpis AS
SELECT k.kpi_id, k.plan_id, k.indicator, k.unit, k.baseline_value, k.baseline_date, k.target_value, k.target_fy,
       k.baseline_printed, k.baseline_date_printed, k.target_printed, k.target_fy_printed, k.direction,
       k.measure, k.initiative_id, i.theme, k.note, k.seq, k.source_id
FROM core.kpis k LEFT JOIN core.initiatives i USING (initiative_id);

CREATE VIEW observations AS
SELECT measure, area_code, as_of, value, source_id, value_printed, denominator_as_of
FROM core.observations;

-- Figures for the same measure, area and date that differ between sources (shown, never resolved).
CREATE VIEW observation_disagreements AS
SELECT a.measure, a.area_code, a.as_of, a.value AS value_a, a.source_id AS source_a,
       b.value AS value_b, b.source_id AS source_b
FROM core.observations a JOIN core.observations b
  ON a.measure = b.measure AND a.area_code = b.area_code AND a.as_of = b.as_of
 AND a.source_id < b.source_id AND a.value <> b.value;

-- Every area an observation can be about, with a display name: the nation ('00'), prefectures
-- (2-digit code), municipalities and designated-city wards (6-digit 団体コード).
CREATE VIEW areas AS
SELECT '00' AS area_code, '全国' AS area_name, 'nation' AS area_level, NULL AS pref_code, 0 AS level_order
UNION ALL
SELECT pref_code, pref_name, 'prefecture', pref_code, 1 FROM core.areas WHERE area_type = 'prefecture'
UNION ALL
SELECT lg_code, name, area_type, pref_code, 2 FROM core.areas WHERE area_type IN ('municipality', 'ward');

-- Open-data survey (issue 4) -----------------------------------------------------------------
-- Written by `python -m dxdash import opendata-survey` (dxdash/importers/opendata.py), carried over
-- by builds like every imported table. The 推奨データセット count per body is also an observation
-- (measure opendata_recommended_datasets); non-respondents have an answer row and no count.
CREATE TABLE core.opendata_datasets (
    dataset_no    INTEGER PRIMARY KEY,   -- 1–23, the order of the survey's [No.17] options
    name          TEXT NOT NULL,         -- as printed in the survey
    basic_edition BOOLEAN NOT NULL,      -- one of the 14 of 推奨データセット基本編
    source_id     TEXT NOT NULL REFERENCES core.sources(source_id)   -- the survey that names them
);
CREATE TABLE core.opendata_answers (
    area_code         TEXT NOT NULL,     -- 6-digit 団体コード or 2-digit prefecture code
    survey_date       DATE NOT NULL,
    submission_status TEXT NOT NULL,     -- 提出済 / 未提出 / 未確認, as printed
    files_band        TEXT,              -- [No.14] published files, as printed; NULL = not answered
    code_printed      TEXT NOT NULL,     -- 地方公共団体コード as printed (苅田町: 13220)
    name_printed      TEXT NOT NULL,     -- 地方公共団体名 as printed (梼原町)
    line              INTEGER NOT NULL,  -- line in the imported file
    source_id         TEXT NOT NULL REFERENCES core.sources(source_id),
    PRIMARY KEY (area_code, survey_date)
);
-- Respondents only. No foreign key to opendata_datasets: a build copies import tables one by one.
CREATE TABLE core.opendata_published (
    area_code   TEXT NOT NULL,
    survey_date DATE NOT NULL,
    dataset_no  INTEGER NOT NULL,
    published   BOOLEAN NOT NULL,
    source_id   TEXT NOT NULL REFERENCES core.sources(source_id),
    PRIMARY KEY (area_code, survey_date, dataset_no)
);

CREATE VIEW opendata_datasets AS SELECT dataset_no, name, basic_edition FROM core.opendata_datasets;

-- One row per local government in the survey; answered = FALSE is 'no answer', never zero.
CREATE VIEW opendata_answers AS
SELECT o.area_code, a.area_name, a.area_level, a.pref_code, o.survey_date, o.submission_status,
       o.submission_status = '提出済' AS answered, o.files_band, o.code_printed, o.name_printed, o.source_id
FROM core.opendata_answers o LEFT JOIN areas a USING (area_code);

CREATE VIEW opendata_published AS
SELECT p.area_code, p.survey_date, p.dataset_no, d.name AS dataset_name, d.basic_edition, p.published, p.source_id
FROM core.opendata_published p JOIN core.opendata_datasets d USING (dataset_no);

-- National milestones (issue 5) --------------------------------------------------------------
-- Deadlines the national government set for every municipality (data/milestones.yaml, loaded by
-- dxdash/milestones.py), drawn as vertical markers on the roadmap. Each row has its own source
-- (kind 'national'); `document` names the document where no URL was verified, `quoted_in` the
-- curated plans (seed file § section) that quote the same deadline.
CREATE TABLE core.milestones (
    milestone_id   TEXT PRIMARY KEY,
    seq            INTEGER NOT NULL,
    milestone_date DATE NOT NULL,
    date_printed   TEXT,
    label          TEXT NOT NULL,
    theme          TEXT REFERENCES core.themes(theme),
    text           TEXT,
    document       TEXT,
    quoted_in      TEXT,
    source_id      TEXT NOT NULL REFERENCES core.sources(source_id)
);

CREATE VIEW milestones AS
SELECT m.milestone_id, m.milestone_date,
       CASE WHEN month(m.milestone_date) >= 4 THEN year(m.milestone_date) ELSE year(m.milestone_date) - 1 END
           AS fiscal_year,
       m.date_printed, m.label, m.theme, m.text, m.document, m.quoted_in, m.seq, m.source_id
FROM core.milestones m;
