import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authenticationSample } from '../fixtures/sample-profiles.ts';
import { authenticationFacts, authMethodOf } from './auth-factors.ts';

describe('authentication factors', () => {
  it('methods of factors', () => {
    assert.equal(authMethodOf('FINGER'), 'biometric');
    assert.equal(authMethodOf('FACE'), 'biometric');
    assert.equal(authMethodOf('OTP'), 'otp');
    assert.equal(authMethodOf('EMAIL_OTP'), 'otp');
    assert.equal(authMethodOf('DEMO'), 'demo');
    assert.equal(authMethodOf('PIN'), 'pin');
    assert.equal(authMethodOf('KBA'), 'other');
  });

  it('no factors: none', () => {
    const { profile } = authenticationSample();
    assert.deepEqual(authenticationFacts({ ...profile, authFactors: null }), {
      factorCount: 0,
      authMethods: [],
      authType: 'none',
      biometricAuth: false,
    });
    assert.equal(authenticationFacts({ ...profile, authFactors: ['DEMO', 'OTP'] }).authType, 'demo + otp');
  });
});
