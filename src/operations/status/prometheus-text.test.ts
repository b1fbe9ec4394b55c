import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePrometheusText, sum } from './prometheus-text.ts';

test('parses prom-client output: labels with escapes, comments, +Inf, and sums by label', () => {
  const samples = parsePrometheusText(
    [
      '# HELP profile_cdc_source_events_published_total Records Kafka acknowledged.',
      '# TYPE profile_cdc_source_events_published_total counter',
      'profile_cdc_source_events_published_total{connector="prereg"} 120',
      'profile_cdc_source_events_published_total{connector="ida"} 7',
      'profile_cdc_field_issues_total{connector="prereg",field="yearOfBirth",issue="after the \\"event\\""} 3',
      'profile_cdc_field_issues_total{connector="prereg",field="gender",issue="unknown code"} 2',
      'profile_cdc_sink_bulk_duration_seconds_bucket{le="+Inf"} 5',
      'process_start_time_seconds 1764600000',
      'not a sample line',
    ].join('\n'),
  );
  assert.equal(samples.length, 6);
  assert.equal(sum(samples, 'profile_cdc_source_events_published_total'), 127);
  assert.equal(sum(samples, 'profile_cdc_field_issues_total', { connector: 'prereg' }), 5);
  assert.equal(samples[2]?.labels.issue, 'after the "event"');
  assert.equal(sum(samples, 'profile_cdc_sink_bulk_duration_seconds_bucket', { le: '+Inf' }), 5);
  assert.equal(sum(samples, 'missing'), 0);
});
