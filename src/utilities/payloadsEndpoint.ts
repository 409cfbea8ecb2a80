/** Endpoints that stand in front of Payload's own (their matching: src/utilities/payloadInternals.ts). */
export { IN_FRONT_OF_PAYLOAD, payloadsHandler } from './payloadInternals'

export const notFoundResponse = (): Response =>
  Response.json({ errors: [{ message: 'Not Found' }] }, { status: 404 })
