import { APIError } from 'payload'

/**
 * An APIError whose message (and `data`) always reach the client, also from the production build
 * (see src/platform/requests/formatClientErrors.ts), logged at `info` (the plugin's `loggingLevels`): a refusal
 * the client caused, not a server fault.
 */
export class PublicError extends APIError {
  override name = 'PublicError'

  constructor(message: string, status: number, data?: Record<string, unknown>) {
    super(message, status, data ?? null, true)
  }
}
