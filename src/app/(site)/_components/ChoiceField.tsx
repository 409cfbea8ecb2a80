type Choice = { label: string; value: number | string }

/**
 * A labelled select whose first choice is "none in particular" (the empty value): the listing's
 * filters and the waiting list's ticket type.
 */
export function ChoiceField({
  choices,
  label,
  name,
  none = 'Any',
  value = '',
}: {
  choices: Choice[]
  label: string
  name: string
  none?: string
  value?: string
}) {
  return (
    <label>
      {label}{' '}
      <select defaultValue={value} name={name}>
        <option value="">{none}</option>
        {choices.map((choice) => (
          <option key={choice.value} value={String(choice.value)}>
            {choice.label}
          </option>
        ))}
      </select>
    </label>
  )
}
