import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { panels } from './panels.ts';
import { filledRows, nesting, panelRows, panelSearch, termsOrder } from './query.ts';
import type { Panel } from './types.ts';

const panel = (id: string): Panel => {
  const found = panels.find((p) => p.id === id);
  if (!found) throw new Error(`no panel ${id}`);
  return found;
};

describe('panelSearch', () => {
  it('nests the split inside a terms x, orders by count, no hits', () => {
    assert.deepEqual(panelSearch(panel('ida-success-by-partner')), {
      size: 0,
      track_total_hits: true,
      aggs: {
        x: {
          terms: { field: 'partnerName', size: 12, min_doc_count: 1, order: { _count: 'desc' } },
          aggs: {
            split: { terms: { field: 'success', size: 2, min_doc_count: 1, order: { _count: 'desc' } } },
          },
        },
      },
    });
  });

  it('nests a split over time outside the date histogram (top values over the whole range, as Lens)', () => {
    const p = panel('ida-error-codes-over-time');
    assert.deepEqual(nesting(p), [1, 0]);
    const body = panelSearch(p);
    const split = body.aggs?.split as {
      terms: { field: string; size: number };
      aggs: Record<string, unknown>;
    };
    assert.equal(split.terms.field, 'errorCodes');
    assert.equal(split.terms.size, 5);
    assert.deepEqual(split.aggs.x, {
      date_histogram: { field: '@timestamp', calendar_interval: 'month', min_doc_count: 0, time_zone: 'UTC' },
    });
  });

  it("orders terms by the panel's metric, and carries the filter and every metric", () => {
    const byDevice = panelSearch(panel('regprc-finger-quality-by-device'));
    assert.deepEqual(byDevice.query, { term: { processStage: 'PacketReceiverStage' } });
    assert.deepEqual(byDevice.aggs?.x, {
      terms: { field: 'biometrics.finger.device', size: 10, min_doc_count: 1, order: { m0: 'desc' } },
      aggs: { m0: { avg: { field: 'biometrics.finger.qualityMean' } } },
    });
    const overTime = panelSearch(panel('ida-iris-quality-over-time'));
    assert.deepEqual((overTime.aggs?.x as { aggs: unknown } | undefined)?.aggs, {
      m0: { avg: { field: 'biometrics.iris.qualityMean' } },
      m1: { min: { field: 'biometrics.iris.qualityMin' } },
    });
    assert.deepEqual(panelSearch(panel('ida-total')), { size: 0, track_total_hits: true });
  });

  it('orders an outer terms bucket by key when the metric is not a count', () => {
    const p: Panel = {
      ...panel('regprc-processing-time-by-stage'),
      buckets: [
        ...panel('regprc-processing-time-by-stage').buckets,
        panel('regprc-records-by-stage').buckets[1]!,
      ],
    };
    assert.deepEqual(termsOrder(p, 0), { by: 'key' });
    assert.deepEqual(termsOrder(p, 1), { by: 'metric' });
  });
});

describe('panelRows', () => {
  it('flattens (x, split) buckets with value labels, keeps an x bucket without splits', () => {
    const data = panelRows(panel('ida-success-by-partner'), {
      hits: { total: { value: 12 } },
      aggregations: {
        x: {
          buckets: [
            {
              key: 'CNSS',
              doc_count: 10,
              split: {
                buckets: [
                  { key: 1, key_as_string: 'true', doc_count: 9 },
                  { key: 0, key_as_string: 'false', doc_count: 1 },
                ],
              },
            },
            { key: 'inwi', doc_count: 2, split: { buckets: [] } },
          ],
        },
      },
    });
    assert.equal(data.total, 12);
    assert.deepEqual(
      data.rows.map((r) => [r.x?.label, r.split?.label ?? null, r.count, r.values]),
      [
        ['CNSS', 'success', 9, [9]],
        ['CNSS', 'failure', 1, [1]],
        ['inwi', null, 0, [null]],
      ],
    );
    assert.equal(filledRows(data).length, 2);
  });

  it('labels months and sorts rows of a split over time by time', () => {
    const jan = Date.UTC(2026, 0, 1);
    const feb = Date.UTC(2026, 1, 1);
    const data = panelRows(panel('ida-success-over-time'), {
      hits: { total: 3 },
      aggregations: {
        split: {
          buckets: [
            {
              key: 1,
              key_as_string: 'true',
              doc_count: 2,
              x: {
                buckets: [
                  { key: jan, doc_count: 1 },
                  { key: feb, doc_count: 1 },
                ],
              },
            },
            { key: 0, key_as_string: 'false', doc_count: 1, x: { buckets: [{ key: feb, doc_count: 1 }] } },
          ],
        },
      },
    });
    assert.deepEqual(
      data.rows.map((r) => [r.x?.key, r.x?.label, r.split?.label]),
      [
        ['2026-01-01', '2026-01', 'success'],
        ['2026-02-01', '2026-02', 'success'],
        ['2026-02-01', '2026-02', 'failure'],
      ],
    );
  });

  it('reads metric values, null for a bucket without the field', () => {
    const data = panelRows(panel('ida-face-quality-over-time'), {
      hits: { total: 5 },
      aggregations: {
        x: {
          buckets: [
            { key: Date.UTC(2026, 0, 1), doc_count: 3, m0: { value: 71.5 }, m1: { value: 40 } },
            { key: Date.UTC(2026, 1, 1), doc_count: 2, m0: { value: null }, m1: { value: null } },
          ],
        },
      },
    });
    assert.deepEqual(
      data.rows.map((r) => r.values),
      [
        [71.5, 40],
        [null, null],
      ],
    );
    assert.equal(filledRows(data).length, 1);
    const total = panelRows(panel('regprc-processing-time'), {
      hits: { total: { value: 4 } },
      aggregations: { m0: { value: 12.5 } },
    });
    assert.deepEqual(total.rows, [{ x: null, split: null, count: 4, values: [12.5] }]);
  });
});
