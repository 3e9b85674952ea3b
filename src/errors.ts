// Errors that carry an HTTP status and a stable code, so every stage fails with its own clear message.
export class VanbanError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 413 | 415 | 422 | 500 | 503,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'VanbanError';
  }
}

export const badRequest = (code: string, message: string) => new VanbanError(400, code, message);
export const notFound = (message: string) => new VanbanError(404, 'not_found', message);
export const tooLarge = (message: string) => new VanbanError(413, 'too_large', message);
export const unsupported = (code: string, message: string) => new VanbanError(415, code, message);
export const unprocessable = (code: string, message: string) => new VanbanError(422, code, message);
