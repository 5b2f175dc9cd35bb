/** A refusal the fake answers with Google's error body (`{ error: { code, message, errors: [{ reason }], status } }`). */
export class FakeQueryError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly reason: string,
    message: string,
    readonly status = httpStatus === 404 ? 'NOT_FOUND' : httpStatus === 403 ? 'PERMISSION_DENIED' : 'INVALID_ARGUMENT',
  ) {
    super(message);
  }
}
