/** A failure that retrying cannot mend (a missing permission, a refused credential): only an operator can. */
export class FatalError extends Error {
  override name = 'FatalError';
}
