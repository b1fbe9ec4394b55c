import { Rejection } from './rejection.ts';

/** One field the normaliser could not use: its path without list positions, and why. */
export interface QualityIssue {
  /** "yearOfBirth", "biometricInfo.qualityScore", "newProfile.location". */
  field: string;
  /** One of rejection.ts's issueCodes. */
  issue: string;
}

/** A record keeps at most this many issues: a profile broken everywhere still makes a small record. */
const maxIssues = 32;

/** "biometricInfo[2].qualityScore" -> "biometricInfo.qualityScore": countable per field. */
export const issueField = (path: string): string => path.replace(/\[\d+\]/g, '') || '(profile)';

/**
 * The data-quality issues of one profile as it is read. A reader that rejects a value costs that field
 * (null), not the record: `read` records the issue and goes on.
 */
export class QualityLog {
  readonly issues: QualityIssue[] = [];
  private readonly seen = new Set<string>();

  /** What `reader` returns, or null (and the issue) when it rejects the value. */
  read<T>(reader: () => T): T | null {
    try {
      return reader();
    } catch (error) {
      if (!(error instanceof Rejection)) throw error;
      this.add(error.path, error.code);
      return null;
    }
  }

  add(path: string, issue: string): void {
    const field = issueField(path);
    const key = `${field}:${issue}`;
    if (this.seen.has(key) || this.issues.length >= maxIssues) return;
    this.seen.add(key);
    this.issues.push({ field, issue });
  }
}
