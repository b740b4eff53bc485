-- Peer comparison: one force's offence-group shares of recorded crime and cancellation (no-crime) rates over its latest 12 reported months, beside all other forces together. Parameter 1: force_code (slug).
WITH params AS (
  SELECT ? AS force_code
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
monthly AS (
  SELECT
    r.force_code,
    r.offence_group,
    r.recorded,
    r.cancelled,
    CAST(substr(r.period_start, 1, 4) AS integer) * 12 + CAST(substr(r.period_start, 6, 2) AS integer) AS month_index
  FROM current_returns r
  WHERE r.grain = 'month' AND r.level = 'code'
),
window_end AS (
  SELECT MAX(m.month_index) AS last_index
  FROM monthly m
  JOIN params p ON m.force_code = p.force_code
),
scoped AS (
  SELECT
    CASE WHEN m.force_code = p.force_code THEN 'force' ELSE 'others' END AS side,
    m.offence_group,
    m.recorded,
    m.cancelled
  FROM monthly m
  CROSS JOIN params p
  CROSS JOIN window_end w
  WHERE m.month_index BETWEEN w.last_index - 11 AND w.last_index
),
by_group AS (
  SELECT
    side,
    offence_group,
    SUM(recorded) AS recorded,
    SUM(cancelled) AS cancelled,
    SUM(CASE WHEN cancelled IS NOT NULL THEN recorded END) AS recorded_with_cancellations
  FROM scoped
  GROUP BY side, offence_group
),
shares AS (
  SELECT
    side,
    offence_group,
    recorded,
    recorded / NULLIF(SUM(recorded) OVER (PARTITION BY side), 0) AS share,
    cancelled / NULLIF(recorded_with_cancellations, 0) AS cancellation_rate
  FROM by_group
)
SELECT
  COALESCE(f.offence_group, o.offence_group) AS offence_group,
  COALESCE(f.recorded, 0) AS force_recorded,
  COALESCE(f.share, 0) AS force_share,
  COALESCE(o.share, 0) AS others_share,
  COALESCE(f.share, 0) - COALESCE(o.share, 0) AS share_difference,
  f.share / NULLIF(o.share, 0) AS share_ratio,
  f.cancellation_rate AS force_cancellation_rate,
  o.cancellation_rate AS others_cancellation_rate
FROM (SELECT * FROM shares WHERE side = 'force') f
FULL OUTER JOIN (SELECT * FROM shares WHERE side = 'others') o ON f.offence_group = o.offence_group
ORDER BY ABS(COALESCE(f.share, 0) - COALESCE(o.share, 0)) DESC, offence_group
