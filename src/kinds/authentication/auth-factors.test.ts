import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authenticationSample } from '../fixtures/sample-profiles.ts';
import { authenticationFacts, authMethodOf, factorClass } from './auth-factors.ts';

describe('authentication factors', () => {
  it('methods of factors', () => {
    assert.equal(authMethodOf('FINGER'), 'biometric');
    assert.equal(authMethodOf('FACE'), 'biometric');
    assert.equal(authMethodOf('OTP'), 'otp');
    assert.equal(authMethodOf('EMAIL_OTP'), 'otp');
    assert.equal(authMethodOf('DEMO'), 'demographic');
    assert.equal(authMethodOf('PIN'), 'pin');
    assert.equal(authMethodOf('KBA'), 'other');
  });

  it("the request-type codes ID authentication really writes, and its API docs' variants", () => {
    const expected: Record<string, [string, string | null]> = {
      'OTP-AUTH': ['otp', null],
      'OTP-REQUEST': ['otp', null],
      'DEMO-AUTH': ['demographic', null],
      'FINGER-AUTH': ['biometric', 'finger'],
      'FINGERPRINT-AUTH': ['biometric', 'finger'],
      'IRIS-AUTH': ['biometric', 'iris'],
      'FACE-AUTH': ['biometric', 'face'],
      'BIO-AUTH': ['biometric', 'unknown'],
      'PIN-AUTH': ['pin', null],
      'STATICPIN-STORE-REQUEST': ['pin', null],
      'EKYC-AUTH': ['ekyc', null],
      'KYC-AUTH': ['ekyc', null],
      FINGER: ['biometric', 'finger'],
      BIO: ['biometric', 'unknown'],
      SMS_OTP: ['otp', null],
      'KBA-AUTH': ['other', null],
    };
    for (const [code, [method, modality]] of Object.entries(expected))
      assert.deepEqual(factorClass(code), { method, modality }, code);
  });

  it('a fingerprint authentication as ID authentication writes it counts as biometric, with its modality', () => {
    const { profile } = authenticationSample();
    const facts = authenticationFacts({ ...profile, authFactors: ['FINGERPRINT-AUTH', 'OTP-AUTH'] });
    assert.deepEqual(facts, {
      factorCount: 2,
      authMethods: ['biometric', 'otp'],
      authModalities: ['finger'],
      authType: 'biometric + otp',
      biometricAuth: true,
    });
  });

  it('no factors: none', () => {
    const { profile } = authenticationSample();
    assert.deepEqual(authenticationFacts({ ...profile, authFactors: null }), {
      factorCount: 0,
      authMethods: [],
      authModalities: [],
      authType: 'none',
      biometricAuth: false,
    });
    assert.equal(
      authenticationFacts({ ...profile, authFactors: ['DEMO', 'OTP'] }).authType,
      'demographic + otp',
    );
  });
});
