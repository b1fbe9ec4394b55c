import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { PipelineMetrics } from '../../src/operations/metrics/metrics.ts';
import {
  allPanels,
  grafanaDir,
  loadAlertRules,
  loadDashboard,
  metricNames,
  panelQueries,
  prometheusSeries,
  rulesFile,
  rulesTestFile,
  variablesOf,
} from './support/promql.ts';

// No services: promtool checks the rules, and the dashboard and rules are read against the metrics the
// pipeline registers. prometheus.test.ts evaluates them all on a real Prometheus scraping a real pipeline.

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const noPromtool = promtool.error
  ? 'promtool is not installed (apt-get install -y prometheus; .ci/run installs it)'
  : false;

test('promtool check rules accepts the alert rules', { skip: noPromtool, timeout: 60_000 }, () => {
  const run = spawnSync('promtool', ['check', 'rules', rulesFile], { encoding: 'utf8' });
  assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
  assert.match(run.stdout, new RegExp(`SUCCESS: ${loadAlertRules().length} rules found`));
});

test('promtool test rules: each alert fires on its synthetic series, and stays silent on the healthy ones', {
  skip: noPromtool,
  timeout: 60_000,
}, () => {
  const run = spawnSync('promtool', ['test', 'rules', rulesTestFile], { encoding: 'utf8' });
  assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
  const tested = new Set(
    [...readFileSync(rulesTestFile, 'utf8').matchAll(/alertname: (\w+)/g)].map((m) => m[1] as string),
  );
  assert.deepEqual(
    loadAlertRules()
      .map((r) => r.alert)
      .filter((a) => !tested.has(a)),
    [],
    'every alert has a unit test',
  );
});

/** The series names the pipeline exports (histograms as _bucket, _sum and _count). */
function exportedSeries(): Set<string> {
  const metrics = new PipelineMetrics();
  metrics.sinkObserver();
  const names = new Set<string>();
  for (const m of metrics.registry.getMetricsAsArray()) {
    if (String(m.type) === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(m.name + s);
    else names.add(m.name);
  }
  return names;
}

test('every metric the dashboard and the rules name is exported by the pipeline (or added by Prometheus)', () => {
  const exported = exportedSeries();
  const exists = (n: string) => exported.has(n) || prometheusSeries.has(n);
  for (const q of panelQueries(loadDashboard())) {
    const names = metricNames(q.expr);
    assert.ok(names.length > 0, `${q.panel}/${q.refId}: no metric in ${q.expr}`);
    for (const n of names) assert.ok(exists(n), `${q.panel}/${q.refId}: no metric ${n} (${q.expr})`);
  }
  for (const r of loadAlertRules()) {
    for (const n of metricNames(r.expr)) assert.ok(exists(n), `${r.alert}: no metric ${n} (${r.expr})`);
  }
  // The other way round: each of the pipeline's own metrics (not Node's defaults) is on the dashboard.
  const used = new Set(panelQueries(loadDashboard()).flatMap((q) => metricNames(q.expr)));
  const base = (n: string) => n.replace(/_(bucket|sum|count)$/, '');
  const usedBase = new Set([...used].map(base));
  const missing = [...exported]
    .filter((n) => !/^profile_cdc_(process|nodejs)_/.test(n))
    .filter((n) => !used.has(n) && !usedBase.has(base(n)));
  assert.deepEqual(missing, [], 'pipeline metrics with no panel');
});

test('the dashboard: unique ids, panels inside 24 columns without overlap, defined variables, one datasource', () => {
  const dashboard = loadDashboard();
  assert.equal(dashboard.uid, 'profile-cdc');
  assert.ok(dashboard.schemaVersion >= 36, 'Grafana 10/11 schema');
  const panels = allPanels(dashboard);
  const ids = panels.map((p) => p.id);
  assert.equal(new Set(ids).size, ids.length, 'panel ids are unique');
  const cells = new Map<string, string>();
  for (const p of panels) {
    const { x, y, w, h } = p.gridPos;
    assert.ok(x >= 0 && w > 0 && x + w <= 24 && h > 0, `${p.title}: inside the grid`);
    for (let i = x; i < x + w; i++) {
      for (let j = y; j < y + h; j++) {
        const other = cells.get(`${i},${j}`);
        assert.equal(other, undefined, `${p.title} overlaps ${other}`);
        cells.set(`${i},${j}`, p.title);
      }
    }
    if (p.type === 'row') continue;
    assert.ok((p.targets ?? []).length > 0, `${p.title}: has queries`);
    // The dashboard's "Data source" variable, a Grafana placeholder (not a template string).
    const uid = ['$', '{datasource}'].join('');
    assert.deepEqual(p.datasource, { type: 'prometheus', uid }, `${p.title}: datasource`);
  }
  const variables = dashboard.templating.list.map((v) => v.name);
  assert.deepEqual(variables, ['datasource', 'connector', 'index']);
  const builtIn = new Set(['__rate_interval', '__interval', '__range']);
  for (const q of panelQueries(dashboard)) {
    for (const v of variablesOf(q.expr)) {
      assert.ok(variables.includes(v) || builtIn.has(v), `${q.panel}: unknown variable $${v}`);
    }
  }
  for (const v of dashboard.templating.list.filter((v) => v.type === 'query')) {
    assert.equal(v.allValue, '.+', `${v.name}: "All" matches only series with the label`);
  }
});

test('provisioning: the datasource uid is the dashboard default, and the dashboards provider reads files', () => {
  const datasources = parse(
    readFileSync(resolve(grafanaDir, 'provisioning/datasources/prometheus.yaml'), 'utf8'),
  ) as { apiVersion: number; datasources: { uid: string; type: string; url: string }[] };
  assert.equal(datasources.apiVersion, 1);
  const [prometheus] = datasources.datasources;
  assert.equal(prometheus?.type, 'prometheus');
  const variable = loadDashboard().templating.list.find((v) => v.name === 'datasource') as unknown as {
    current: { value: string };
  };
  assert.equal(variable.current.value, prometheus?.uid);
  const dashboards = parse(
    readFileSync(resolve(grafanaDir, 'provisioning/dashboards/profile-cdc.yaml'), 'utf8'),
  ) as { apiVersion: number; providers: { type: string; options: { path: string } }[] };
  assert.equal(dashboards.apiVersion, 1);
  assert.equal(dashboards.providers[0]?.type, 'file');
  assert.ok(dashboards.providers[0]?.options.path.startsWith('/'), 'an absolute path');
});

test('each alert rule has a severity, a summary and a description naming its labels', () => {
  for (const r of loadAlertRules()) {
    assert.match(r.alert, /^ProfileCdc[A-Z]\w+$/);
    assert.ok(['critical', 'warning', 'info'].includes(r.labels?.severity ?? ''), `${r.alert}: severity`);
    assert.ok(r.annotations?.summary, `${r.alert}: summary`);
    assert.ok(r.annotations?.description, `${r.alert}: description`);
    assert.match(
      `${r.annotations?.summary} ${r.annotations?.description}`,
      /\{\{ ?(\$labels\.\w+|with \$labels\.\w+) ?\}\}/,
      `${r.alert}: names what it is about`,
    );
  }
});
