-- The weekly evaluation of ../shared/spec/policy.md and capacity.md under the built-in default policy (count by
-- child, limit on count, 18 / adolescent 15, ASYE 0.8, pro rata FTE, amber up to 2 over, exempt team managers,
-- family workers and students), capacity included, written as an analyst would for DuckDB.
CREATE TEMP TABLE t AS SELECT * FROM read_csv('{folder}/teams.csv', header = true, all_varchar = true);
CREATE TEMP TABLE w AS SELECT * FROM read_csv('{folder}/workers.csv', header = true, all_varchar = true);
CREATE TEMP TABLE a AS SELECT * FROM read_csv('{folder}/allocations.csv', header = true, all_varchar = true);

-- Each worker's distinct children, with the child's weight.
CREATE TEMP TABLE held AS
SELECT a.worker_id, a.child_id, coalesce(a.family_id, a.child_id) AS family_id,
       max(CASE a.case_type WHEN 'cp' THEN 1.5 WHEN 'cla' THEN 1.25 WHEN 'care_leaver' THEN 0.5 WHEN 'early_help' THEN 0.75 ELSE 1.0 END
           + CASE WHEN a.in_proceedings = 'yes' THEN 0.5 ELSE 0 END) AS weight
FROM a SEMI JOIN w ON a.worker_id = w.worker_id
GROUP BY ALL;

CREATE TEMP TABLE ev AS
WITH loads AS (SELECT worker_id, count(*) AS caseload, sum(weight) AS weighted_load FROM held GROUP BY worker_id),
base AS (
  SELECT w.worker_id, w.name, w.team_id, w.role, CAST(w.fte AS DECIMAL(6, 2)) AS fte, w.asye = 'yes' AS asye, w.agency = 'yes' AS agency,
         coalesce(w.absent_from, '') <> '' AND CAST(w.absent_from AS DATE) <= DATE '{asOf}'
           AND (coalesce(w.absent_to, '') = '' OR CAST(w.absent_to AS DATE) >= DATE '{asOf}') AS absent,
         coalesce(l.caseload, 0) AS caseload, coalesce(l.weighted_load, 0) AS weighted_load,
         CASE WHEN w.role IN ('team_manager', 'family_worker', 'student') THEN NULL
              ELSE CAST(floor(CAST(CASE WHEN t.team_type = 'adolescent' THEN 15 ELSE 18 END AS DECIMAL(12, 4))
                   * CASE WHEN w.asye = 'yes' THEN 0.8 ELSE 1 END * CAST(w.fte AS DECIMAL(6, 2))) AS INTEGER) END AS "limit"
  FROM w JOIN t USING (team_id) LEFT JOIN loads l USING (worker_id))
SELECT *,
       CASE WHEN "limit" IS NOT NULL AND caseload > "limit" THEN caseload - "limit" ELSE 0 END AS over_by,
       CASE WHEN "limit" IS NULL THEN 'exempt' WHEN caseload < "limit" THEN 'within' WHEN caseload = "limit" THEN 'at_limit'
            WHEN caseload - "limit" <= 2 THEN 'amber' ELSE 'red' END AS band,
       CASE WHEN "limit" IS NOT NULL AND NOT absent AND caseload < "limit" THEN "limit" - caseload ELSE 0 END AS headroom
FROM base;

-- Children a team holds unallocated (no worker, or a worker not on the roster, with the team named).
CREATE TEMP TABLE unallocated AS
SELECT DISTINCT a.team_id, a.child_id FROM a ANTI JOIN w ON a.worker_id = w.worker_id WHERE coalesce(a.team_id, '') <> '';

-- Children held by absent workers and by no worker who is not absent.
CREATE TEMP TABLE cover AS
SELECT e.team_id, count(DISTINCT h.child_id) AS cover_needed
FROM held h JOIN ev e USING (worker_id)
WHERE e.absent AND h.child_id NOT IN (SELECT h2.child_id FROM held h2 JOIN ev e2 USING (worker_id) WHERE NOT e2.absent)
GROUP BY e.team_id;

CREATE TEMP TABLE givers AS
SELECT team_id, worker_id, over_by AS amount,
       sum(over_by) OVER (PARTITION BY team_id ORDER BY over_by DESC, worker_id ROWS UNBOUNDED PRECEDING) AS upto
FROM ev WHERE over_by > 0 AND NOT absent;
CREATE TEMP TABLE receivers AS
SELECT team_id, worker_id, headroom AS amount,
       sum(headroom) OVER (PARTITION BY team_id ORDER BY headroom DESC, worker_id ROWS UNBOUNDED PRECEDING) AS upto
FROM ev WHERE headroom > 0;
-- Moves: the givers' and the receivers' cumulative amounts laid side by side; each overlap is a move.
CREATE TEMP TABLE moves AS
SELECT g.team_id, g.worker_id AS "from", r.worker_id AS "to", least(g.upto, r.upto) - greatest(g.upto - g.amount, r.upto - r.amount) AS cases
FROM givers g JOIN receivers r ON g.team_id = r.team_id AND g.upto - g.amount < r.upto AND r.upto - r.amount < g.upto;

CREATE TEMP TABLE teams AS
WITH figures AS (
  SELECT team_id,
         count(*) FILTER (WHERE "limit" IS NOT NULL) AS case_holders,
         sum(caseload) FILTER (WHERE "limit" IS NOT NULL) AS held,
         sum(fte) FILTER (WHERE "limit" IS NOT NULL) AS fte,
         count(*) FILTER (WHERE band IN ('amber', 'red')) AS workers_over_limit,
         sum(headroom) AS headroom,
         sum(over_by) FILTER (WHERE NOT absent) AS excess
  FROM ev GROUP BY team_id),
cases AS (
  SELECT team_id, count(DISTINCT child_id) AS cases FROM (
    SELECT e.team_id, h.child_id FROM held h JOIN ev e USING (worker_id)
    UNION ALL SELECT team_id, child_id FROM unallocated) GROUP BY team_id),
waiting AS (SELECT team_id, count(*) AS unallocated FROM unallocated GROUP BY team_id)
SELECT t.team_id AS "teamId", t.name, t.team_type AS "teamType",
       coalesce(f.case_holders, 0) AS "caseHolders", coalesce(c.cases, 0) AS cases,
       round(f.held / nullif(f.case_holders, 0), 1) AS "averageCaseload",
       round(f.held / nullif(f.fte, 0), 1) AS "casesPerFte",
       coalesce(f.workers_over_limit, 0) AS "workersOverLimit", coalesce(u.unallocated, 0) AS unallocated,
       coalesce(f.headroom, 0) AS headroom, coalesce(f.excess, 0) AS excess, coalesce(cv.cover_needed, 0) AS "coverNeeded",
       greatest(0, coalesce(f.excess, 0) + coalesce(u.unallocated, 0) + coalesce(cv.cover_needed, 0) - coalesce(f.headroom, 0)) AS shortfall,
       ceil(greatest(0, coalesce(f.excess, 0) + coalesce(u.unallocated, 0) + coalesce(cv.cover_needed, 0) - coalesce(f.headroom, 0)) * 10.0
            / CASE WHEN t.team_type = 'adolescent' THEN 15 ELSE 18 END) / 10 AS "fteNeeded",
       coalesce((SELECT list({'from': m."from", 'to': m."to", 'cases': m.cases} ORDER BY m."from", m."to") FROM moves m WHERE m.team_id = t.team_id), []) AS moves
FROM t LEFT JOIN figures f USING (team_id) LEFT JOIN cases c USING (team_id) LEFT JOIN waiting u USING (team_id) LEFT JOIN cover cv USING (team_id);

COPY (SELECT worker_id AS "workerId", name, team_id AS "teamId", role, fte, asye, agency, caseload, weighted_load AS "weightedLoad",
             "limit", over_by AS "overBy", band, absent, headroom
      FROM ev ORDER BY team_id, worker_id) TO '{out}/workers.json' (FORMAT JSON, ARRAY true);
COPY (SELECT * FROM teams ORDER BY "teamId") TO '{out}/teams.json' (FORMAT JSON, ARRAY true);
COPY (SELECT sum("caseHolders") AS "caseHolders", sum(cases) AS cases, sum("workersOverLimit") AS "workersOverLimit",
             sum(unallocated) AS unallocated, sum(headroom) AS headroom, sum(excess) AS excess, sum("coverNeeded") AS "coverNeeded",
             sum(shortfall) AS shortfall, sum("fteNeeded") AS "fteNeeded" FROM teams) TO '{out}/totals.json' (FORMAT JSON);
