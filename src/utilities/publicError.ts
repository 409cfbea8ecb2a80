import { APIError } from 'payload'

/**
 * An APIError whose message always reaches the client. In the production build `instanceof
 * APIError` fails inside Payload's error formatter (payload is bundled into more than one chunk),
 * which then falls back to `error.name`; minification empties the class name, and the message
 * becomes "An unknown error occurred.". A fixed name keeps the message (dev also keeps `data`).
 */
export class PublicError extends APIError {
  override name = 'APIError'

  constructor(message: string, status: number, data?: Record<string, unknown>) {
    super(message, status, data ?? null, true)
  }
}
