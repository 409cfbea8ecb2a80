import { type CollectionBeforeChangeHook } from 'payload'

import { isEmail } from '../../src/fields/validators'
import { settingsOf } from '../../src/settings'
import { PublicError } from '../../src/utilities/publicError'
import { isRecord } from '../../src/utilities/sqlValues'

type FormField = {
  blockType: string
  label?: null | string
  name?: null | string
  required?: boolean | null
}
type Submitted = { field: string; value?: unknown }

const isSubmittedEntry = (entry: unknown): entry is Submitted =>
  isRecord(entry) && typeof entry.field === 'string'

/**
 * The form builder stores whatever is posted. This checks a new submission against its form:
 * every required field present, emails well-formed, no unknown fields, with one 400 naming them.
 */
export const validateSubmissionBeforeChange: CollectionBeforeChangeHook = async ({
  data,
  operation,
  req,
}) => {
  if (operation !== 'create') return data
  const form = (await req.payload
    .findByID({
      id: data.form as number | string,
      collection: settingsOf(req.payload).slugs.forms,
      depth: 0,
      req,
    })
    .catch(() => undefined)) as { fields?: unknown[] | null } | undefined
  if (!form) throw new PublicError('Unknown form.', 400, { field: 'form' })

  const fields = ((form.fields ?? []) as FormField[]).filter((field) => field.name)
  const entries: unknown = data.submissionData ?? []
  if (!Array.isArray(entries) || !entries.every(isSubmittedEntry)) {
    throw new PublicError(
      'submissionData must be a list of {"field": "<name>", "value": "<text>"} entries.',
      400,
      { field: 'submissionData' },
    )
  }
  const submitted = new Map(entries.map((entry) => [entry.field, entry.value]))
  const problems: string[] = []
  for (const name of submitted.keys()) {
    if (!fields.some((field) => field.name === name))
      problems.push(`"${name}" is not a field of this form`)
  }
  for (const field of fields) {
    const value = submitted.get(field.name ?? '')
    const label = field.label || field.name
    // Values are text (numbers and checkboxes arrive as such too); an array or object would be
    // stored as "[object Object]" or pass the email check as "a@b.c,x".
    if (
      value !== undefined &&
      value !== null &&
      !['boolean', 'number', 'string'].includes(typeof value)
    ) {
      problems.push(`${label} must be text, not ${Array.isArray(value) ? 'a list' : typeof value}`)
      continue
    }
    const empty = value === undefined || value === null || String(value).trim() === ''
    if (field.required && empty) problems.push(`${label} is required`)
    else if (field.blockType === 'email' && !empty && !isEmail(String(value))) {
      problems.push(`${label} must be an email address`)
    }
  }
  if (problems.length > 0) {
    throw new PublicError(`The submission is invalid: ${problems.join('; ')}.`, 400, { problems })
  }
  return data
}
