/** An expected failure whose message is safe and useful to show to the person who caused it. */
export class UserError extends Error {
  override readonly name = 'UserError';
  /** A stable identifier, so adapters and tests can tell failures apart without parsing text. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}
