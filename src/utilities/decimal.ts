/**
 * `price * seats` for a decimal string as PostgreSQL prints a numeric ("12.50"), exactly: floats
 * would turn 0.1 * 3 into 0.30000000000000004 and break the `total = unit * seats` CHECK.
 */
export const multiplyDecimal = (decimal: string, factor: number): string => {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal)
  if (!match || !Number.isInteger(factor)) throw new Error(`not a decimal: ${decimal}`)
  const [, sign = '', whole = '0', fraction = ''] = match
  const product = (BigInt(whole + fraction) * BigInt(factor))
    .toString()
    .padStart(fraction.length + 1, '0')
  const cut = product.length - fraction.length
  return `${sign}${product.slice(0, cut)}${fraction ? `.${product.slice(cut)}` : ''}`
}
