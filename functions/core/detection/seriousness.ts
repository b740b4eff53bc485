/**
 * Seriousness weights turn excess crimes into severity. They are this project's own ordinal weights
 * (1 = least serious, 10 = most), chosen to rank offence groups in the same order as the harm-based
 * ONS Crime Severity Score does, not the ONS weights themselves: severity bands are then set in
 * "weighted crimes". Codes that need their own weight (rape within sexual offences, residential
 * burglary within theft) override their group.
 */
const GROUP_WEIGHTS: Readonly<Record<string, number>> = {
  'Violence against the person': 6,
  'Sexual offences': 8,
  Robbery: 7,
  'Theft offences': 2,
  'Criminal damage and arson': 2,
  'Drug offences': 2,
  'Possession of weapons offences': 4,
  'Public order offences': 1,
  'Miscellaneous crimes against society': 2,
  'Fraud offences': 1,
};

const CODE_WEIGHTS: Readonly<Record<string, number>> = {
  '1': 10, // homicide
  '19C': 10, // rape of a female aged 16 and over
  '19D': 10,
  '19E': 10,
  '19F': 10,
  '19G': 10,
  '19H': 10,
  '19J': 10,
  '19K': 10,
  '5D': 8, // assault with intent to cause serious harm
  '8N': 6, // assault with injury
  '105A': 3, // assault without injury
  '28E': 4, // residential burglary (home)
  '28F': 4,
  '34B': 7, // robbery of personal property
};

export const DEFAULT_WEIGHT = 2;

export function seriousnessWeight(offenceGroup: string | null, offenceCode: string | null = null): number {
  if (offenceCode !== null && CODE_WEIGHTS[offenceCode] !== undefined) return CODE_WEIGHTS[offenceCode];
  if (offenceGroup !== null && GROUP_WEIGHTS[offenceGroup] !== undefined) return GROUP_WEIGHTS[offenceGroup];
  return DEFAULT_WEIGHT;
}

/** Severity bands in weighted excess crimes (excess crimes × weight). */
export const SEVERITY_BANDS = { high: 1000, medium: 200, low: 0 } as const;

export function severityFromWeightedExcess(weightedExcess: number): 'high' | 'medium' | 'low' {
  if (weightedExcess >= SEVERITY_BANDS.high) return 'high';
  if (weightedExcess >= SEVERITY_BANDS.medium) return 'medium';
  return 'low';
}

/**
 * What a statistical finding's severity is judged on: how much harm is at stake, how large the change
 * is against what was expected, and how clear it is.
 */
export interface SeverityEvidence {
  /** Excess (or missing) crimes × seriousness weight over the finding's window, as the family states it. */
  weightedExcess: number;
  /** The change relative to expectation: −0.2 for a 20% fall, 1.5 for 2.5× the expected cancellations. */
  relativeEffect: number;
  /** The strength of the evidence as a one-sided normal score (z, or Φ⁻¹(1 − p)). */
  z: number;
}

/**
 * The severity rule every statistical family uses (README "Severity"): HIGH needs all three of a
 * material weighted excess (≥ 1,000), a large change (≥ 20% of what was expected) and clear evidence
 * (z ≥ 5); MEDIUM needs ≥ 200 weighted crimes, a change of ≥ 10% and z ≥ 3; anything reported below
 * that is LOW. A −11% drift in shoplifting in a large force is therefore at most MEDIUM however many
 * crimes it moves, and a tiny but certain change is LOW.
 */
export const SEVERITY_RULE = {
  high: { weighted: 1000, relative: 0.2, z: 5 },
  medium: { weighted: 200, relative: 0.1, z: 3 },
} as const;

export function severityOf(e: SeverityEvidence): 'high' | 'medium' | 'low' {
  if (meets(e, SEVERITY_RULE.high)) return 'high';
  if (meets(e, SEVERITY_RULE.medium)) return 'medium';
  return 'low';
}

function meets(e: SeverityEvidence, band: { weighted: number; relative: number; z: number }): boolean {
  return e.weightedExcess >= band.weighted && Math.abs(e.relativeEffect) >= band.relative && e.z >= band.z;
}
