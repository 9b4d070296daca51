/** Stable ids of the PO-effectiveness metrics. */
export const METRIC_IDS = [
  'sprint-goal-achievement',
  'backlog-readiness',
  'scope-change',
  'acceptance-without-rework',
  'stakeholder-satisfaction',
  'defect-escape',
] as const;
/** The id of one PO-effectiveness metric. */
export type MetricId = (typeof METRIC_IDS)[number];

/** Where a value sits: above/below the healthy threshold, past the warning one, or in between (`watch`). */
export type MetricBand = 'healthy' | 'watch' | 'warning' | 'no-data';

/** Whether a larger value is better (achievement rates) or worse (change and defect rates). */
export type MetricDirection = 'higher-is-better' | 'lower-is-better';

/**
 * The two thresholds of a metric. Both are strict: with `higher-is-better`, a value must be *above*
 * `healthy` to be healthy and *below* `warning` to be a warning; a value equal to either is `watch`.
 */
export interface MetricThresholds {
  readonly healthy: number;
  readonly warning: number;
  readonly direction: MetricDirection;
}

/** The counts a metric was computed from, so a reader can check the arithmetic. */
export type MetricInputs = Readonly<Record<string, number | string | null>>;

/** One computed PO-effectiveness metric. */
export interface MetricResult<Inputs extends MetricInputs = MetricInputs> {
  readonly id: MetricId;
  readonly title: string;
  /** In percent (0–100, may exceed 100 for rates of change and defects) or a 1–5 score; `null` without data. */
  readonly value: number | null;
  readonly unit: 'percent' | 'score';
  readonly band: MetricBand;
  readonly thresholds: MetricThresholds;
  readonly inputs: Inputs;
  /** One line a PO can read, e.g. "3 of 4 sprints met their goal (75%) — watch: healthy is above 80%." */
  readonly explanation: string;
}

/** Bands a value against strict thresholds; `null` is `no-data`. */
export function bandFor(value: number | null, thresholds: MetricThresholds): MetricBand {
  if (value === null) return 'no-data';
  if (thresholds.direction === 'higher-is-better') {
    if (value > thresholds.healthy) return 'healthy';
    if (value < thresholds.warning) return 'warning';
    return 'watch';
  }
  if (value < thresholds.healthy) return 'healthy';
  if (value > thresholds.warning) return 'warning';
  return 'watch';
}

/**
 * Removes floating-point noise (e.g. 28.999999999999996) so that a value that is arithmetically equal to
 * a threshold is banded as equal to it.
 */
export function cleanNumber(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

/** `part / whole` in percent, or `null` when `whole` is 0. */
export function percent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  const value = (part * 100) / whole;
  // A vanishingly small whole (an estimate of 5e-324 points) overflows: no rate can be stated from it.
  return Number.isFinite(value) ? cleanNumber(value) : null;
}

/**
 * Formats a value with at most one decimal, adding decimals when rounding would make it look equal to a
 * threshold it is not equal to (so "60%" never labels a 59.96% warning).
 */
export function formatValue(value: number, thresholds: MetricThresholds, unit: 'percent' | 'score'): string {
  const limits = [thresholds.healthy, thresholds.warning];
  for (let digits = 1; digits <= 4; digits++) {
    const shown = Number(value.toFixed(digits));
    if (!limits.some((limit) => shown === limit && value !== limit)) {
      // Scores keep their decimal ("4.0") so they read like the 1–5 scale; percentages drop a trailing ".0".
      return unit === 'score' ? value.toFixed(digits) : String(shown);
    }
  }
  return String(value);
}

function withUnit(text: string, unit: 'percent' | 'score'): string {
  return unit === 'percent' ? `${text}%` : text;
}

/** The band clause of an explanation, e.g. "watch: healthy is above 80%". */
export function bandClause(
  band: Exclude<MetricBand, 'no-data'>,
  thresholds: MetricThresholds,
  unit: 'percent' | 'score',
): string {
  const better = thresholds.direction === 'higher-is-better' ? 'above' : 'below';
  const worse = thresholds.direction === 'higher-is-better' ? 'below' : 'above';
  const healthy = withUnit(formatThreshold(thresholds.healthy, unit), unit);
  const warning = withUnit(formatThreshold(thresholds.warning, unit), unit);
  switch (band) {
    case 'healthy':
      return `healthy: ${better} ${healthy}`;
    case 'watch':
      return `watch: healthy is ${better} ${healthy}`;
    case 'warning':
      return `warning: ${worse} ${warning}, healthy is ${better} ${healthy}`;
  }
}

function formatThreshold(limit: number, unit: 'percent' | 'score'): string {
  return unit === 'score' ? limit.toFixed(1) : String(limit);
}

/** Assembles a metric result, banding the value and finishing the explanation with the band clause. */
export function buildResult<Inputs extends MetricInputs>(spec: {
  id: MetricId;
  title: string;
  unit: 'percent' | 'score';
  thresholds: MetricThresholds;
  value: number | null;
  inputs: Inputs;
  /** Receives the formatted value (with its unit) and returns the first part of the explanation. */
  describe: (shown: string) => string;
  noData: string;
}): MetricResult<Inputs> {
  const band = bandFor(spec.value, spec.thresholds);
  const explanation =
    spec.value === null || band === 'no-data'
      ? spec.noData
      : `${spec.describe(withUnit(formatValue(spec.value, spec.thresholds, spec.unit), spec.unit))} — ${bandClause(band, spec.thresholds, spec.unit)}.`;
  return {
    id: spec.id,
    title: spec.title,
    value: spec.value,
    unit: spec.unit,
    band,
    thresholds: spec.thresholds,
    inputs: spec.inputs,
    explanation,
  };
}
