-- A force's series around a finding: the counts behind one finding from 12 months before it to 6 months after, with the related offence for reclassifications. Parameter 1: finding_id.
WITH params AS (
  SELECT ? AS finding_id
),
current_returns AS (
  SELECT *
  FROM (
    SELECT
      r.*,
      DENSE_RANK() OVER (
        PARTITION BY r.force_code, r.period_start, r.grain, r.level
        ORDER BY r.submitted_at DESC, COALESCE(r.processed_at, r.submitted_at) DESC, r.input_sha256 DESC
      ) AS revision_rank
    FROM returns r
  ) ranked
  WHERE revision_rank = 1
),
finding AS (
  SELECT
    f.force_code,
    f.offence_group,
    f.offence_subgroup,
    f.offence_code,
    f.related_offence_code,
    CAST(substr(f.period_start, 1, 4) AS integer) * 12 + CAST(substr(f.period_start, 6, 2) AS integer) AS start_index,
    CAST(substr(f.period_end, 1, 4) AS integer) * 12 + CAST(substr(f.period_end, 6, 2) AS integer) AS end_index
  FROM findings f
  JOIN params p ON f.finding_id = p.finding_id
),
cells AS (
  SELECT
    CASE
      WHEN d.related_offence_code IS NOT NULL AND r.offence_code = d.related_offence_code THEN 'related'
      ELSE 'finding'
    END AS series,
    r.level,
    r.grain,
    r.period_start,
    r.period_end,
    r.recorded,
    r.cancelled,
    CAST(substr(r.period_start, 1, 4) AS integer) * 12 + CAST(substr(r.period_start, 6, 2) AS integer) AS month_index,
    d.start_index,
    d.end_index
  FROM current_returns r
  JOIN finding d ON r.force_code = d.force_code
  WHERE (d.related_offence_code IS NOT NULL AND r.offence_code = d.related_offence_code)
    OR (
      (d.offence_group IS NULL OR r.offence_group = d.offence_group)
      AND (d.offence_subgroup IS NULL OR r.offence_subgroup = d.offence_subgroup)
      AND (d.offence_code IS NULL OR r.offence_code = d.offence_code)
    )
)
SELECT
  series,
  level,
  grain,
  period_start,
  period_end,
  SUM(recorded) AS recorded,
  SUM(cancelled) AS cancelled,
  month_index BETWEEN start_index AND end_index AS in_finding_period
FROM cells
WHERE month_index BETWEEN start_index - 12 AND end_index + 6
GROUP BY series, level, grain, period_start, period_end, month_index, start_index, end_index
ORDER BY series, level, grain, period_start
