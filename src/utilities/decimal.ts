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

/** The exact sum of decimal strings ("12.50" + "3.1" = "15.60"). */
export const sumDecimals = (decimals: readonly string[]): string => {
  const parsed = decimals.map((decimal) => {
    const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal)
    if (!match) throw new Error(`not a decimal: ${decimal}`)
    const [, sign = '', whole = '0', fraction = ''] = match
    return { fraction, sign, whole }
  })
  const scale = Math.max(0, ...parsed.map(({ fraction }) => fraction.length))
  const total = parsed.reduce((sum, { fraction, sign, whole }) => {
    const units = BigInt(whole + fraction.padEnd(scale, '0'))
    return sum + (sign ? -units : units)
  }, 0n)
  const negative = total < 0n
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0')
  const cut = digits.length - scale
  return `${negative ? '-' : ''}${digits.slice(0, cut)}${scale ? `.${digits.slice(cut)}` : ''}`
}
