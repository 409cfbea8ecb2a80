/** `payload-events-cms/tickets`: ticket codes as printed, scanned and stored. */
export { READABLE_ALPHABET, readableCode } from '../utilities/readableCode'
export {
  normalizeTicketCode,
  ticketCode,
  ticketCodeHash,
  ticketCodeKey,
  ticketCodeKeyFrom,
} from '../tickets/ticketCodes'
