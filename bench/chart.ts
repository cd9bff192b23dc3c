/**
 * The scaling figures of `npm run bench` as a chart (bench/scaling.svg, beside
 * RESULTS.md): median synth time against N, a line per case and checks, on
 * log scales so that linear growth reads as a straight line of slope 1.
 */
import { CASE_LABELS, CaseResult, CHECKS_LABELS } from './scaling.bench';

// Vega and Vega-Lite are ES modules; a CommonJS script loads them with import().
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<any>;

export async function scalingChart(results: CaseResult[]): Promise<string> {
  const vega = await importModule('vega');
  const vegaLite = await importModule('vega-lite');
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Synth time against the number of constructs',
    width: 520,
    height: 320,
    data: {
      values: results.map((r) => ({ kind: CASE_LABELS[r.name], checks: CHECKS_LABELS[r.checks], n: r.n, seconds: r.medianMs / 1000 })),
    },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'n', type: 'quantitative', scale: { type: 'log' }, title: 'N (constructs)' },
      y: { field: 'seconds', type: 'quantitative', scale: { type: 'log' }, title: 'median synth (s)' },
      color: { field: 'kind', type: 'nominal', title: 'Case', legend: { orient: 'bottom', columns: 1 } },
      strokeDash: { field: 'checks', type: 'nominal', title: 'Checks', legend: { orient: 'bottom', columns: 1 } },
    },
  };
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  return view.toSVG();
}
