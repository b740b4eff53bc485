-- Latest findings by force: each force's five most recent current findings, with how many it has in all.
WITH ranked AS (
  SELECT
    f.force_code,
    f.created_at,
    f.severity,
    f.signature,
    f.check_id,
    f.period_start,
    f.period_end,
    f.offence_group,
    f.offence_code,
    f.summary,
    f.finding_id,
    f.run_id,
    ROW_NUMBER() OVER (PARTITION BY f.force_code ORDER BY f.created_at DESC, f.finding_id) AS recency,
    COUNT(*) OVER (PARTITION BY f.force_code) AS force_findings
  FROM findings f
)
SELECT
  force_code,
  force_findings,
  recency,
  created_at,
  severity,
  signature,
  check_id,
  period_start,
  period_end,
  offence_group,
  offence_code,
  summary,
  finding_id,
  run_id
FROM ranked
WHERE recency <= 5
ORDER BY force_code, recency
