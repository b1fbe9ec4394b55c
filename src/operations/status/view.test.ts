import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePrometheusText } from './prometheus-text.ts';
import { connectorStatus, formatStatus } from './view.ts';

const metrics = parsePrometheusText(`
profile_cdc_source_streaming{connector="prereg"} 1
profile_cdc_source_streaming{connector="regprc"} 0
profile_cdc_source_streaming{connector="ida"} 0
profile_cdc_source_snapshot_running{connector="ida"} 1
profile_cdc_source_snapshot_rows_expected{connector="ida"} 200000
profile_cdc_source_snapshot_rows_done{connector="ida"} 50000
profile_cdc_source_snapshot_eta_seconds{connector="ida"} 30.2
profile_cdc_stalled{component="sink",connector="regprc"} 1
profile_cdc_source_lag_seconds{connector="prereg"} 4.2
profile_cdc_source_events_published_total{connector="prereg"} 12345
profile_cdc_source_dead_letters_total{connector="prereg",category="invalid-profile"} 2
profile_cdc_sink_dead_letters_total{connector="prereg",category="too-large"} 1
profile_cdc_field_issues_total{connector="prereg",field="yearOfBirth",issue="after the event"} 7
profile_cdc_sink_consumer_lag{topic="mosip.prereg.anonymous_profile",partition="0"} 9
`);
const direct = { slotLagBytes: 2048, walStatus: 'reserved', consumerLag: 3, documents: 12000 };
const topic = (name: string) => ({ name, topic: `mosip.${name}.anonymous_profile` });

test('status line of a connector: state from the metrics, lags and documents from the services', () => {
  const process = { samples: metrics, ready: { ok: true, reasons: [] } };
  assert.deepEqual(connectorStatus(topic('prereg'), process, direct), {
    connector: 'prereg',
    state: 'streaming',
    slotLag: '2.0 KiB',
    lastCommit: '4 s ago',
    published: '12,345',
    consumerLag: '3',
    documents: '12,000',
    deadLetters: '3',
    qualityIssues: '7',
  });
  assert.equal(connectorStatus(topic('ida'), process, direct).state, 'snapshot 25%, 31 s left');
  assert.equal(connectorStatus(topic('regprc'), process, direct).state, 'stalled');
  assert.equal(connectorStatus(topic('idrepo'), process, direct).state, 'sink only');
  const noKafka = { ...direct, consumerLag: null, walStatus: 'unreserved' };
  const prereg = connectorStatus(topic('prereg'), process, noKafka);
  assert.equal(prereg.consumerLag, '9', "the sink's own lag gauge when Kafka cannot be asked");
  assert.equal(prereg.slotLag, '2.0 KiB (unreserved)');
});

test('status without a running pipeline: the services alone, and the screen says so', () => {
  const row = connectorStatus(topic('prereg'), null, { ...direct, documents: null });
  assert.equal(row.state, 'not running');
  assert.equal(row.documents, '?');
  assert.equal(row.deadLetters, '-');
  const screen = formatStatus([row], null, ['http://127.0.0.1:9464'], new Date('2026-12-01T12:00:00Z'));
  assert.match(screen, /no pipeline answered at http:\/\/127.0.0.1:9464/);
  assert.match(screen, /^prereg\s+not running\s+2.0 KiB/m);
  const ready = { samples: metrics, ready: { ok: false, reasons: ['kafka unreachable'] } };
  assert.match(formatStatus([row], ready, ['x'], new Date()), /NOT READY[^\n]*\n {2}- kafka unreachable/);
});
