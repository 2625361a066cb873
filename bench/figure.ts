// One measured figure of `npm run bench` as out/bench.json holds it: the value and its unit,
// and where it is compared with something measured in the same run, that baseline and the ratio.
export interface Figure { value: number, unit: string, baseline?: number, ratio?: number }

/** A figure rounded for the report (one decimal unless told). */
export const round = (value: number, places = 1): number => Number(value.toFixed(places))
