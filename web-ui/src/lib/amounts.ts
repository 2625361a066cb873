// Prices as people type and read them, and as the chain keeps them: decimal ETH (or token
// units) ↔ integer wei. Plain bigint arithmetic on checked text, so "1e3", "-1" or "0.1.2"
// are a clear sentence rather than a surprising number (and no viem on these pages).

export class InvalidAmountError extends Error {
  override name = 'InvalidAmountError'
}

/** 1500000000000000000n, 18 → "1.5"; no trailing zeros, no exponent. */
export function formatUnits (amount: bigint, decimals: number): string {
  const negative = amount < 0n
  const digits = (negative ? -amount : amount).toString().padStart(decimals + 1, '0')
  const whole = digits.slice(0, digits.length - decimals)
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '')
  return `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`
}

/** "1.5", 18 → 1500000000000000000n, for text already checked to be digits with one optional point. */
function parseUnits (text: string, decimals: number): bigint {
  const [whole = '', fraction = ''] = text.split('.')
  return BigInt(`${whole === '' ? '0' : whole}${fraction.padEnd(decimals, '0')}`)
}

/** "1.5" → 1500000000000000000n for 18 decimals. Refuses empty, zero, negative and over-precise text. */
export function parseAmount (text: string, decimals = 18, currency = 'ETH'): bigint {
  const trimmed = text.trim().replace(/,/g, '.')
  if (trimmed === '') throw new InvalidAmountError(`Enter a price in ${currency}.`)
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(trimmed)) throw new InvalidAmountError(`"${text}" is not a price: use digits and at most one decimal point, like 0.01.`)
  const fraction = trimmed.split('.')[1] ?? ''
  if (fraction.length > decimals) throw new InvalidAmountError(`${currency} has at most ${decimals} decimal places.`)
  const amount = parseUnits(trimmed, decimals)
  if (amount <= 0n) throw new InvalidAmountError('The price must be more than zero.')
  return amount
}

/** 1500000000000000000n → "1.5 ETH"; a decimal string of wei is fine too. */
export function formatAmount (amount: bigint | string, decimals = 18, currency = 'ETH'): string {
  return `${formatUnits(BigInt(amount), decimals)} ${currency}`
}

/** "12.5" (percent) → 1250 basis points; 0–100 with at most two decimals. */
export function parseCommissionPercent (text: string): number {
  const trimmed = text.trim().replace(/,/g, '.')
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(trimmed)) throw new InvalidAmountError('Enter the commission as a percentage from 0 to 100, like 10 or 2.5.')
  const basisPoints = Math.round(Number(trimmed) * 100)
  if (basisPoints > 10_000) throw new InvalidAmountError('The commission cannot be more than 100%.')
  return basisPoints
}

/** 1250 → "12.5%". */
export function formatBasisPoints (basisPoints: number): string {
  return `${(basisPoints / 100).toString()}%`
}

/** What the promoter gets of `amount`, rounded down as the contract does. */
export function promoterShare (amount: bigint, commissionBps: number): bigint {
  return amount * BigInt(commissionBps) / 10_000n
}

/** Delivery window in whole hours (1 to 720, the contract's 30 days) → seconds. */
export function parseDeliveryHours (text: string): number {
  const trimmed = text.trim()
  if (!/^\d{1,3}$/.test(trimmed) || Number(trimmed) < 1 || Number(trimmed) > 720) {
    throw new InvalidAmountError('The delivery window is a whole number of hours from 1 to 720 (30 days).')
  }
  return Number(trimmed) * 3600
}

/** Per-currency totals ({ETH: "123"}) as one line: "0.1 ETH · 5 USDC"; decimals per currency default to 18. */
export function formatTotals (totals: Record<string, string>, decimalsOf: (currency: string) => number = () => 18): string {
  const entries = Object.entries(totals)
  if (entries.length === 0) return '0 ETH'
  return entries.map(([currency, amount]) => formatAmount(amount, decimalsOf(currency), currency)).join(' · ')
}
