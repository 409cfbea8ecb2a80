/**
 * Money between our exact decimals ("12.50", as PostgreSQL prints a numeric) and a provider's
 * whole minor units (1250), in one place. The digits are those of the card networks as Stripe
 * documents them ("zero-decimal" and "three-decimal" currencies); every other currency, ISK, UGX
 * and HUF included, travels with two decimals (Stripe wants their amounts as two-decimal values).
 */
const ZERO_DECIMAL = new Set(
  'BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF VND VUV XAF XOF XPF'.split(' '),
)
const THREE_DECIMAL = new Set('BHD JOD KWD OMR TND'.split(' '))

/** How many decimals a currency's minor unit has for a payment provider (JPY 0, EUR 2, KWD 3). */
export const currencyDigits = (currency: string): number =>
  ZERO_DECIMAL.has(currency) ? 0 : THREE_DECIMAL.has(currency) ? 3 : 2

const DECIMAL = /^(\d+)(?:\.(\d+))?$/

/**
 * "12.50" EUR -> 1250, "1500" JPY -> 1500, "1.234" KWD -> 1234. An amount with more decimals than
 * the currency has (a cent of yen) is refused: no provider can charge it exactly.
 */
export const toMinorUnits = (amount: string, currency: string): number => {
  const match = DECIMAL.exec(amount)
  if (!match) throw new Error(`not an amount: ${amount}`)
  const digits = currencyDigits(currency)
  const [, whole = '0', fraction = ''] = match
  const extra = fraction.slice(digits)
  if (/[1-9]/.test(extra)) {
    throw new Error(`${amount} ${currency} has more than ${digits} decimals`)
  }
  const units = BigInt(whole + fraction.slice(0, digits).padEnd(digits, '0'))
  if (units > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`amount too large: ${amount}`)
  return Number(units)
}

/** 1250 EUR -> "12.50", 1500 JPY -> "1500", 1234 KWD -> "1.234". */
export const fromMinorUnits = (units: number, currency: string): string => {
  if (!Number.isSafeInteger(units) || units < 0) throw new Error(`not minor units: ${units}`)
  const digits = currencyDigits(currency)
  if (digits === 0) return String(units)
  const text = String(units).padStart(digits + 1, '0')
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`
}

/** Two decimal amounts are the same money ("12.5" and "12.50"). */
export const sameAmount = (a: string, b: string, currency: string): boolean => {
  try {
    return toMinorUnits(a, currency) === toMinorUnits(b, currency)
  } catch {
    return false
  }
}
