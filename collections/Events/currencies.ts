import type { TextField } from 'payload'

/** ISO 4217 codes this runtime knows (ICU's list), checked once at startup. */
const knownCurrencies = new Set<string>(Intl.supportedValuesOf('currency'))

export const validateCurrency = (value: null | string | undefined): string | true =>
  typeof value === 'string' && knownCurrencies.has(value)
    ? true
    : 'Currency must be an ISO 4217 code in capitals, e.g. EUR, USD, GBP.'

/** An exact price's ISO 4217 currency (events and services alike). */
export const currencyField: TextField = {
  name: 'currency',
  type: 'text',
  defaultValue: 'EUR',
  maxLength: 3,
  required: true,
  validate: validateCurrency,
}
