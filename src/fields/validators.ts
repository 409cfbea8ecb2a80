/** Field validators shared by several collections; messages name the field for clear 400s. */
export const wholeNumberAbove =
  (min: number, label: string) =>
  (value: null | number | undefined): string | true =>
    Number.isInteger(value) && (value ?? min) > min
      ? true
      : `${label} must be a whole number above ${min}.`

export const inRange =
  (min: number, max: number, label: string) =>
  (value: null | number | undefined): string | true =>
    value === null || value === undefined || (value >= min && value <= max)
      ? true
      : `${label} must be between ${min} and ${max}.`
