import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exitCode, formatChecks, pass, problem } from './check.ts';

test('the report shows each check, the fix under a problem, the counts; only a failure fails', () => {
  const ok = pass('postgresql', 'prereg', 'wal_level', 'logical');
  const warn = problem('warn', 'kafka', 'topic x', 'exists', 'missing', 'start the pipeline');
  const fail = problem('fail', 'elasticsearch', 'mosip-prereg', 'alias', 'on v2', 'profile-cdc reindex');
  const text = formatChecks([ok, warn, fail]);
  assert.match(text, /^PASS {2}postgresql {6}prereg {9}wal_level: logical$/m);
  assert.match(text, /^FAIL .* alias: on v2\n {6}fix: profile-cdc reindex$/m);
  assert.match(text, /1 passed, 1 warnings, 1 failed\n$/);
  assert.equal(exitCode([ok, warn]), 0);
  assert.equal(exitCode([ok, fail]), 1);
});
