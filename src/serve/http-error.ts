/** Why a request failed, as the `kind` label of the errors metric and the `error.kind` field of the reply. */
export type ErrorKind =
  | 'bad_image'
  | 'bad_request'
  | 'not_found'
  | 'too_large'
  | 'unsupported_media_type'
  | 'attention_disabled'
  | 'faces_unavailable'
  | 'queue_full'
  | 'not_ready'
  | 'timeout'
  | 'client_closed'
  | 'internal';

/**
 * A request the server refuses or cannot finish, with the status and the headers (Retry-After) it is answered
 * with. The message is sent to the client as is, so it says what was expected and what was found.
 */
export class HttpError extends Error {
  override name = 'HttpError';

  constructor(
    readonly statusCode: number,
    readonly kind: ErrorKind,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** The JSON body of every error reply. */
export function errorBody(kind: ErrorKind, message: string): { error: { kind: ErrorKind; message: string } } {
  return { error: { kind, message } };
}
